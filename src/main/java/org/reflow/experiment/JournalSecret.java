package org.reflow.experiment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * The home's journal secret: 32 random bytes, as hex, in {@code REFLOW_HOME/journal.secret},
 * readable and writable by its owner only. It is the H2 password of the journal, so only a
 * process that can read the file (every reflow process of the owner) can open the journal, in
 * the file or through the server of the process that holds it open. Never printed or logged:
 * it lives in this record's {@link #value()} and in the JDBC password, nowhere else.
 *
 * @param file where the secret is kept
 * @param value the secret itself
 */
record JournalSecret(Path file, String value) {

  /** The secret's file name inside REFLOW_HOME. */
  static final String FILE_NAME = "journal.secret";

  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  private static final int BYTES = 32;

  /** Without the value: records get printed. */
  @Override
  public String toString() {
    return "JournalSecret[file=" + file + "]";
  }

  /**
   * The secret of {@code home}, created (owner-only from its first byte, then renamed into
   * place) if the home has none yet; an existing file readable by others is narrowed to its owner.
   * Call under the home's {@link JournalOpenLock}, which makes creating it once a given.
   */
  static JournalSecret readOrCreate(Path home) {
    Path file = home.resolve(FILE_NAME);
    try {
      if (Files.exists(file)) {
        narrowToOwner(file);
        return new JournalSecret(file, read(file));
      }
      byte[] random = new byte[BYTES];
      new SecureRandom().nextBytes(random);
      String value = HexFormat.of().formatHex(random);
      Path partial = home.resolve(FILE_NAME + ".partial");
      Files.deleteIfExists(partial);
      Files.createFile(partial, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      Files.writeString(partial, value, StandardCharsets.US_ASCII);
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
      return new JournalSecret(file, value);
    } catch (IOException | UnsupportedOperationException e) {
      throw new ReflowHomeException("The journal secret " + file + " cannot be created or read (" + e
          + "); REFLOW_HOME must be a writable directory on a file system with POSIX permissions.", e);
    }
  }

  private static void narrowToOwner(Path file) throws IOException {
    if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
      Files.setPosixFilePermissions(file, OWNER_ONLY);
    }
  }

  private static String read(Path file) {
    try {
      String value = Files.readString(file, StandardCharsets.US_ASCII).strip();
      if (!value.matches("[0-9a-f]{" + 2 * BYTES + "}")) {
        throw new ReflowHomeException("The journal secret " + file + " is not what reflow wrote there ("
            + 2 * BYTES + " hex digits): restore it from a backup of this home; without it the journal cannot be opened.");
      }
      return value;
    } catch (IOException e) {
      throw new ReflowHomeException("The journal secret " + file + " cannot be read (" + e.getMessage()
          + "): only the user who owns REFLOW_HOME can open its journal; run reflow as that user.", e);
    }
  }
}
