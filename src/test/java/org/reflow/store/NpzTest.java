package org.reflow.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzTest {

  @TempDir Path dir;

  @Test
  void readsNpzWrittenByNumpySavezInFileOrder() throws IOException {
    NpzContents npz = Npz.read(Fixtures.path("numpy_savez.npz"));
    assertEquals(List.of("z0", "z1"), List.copyOf(npz.arrays().keySet()));
    assertArrayEquals(Fixtures.x(), npz.arrays().get("z0").data());
    assertArrayEquals(new int[] {3, 2}, npz.arrays().get("z1").shape());
    assertArrayEquals(new float[] {1f, 0.75f, -0f, -0.25f, -1f, -1.25f}, npz.arrays().get("z1").data());
    assertTrue(npz.otherEntries().isEmpty());
  }

  @Test
  void readsCompressedNpz() throws IOException {
    assertArrayEquals(Fixtures.x(), Npz.readArray(Fixtures.path("numpy_savez_compressed.npz"), "z0").data());
  }

  @Test
  void readArrayOfMissingNameListsTheNamesThere() {
    Path file = Fixtures.path("numpy_savez.npz");
    ArrayFormatException e = assertThrows(ArrayFormatException.class, () -> Npz.readArray(file, "x1"));
    assertEquals(file + ": found arrays [z0, z1]; expected an array named 'x1';"
        + " use one of the names found (np.load(path).files lists them)", e.getMessage());
  }

  @Test
  void badArrayInsideNpzNamesFileAndEntry() throws IOException {
    Path file = dir.resolve("bad.npz");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      zip.putNextEntry(new ZipEntry("w.npy"));
      zip.write(Files.readAllBytes(Fixtures.path("i64_2x2.npy")));
      zip.closeEntry();
    }
    ArrayFormatException e = assertThrows(ArrayFormatException.class, () -> Npz.read(file));
    assertTrue(e.getMessage().startsWith(file + " entry 'w.npy': found dtype '<i8'"), e.getMessage());
  }

  @Test
  void readingANonZipNamesTheFile() {
    Path file = Fixtures.path("f32_3x4.npy");
    ArrayFormatException e = assertThrows(ArrayFormatException.class, () -> Npz.read(file));
    assertTrue(e.getMessage().startsWith(file + ": found a file that is not a zip"), e.getMessage());
    assertTrue(e.getMessage().contains("Npy.read"), e.getMessage());
  }

  @Test
  void writeThenReadKeepsArraysOtherEntriesAndOrder() throws IOException {
    Path file = dir.resolve("ckpt.npz");
    Npz.write(file, checkpointArrays(), Map.of("meta.json", meta()));
    NpzContents back = Npz.read(file);
    assertEquals(List.of("w", "b", "a"), List.copyOf(back.arrays().keySet()));
    assertArrayEquals(new int[] {2, 3}, back.arrays().get("w").shape());
    assertArrayEquals(checkpointArrays().get("w").data(), back.arrays().get("w").data());
    assertArrayEquals(new int[] {}, back.arrays().get("a").shape());
    assertArrayEquals(meta(), back.otherEntries().get("meta.json"));
  }

  @Test
  void sameContentGivesIdenticalBytesAtAnotherTimeAndTimeZone() throws IOException, InterruptedException {
    Path first = dir.resolve("first.npz");
    Path second = dir.resolve("second.npz");
    TimeZone zone = TimeZone.getDefault();
    try {
      TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
      Npz.write(first, checkpointArrays(), Map.of("meta.json", meta()));
      Thread.sleep(2100); // zip times have a 2 s resolution: a clock-dated entry would now differ
      TimeZone.setDefault(TimeZone.getTimeZone("Asia/Tokyo"));
      Npz.write(second, checkpointArrays(), Map.of("meta.json", meta()));
    } finally {
      TimeZone.setDefault(zone);
    }
    assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
    try (ZipFile zip = new ZipFile(first.toFile())) {
      for (ZipEntry entry : Collections.list(zip.entries())) {
        assertEquals(ZipEntry.STORED, entry.getMethod(), entry.getName());
        assertEquals(LocalDateTime.of(2000, 1, 1, 0, 0), entry.getTimeLocal(), entry.getName());
        assertNull(entry.getExtra(), entry.getName());
      }
    }
  }

  @Test
  void rejectsOtherEntryThatNumpyWouldParseAsArray() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Npz.write(dir.resolve("x.npz"), Map.of(), Map.of("extra.npy", new byte[1])));
    assertTrue(e.getMessage().contains("does not end in .npy"), e.getMessage());
  }

  @Test
  void failedWriteKeepsOldFileAndLeavesNoTemporary() throws IOException {
    Path file = dir.resolve("keep.npz");
    Files.writeString(file, "old");
    assertThrows(IOException.class, () -> AtomicWrite.write(file, out -> {
      out.write(new byte[100_000]);
      throw new IOException("disk full");
    }));
    assertEquals("old", Files.readString(file));
    try (var files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList());
    }
  }

  private static Map<String, NpyArray> checkpointArrays() {
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    arrays.put("w", new NpyArray(new int[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}));
    arrays.put("b", new NpyArray(new int[] {3}, new float[] {-1, 0, 1}));
    arrays.put("a", new NpyArray(new int[] {}, new float[] {0.5f}));
    return arrays;
  }

  private static byte[] meta() {
    return "{\"stage\":\"flow-1\",\"step\":100}".getBytes(StandardCharsets.UTF_8);
  }
}
