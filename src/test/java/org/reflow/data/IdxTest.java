package org.reflow.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflow.store.ArrayFormatException;

class IdxTest {

  @TempDir Path dir;

  private static final byte[] VALUES = {0, 1, 2, (byte) 200, (byte) 255, 7};

  @Test
  void aPlainIdxFileReadsAsItsBigEndianShapeAndUnsignedBytes() throws IOException {
    Path file = IdxFiles.write(dir.resolve("x-idx3-ubyte"), IdxFiles.bytes(new int[] {1, 2, 3}, VALUES), false);
    Idx.Array a = Idx.read(file);
    assertArrayEquals(new int[] {1, 2, 3}, a.shape());
    assertArrayEquals(VALUES, a.values());
    assertEquals(1, a.count());
    assertEquals(6, a.itemSize());
    assertEquals(200, a.unsigned(3));
    assertEquals(255, a.unsigned(4));
  }

  @Test
  void aGzippedIdxFileReadsTheSameAsThePlainOne() throws IOException {
    // 256 items: sizes past one byte, so a little-endian reading would be caught
    byte[] values = new byte[256 * 3];
    for (int i = 0; i < values.length; i++) {
      values[i] = (byte) (i * 7);
    }
    byte[] bytes = IdxFiles.bytes(new int[] {256, 3}, values);
    Idx.Array plain = Idx.read(IdxFiles.write(dir.resolve("p"), bytes, false));
    Idx.Array gzipped = Idx.read(IdxFiles.write(dir.resolve("p.gz"), bytes, true));
    assertArrayEquals(new int[] {256, 3}, gzipped.shape());
    assertArrayEquals(values, gzipped.values());
    assertArrayEquals(plain.values(), gzipped.values());
  }

  @Test
  void aFileThatIsNotIdxIsRefusedNamingTheFileAndItsMagic() throws IOException {
    Path file = dir.resolve("notes.txt");
    Files.writeString(file, "hello world, not an idx file");
    ArrayFormatException e = assertThrows(ArrayFormatException.class, () -> Idx.read(file));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("magic 0x68656c6c"), e.getMessage());
  }

  @Test
  void aFileOfAnotherTypeThanUnsignedBytesIsRefused() throws IOException {
    byte[] bytes = IdxFiles.bytes(new int[] {1}, new byte[4]);
    bytes[2] = 0x0d; // float
    Path file = IdxFiles.write(dir.resolve("f"), bytes, false);
    ArrayFormatException e = assertThrows(ArrayFormatException.class, () -> Idx.read(file));
    assertTrue(e.getMessage().contains("IDX type 0x0d"), e.getMessage());
  }

  @Test
  void aFileCutShortSaysSoAndHowManyBytesItNeeds() throws IOException {
    byte[] bytes = IdxFiles.bytes(new int[] {2, 3}, VALUES);
    Path file = IdxFiles.write(dir.resolve("cut.gz"), Arrays.copyOf(bytes, bytes.length - 2), true);
    ArrayFormatException e = assertThrows(ArrayFormatException.class, () -> Idx.read(file));
    assertTrue(e.getMessage().contains("cut short") && e.getMessage().contains("6 bytes"), e.getMessage());
  }
}
