package org.reflow.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes {@code .npz} files: zips of {@code .npy} entries, as {@code np.savez} writes
 * and {@code np.load} opens them, optionally with other entries such as {@code meta.json}.
 *
 * <p>Written entries are stored uncompressed, in the maps' iteration order (pass a
 * {@link LinkedHashMap} to choose it), all dated 2000-01-01 00:00 with no extra fields: the same
 * content gives the same bytes, on any machine and in any time zone. Reading accepts stored and deflated entries
 * ({@code np.savez_compressed}).
 */
public final class Npz {

  /**
   * A fixed entry date. Not numpy's 1980-01-01 00:00: Java's ZipEntry reads that one as "before
   * 1980" and adds an extra field holding it in the machine's time zone, so bytes would vary.
   */
  private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

  private static final String SUFFIX = ".npy";

  private Npz() {}

  public static void write(Path file, Map<String, NpyArray> arrays) throws IOException {
    write(file, arrays, Map.of());
  }

  /**
   * Writes {@code arrays} as entries {@code <name>.npy}, then {@code otherEntries} under their own
   * names, through a temporary file renamed into place when complete.
   *
   * @throws IllegalArgumentException for an empty name, or another entry whose name ends in
   *     {@code .npy} (np.load would try to parse it as an array)
   */
  public static void write(Path file, Map<String, NpyArray> arrays, Map<String, byte[]> otherEntries)
      throws IOException {
    for (String name : arrays.keySet()) {
      if (name.isEmpty()) {
        throw new IllegalArgumentException("an array in " + file + " has an empty name");
      }
    }
    for (String name : otherEntries.keySet()) {
      if (name.isEmpty() || name.endsWith(SUFFIX)) {
        throw new IllegalArgumentException("entry '" + name + "' of " + file
            + " needs a name that is not empty and does not end in .npy; pass arrays in the arrays map");
      }
    }
    AtomicWrite.write(file, out -> {
      ZipOutputStream zip = new ZipOutputStream(out);
      for (Map.Entry<String, NpyArray> array : arrays.entrySet()) {
        NpyArray value = array.getValue();
        putStored(zip, array.getKey() + SUFFIX, Npy.encodedSize(value), entryOut -> Npy.write(entryOut, value));
      }
      for (Map.Entry<String, byte[]> other : otherEntries.entrySet()) {
        byte[] bytes = other.getValue();
        putStored(zip, other.getKey(), bytes.length, entryOut -> entryOut.write(bytes));
      }
      zip.finish();
    });
  }

  /** Reads every entry of an {@code .npz}. */
  public static NpzContents read(Path file) throws IOException {
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    Map<String, byte[]> others = new LinkedHashMap<>();
    try (ZipFile zip = open(file)) {
      for (ZipEntry entry : Collections.list(zip.entries())) {
        if (entry.isDirectory()) {
          continue;
        }
        try (InputStream in = zip.getInputStream(entry)) {
          if (entry.getName().endsWith(SUFFIX)) {
            arrays.put(arrayName(entry), Npy.read(in, source(file, entry)));
          } else {
            others.put(entry.getName(), in.readAllBytes());
          }
        }
      }
    }
    return new NpzContents(Collections.unmodifiableMap(arrays), Collections.unmodifiableMap(others));
  }

  /**
   * Reads the one array {@code name} (entry {@code <name>.npy}) of an {@code .npz}.
   *
   * @throws ArrayFormatException if there is no such array; the message lists those there are
   */
  public static NpyArray readArray(Path file, String name) throws IOException {
    try (ZipFile zip = open(file)) {
      ZipEntry entry = zip.getEntry(name + SUFFIX);
      if (entry == null) {
        List<String> names = zip.stream().filter(e -> e.getName().endsWith(SUFFIX)).map(Npz::arrayName).toList();
        throw new ArrayFormatException(file.toString(), "arrays " + names, "an array named '" + name + "'",
            "use one of the names found (np.load(path).files lists them)");
      }
      try (InputStream in = zip.getInputStream(entry)) {
        return Npy.read(in, source(file, entry));
      }
    }
  }

  private static ZipFile open(Path file) throws IOException {
    try {
      return new ZipFile(file.toFile());
    } catch (ZipException e) {
      throw new ArrayFormatException(file.toString(), "a file that is not a zip (" + e.getMessage() + ")",
          "an .npz: a zip of .npy entries", "read a single array with Npy.read, or write the file again with np.savez");
    }
  }

  private static void putStored(ZipOutputStream zip, String name, long size, AtomicWrite.Content content)
      throws IOException {
    // a stored entry declares its CRC before its data: a first pass computes it
    CRC32 crc = new CRC32();
    try (OutputStream sink = new CheckedOutputStream(OutputStream.nullOutputStream(), crc)) {
      content.writeTo(sink);
    }
    ZipEntry entry = new ZipEntry(name);
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(size);
    entry.setCompressedSize(size);
    entry.setCrc(crc.getValue());
    entry.setTimeLocal(ENTRY_TIME);
    zip.putNextEntry(entry);
    content.writeTo(zip);
    zip.closeEntry();
  }

  private static String arrayName(ZipEntry entry) {
    return entry.getName().substring(0, entry.getName().length() - SUFFIX.length());
  }

  private static String source(Path file, ZipEntry entry) {
    return file + " entry '" + entry.getName() + "'";
  }
}
