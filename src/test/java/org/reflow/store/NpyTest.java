package org.reflow.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {

  @TempDir Path dir;

  @Test
  void readsFloat32MatrixWrittenByNumpy() throws IOException {
    NpyArray a = Npy.read(Fixtures.path("f32_3x4.npy"));
    assertArrayEquals(new int[] {3, 4}, a.shape());
    assertArrayEquals(Fixtures.x(), a.data());
  }

  @Test
  void readsFloat64RoundedToNearestFloat() throws IOException {
    NpyArray a = Npy.read(Fixtures.path("f64_3x4.npy"));
    float[] expected = new float[12];
    for (int i = 0; i < 12; i++) {
      expected[i] = (float) ((double) Fixtures.x()[i] + 1.0 / 3);
    }
    assertArrayEquals(new int[] {3, 4}, a.shape());
    assertArrayEquals(expected, a.data());
  }

  @Test
  void readsOneDimensionalArray() throws IOException {
    NpyArray a = Npy.read(Fixtures.path("f32_1d.npy"));
    assertArrayEquals(new int[] {3}, a.shape());
    assertArrayEquals(new float[] {0.5f, -2f, 3.25f}, a.data());
  }

  @Test
  void readsFormatVersions2And3() throws IOException {
    for (String name : List.of("f32_v2.npy", "f32_v3.npy")) {
      NpyArray a = Npy.read(Fixtures.path(name));
      assertArrayEquals(new int[] {3, 4}, a.shape(), name);
      assertArrayEquals(Fixtures.x(), a.data(), name);
    }
  }

  @Test
  void rejectsInt64NamingFileDtypeAndRemedy() {
    assertRejected("i64_2x2.npy", "dtype '<i8' (signed integer)", "expected little-endian float32", "x.astype(np.float32)");
  }

  @Test
  void rejectsFortranOrder() {
    assertRejected("f32_fortran.npy", "Fortran (column-major) order", "np.ascontiguousarray");
  }

  @Test
  void rejectsBigEndian() {
    assertRejected("f32_bigendian.npy", "dtype '>f4' (big-endian floating point)");
  }

  @Test
  void rejectsPickledObjectsWithoutUnpickling() {
    assertRejected("object.npy", "dtype '|O' (Python objects, stored pickled)", "never unpickles");
  }

  @Test
  void rejectsTruncatedDataSayingHowMuchIsMissing() {
    assertRejected("f32_truncated.npy", "only 42 of the 48 data bytes that shape (3, 4) of '<f4' needs", "cut short");
  }

  @Test
  void rejectsWrongMagicAndPointsAZipToNpz() {
    byte[] zip = {'P', 'K', 3, 4, 20, 0, 0, 0, 0, 0};
    ArrayFormatException e = assertThrows(ArrayFormatException.class,
        () -> Npy.read(new ByteArrayInputStream(zip), "ckpt.npz"));
    assertTrue(e.getMessage().startsWith("ckpt.npz: found a file starting with bytes [50 4b 03 04"), e.getMessage());
    assertTrue(e.getMessage().contains("Npz.read"), e.getMessage());
  }

  @Test
  void rejectsBytesAfterTheData() throws IOException {
    byte[] file = Files.readAllBytes(Fixtures.path("f32_3x4.npy"));
    byte[] longer = Arrays.copyOf(file, file.length + 4);
    ArrayFormatException e = assertThrows(ArrayFormatException.class,
        () -> Npy.read(new ByteArrayInputStream(longer), "long.npy"));
    assertTrue(e.getMessage().contains("found 4 bytes after the data of shape (3, 4)"), e.getMessage());
  }

  @Test
  void rejectsHeaderThatIsNotADictionary() throws IOException {
    byte[] file = Files.readAllBytes(Fixtures.path("f32_3x4.npy"));
    byte[] damaged = file.clone();
    damaged[10] = '['; // the opening brace of the header dictionary
    ArrayFormatException e = assertThrows(ArrayFormatException.class,
        () -> Npy.read(new ByteArrayInputStream(damaged), "damaged.npy"));
    assertTrue(e.getMessage().startsWith("damaged.npy: found the header ['descr'"), e.getMessage());
  }

  @Test
  void writeIsByteIdenticalToNumpySave() throws IOException {
    assertArrayEquals(Files.readAllBytes(Fixtures.path("f32_3x4.npy")), bytes(new NpyArray(new int[] {3, 4}, Fixtures.x())));
    assertArrayEquals(Files.readAllBytes(Fixtures.path("f32_1d.npy")),
        bytes(new NpyArray(new int[] {3}, new float[] {0.5f, -2f, 3.25f})));
  }

  @Test
  void writeThenReadRoundTripsShapesAndSpecialValues() throws IOException {
    float[] special = {Float.NaN, -0f, Float.POSITIVE_INFINITY, Float.MIN_VALUE, -Float.MAX_VALUE, 1e-30f};
    float[] big = new float[40_000]; // more than one 64 KiB chunk
    for (int i = 0; i < big.length; i++) {
      big[i] = i * 0.37f - 5;
    }
    Stream.of(
            new NpyArray(new int[] {}, new float[] {7f}),
            new NpyArray(new int[] {0, 3}, new float[0]),
            new NpyArray(new int[] {6}, special),
            new NpyArray(new int[] {2, 1, 3}, special),
            new NpyArray(new int[] {200, 200}, big))
        .forEach(a -> {
          NpyArray back = readBack(bytes(a));
          assertArrayEquals(a.shape(), back.shape());
          for (int i = 0; i < a.data().length; i++) {
            assertEquals(Float.floatToRawIntBits(a.data()[i]), Float.floatToRawIntBits(back.data()[i]));
          }
        });
  }

  @Test
  void writeToPathReplacesFileAndLeavesNoTemporary() throws IOException {
    Path file = dir.resolve("a.npy");
    Files.writeString(file, "old");
    Npy.write(file, new NpyArray(new int[] {2}, new float[] {1f, 2f}));
    assertArrayEquals(new float[] {1f, 2f}, Npy.read(file).data());
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList());
    }
  }

  private static void assertRejected(String fixture, String... parts) {
    ArrayFormatException e = assertThrows(ArrayFormatException.class, () -> Npy.read(Fixtures.path(fixture)));
    assertTrue(e.getMessage().startsWith(Fixtures.path(fixture) + ": found "), e.getMessage());
    assertEquals(Fixtures.path(fixture).toString(), e.source());
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), () -> "'" + part + "' missing from: " + e.getMessage());
    }
  }

  private static byte[] bytes(NpyArray a) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      Npy.write(out, a);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }

  private static NpyArray readBack(byte[] bytes) {
    try {
      return Npy.read(new ByteArrayInputStream(bytes), "round trip");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
