package org.reflow.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Content-addressed artifacts under {@code <home>/artifacts}: an artifact lives at
 * {@code sha256/ab/<hash>.npz}, named by the SHA-256 of its bytes. A writer fills a temporary
 * file in {@code tmp/} (same file system), the store hashes it and renames it into place, and
 * only then is the hash reported — so no recorded hash ever points at a half-written file.
 *
 * <p>An artifact gets the permissions the process's umask gives a new file, whatever its writer
 * did (a temporary file made owner-only, a copy that kept its source's mode): so a home shared by
 * a group under umask 002 or 022 shares its artifacts, and one under umask 077 keeps them private.
 */
public final class ArtifactStore {

  /** Writes an artifact's content to a file the store chose. */
  @FunctionalInterface
  public interface Writer {
    void writeTo(Path file) throws IOException;
  }

  private final Path root;
  private final Optional<Set<PosixFilePermission>> fileMode;

  private ArtifactStore(Path root, Optional<Set<PosixFilePermission>> fileMode) {
    this.root = root;
    this.fileMode = fileMode;
  }

  /** The store of a reflow home, created on first use. */
  public static ArtifactStore open(Path home) {
    Path root = home.resolve("artifacts").toAbsolutePath();
    try {
      Files.createDirectories(root.resolve("tmp"));
      Files.createDirectories(root.resolve("sha256"));
      return new ArtifactStore(root, umaskFileMode(root.resolve("tmp")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the artifact store under " + root + " (" + e.getMessage()
          + "); make the folder writable or point REFLOW_HOME elsewhere", e);
    }
  }

  /**
   * The permissions a file created in {@code folder} gets from the umask alone; empty without POSIX
   * permissions, or in a store this process cannot write (it only reads artifacts then).
   */
  private static Optional<Set<PosixFilePermission>> umaskFileMode(Path folder) {
    Path probe = folder.resolve(".mode-" + UUID.randomUUID());
    try {
      Files.createFile(probe);
      try {
        return Optional.of(Files.getPosixFilePermissions(probe));
      } finally {
        Files.delete(probe);
      }
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  /**
   * Stores what {@code writer} writes and returns its SHA-256. Storing the same bytes twice keeps
   * one copy.
   */
  public String put(Writer writer) {
    Path temporary = root.resolve("tmp").resolve(UUID.randomUUID() + ".npz");
    try {
      writer.writeTo(temporary);
      if (fileMode.isPresent() && !Files.getPosixFilePermissions(temporary).equals(fileMode.get())) {
        Files.setPosixFilePermissions(temporary, fileMode.get());
      }
      String sha = Sha256.hex(temporary);
      place(temporary, sha);
      return sha;
    } catch (IOException e) {
      throw cannotStore(temporary, e);
    } catch (UncheckedIOException e) { // a writer that wraps its I/O errors (CheckpointFile.write)
      throw cannotStore(temporary, e.getCause());
    }
  }

  /** A fresh name in the store's {@code tmp/} for bytes that {@link #adopt} will move into place. */
  public Path temporary() {
    return root.resolve("tmp").resolve(UUID.randomUUID() + ".npz");
  }

  /**
   * Moves a file written at a {@link #temporary()} name into place as artifact {@code sha256},
   * after checking that its bytes hash to that name: how bytes that arrived from elsewhere (another
   * node's store) join this one. A corrupt copy already in place is replaced.
   *
   * @param what a description for the error, e.g. "checkpoint ck-… from node A"
   * @return the artifact's path
   * @throws CorruptArtifactException when the bytes hash to something else (the file is removed)
   */
  public Path adopt(Path temporary, String sha256, String what) {
    Path target = path(sha256);
    Path file = temporary.toAbsolutePath().normalize();
    if (!root.resolve("tmp").equals(file.getParent())) {
      throw new IllegalArgumentException(temporary + " is not in " + root.resolve("tmp") + "; write it at a name from temporary()");
    }
    try {
      String actual = Sha256.hex(file);
      if (!actual.equals(sha256)) {
        Files.delete(file);
        throw CorruptArtifactException.arrived(what, sha256, actual);
      }
      place(file, sha256);
      return target;
    } catch (IOException e) {
      throw cannotStore(file, e);
    }
  }

  /** Renames a hashed temporary file to its content-addressed name. */
  private void place(Path temporary, String sha) throws IOException {
    Path target = path(sha);
    Files.createDirectories(target.getParent());
    try {
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException same) {
      Files.delete(temporary); // content-addressed: the bytes are already there
      // fresh again, so 'reflow gc' (which spares young files while a run is live) keeps it until it is reported
      Files.setLastModifiedTime(target, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
    }
    if (Files.exists(temporary)) {
      Files.delete(temporary); // ATOMIC_MOVE may replace silently on some platforms
    }
  }

  /** Removes what was written of a failed artifact and says why it failed: the disk, if the OS said so. */
  private UncheckedIOException cannotStore(Path temporary, IOException e) {
    try {
      Files.deleteIfExists(temporary);
    } catch (IOException cleanup) {
      e.addSuppressed(cleanup);
    }
    String why = StorageFault.of(e).map(f -> "the file system holding it " + f.state() + " (" + e.getMessage() + "); "
        + f.remedy()).orElse(e.getMessage() + " (is the disk full or the folder read-only?)");
    return new UncheckedIOException("cannot write an artifact into " + root + ": " + why, e);
  }

  /**
   * Where the artifact with this hash lives (whether or not it exists).
   *
   * @throws IllegalArgumentException when {@code sha256} is not 64 hex digits (so it cannot name a file elsewhere)
   */
  public Path path(String sha256) {
    HomeNames.sha256(sha256);
    return root.resolve("sha256").resolve(sha256.substring(0, 2)).resolve(sha256 + ".npz");
  }

  /** Whether the artifact exists and its bytes still hash to its name. */
  public boolean isIntact(String sha256) {
    Path file = path(sha256);
    try {
      return Files.isRegularFile(file) && Sha256.hex(file).equals(sha256);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The artifact's path after checking that it exists and its bytes still hash to its name.
   *
   * @param what a description for the error, e.g. "checkpoint ck-… of stage rf2"
   * @throws CorruptArtifactException when the file is missing or its bytes changed
   */
  public Path verified(String sha256, String what) {
    Path file = path(sha256);
    if (!Files.isRegularFile(file)) {
      throw CorruptArtifactException.missing(file, "the " + what + " must be regenerated or restored");
    }
    try {
      String actual = Sha256.hex(file);
      if (!actual.equals(sha256)) {
        throw new CorruptArtifactException(file, sha256, actual, "the " + what + " must be regenerated or restored");
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + " (" + what + "): " + e.getMessage(), e);
    }
  }
}
