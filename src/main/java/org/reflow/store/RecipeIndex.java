package org.reflow.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Artifacts a home keeps by the recipe that made them rather than by a run (the feature classifier
 * image metrics use): {@code artifacts/recipes/<recipe SHA-256>} holds the SHA-256 of the artifact
 * in the store, so every run of the home finds the one made first. {@code gc} keeps what these
 * name.
 */
public final class RecipeIndex {

  private RecipeIndex() {}

  /** The artifact recorded for the recipe hashing to {@code recipeSha256}, if any. */
  public static Optional<String> find(Path home, String recipeSha256) {
    Path entry = folder(home).resolve(recipeSha256);
    try {
      return Files.isRegularFile(entry) ? Optional.of(Files.readString(entry, StandardCharsets.US_ASCII).trim()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Records that {@code artifactSha256} is what the recipe hashing to {@code recipeSha256} made (atomic). */
  public static void record(Path home, String recipeSha256, String artifactSha256) {
    Path dir = folder(home);
    Path temporary = dir.resolve("." + recipeSha256 + "." + UUID.randomUUID());
    try {
      Files.createDirectories(dir);
      Files.writeString(temporary, artifactSha256 + "\n", StandardCharsets.US_ASCII);
      Files.move(temporary, dir.resolve(recipeSha256), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record an artifact in " + dir + " (" + e.getMessage()
          + "); make the folder writable", e);
    }
  }

  /** Every artifact the home's recipes name. */
  public static Set<String> artifacts(Path home) {
    Set<String> out = new TreeSet<>();
    Path dir = folder(home);
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      entries.filter(f -> !f.getFileName().toString().startsWith(".")).forEach(f ->
          find(home, f.getFileName().toString()).ifPresent(out::add));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    return out;
  }

  private static Path folder(Path home) {
    return home.resolve("artifacts").resolve("recipes");
  }
}
