package org.reflow.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactStoreTest {

  @TempDir Path home;

  @Test
  void anArtifactIsNamedByTheHashOfItsBytesAndStoredOnce() throws IOException {
    ArtifactStore store = ArtifactStore.open(home);
    byte[] bytes = "some checkpoint".getBytes(StandardCharsets.UTF_8);
    String sha = store.put(f -> Files.write(f, bytes));
    assertEquals(Sha256.hex(bytes), sha);
    Path file = store.path(sha);
    assertEquals(home.resolve("artifacts/sha256/" + sha.substring(0, 2) + "/" + sha + ".npz").toAbsolutePath(), file);
    assertEquals(sha, store.put(f -> Files.write(f, bytes)));
    assertEquals(file, store.verified(sha, "checkpoint"));
    try (Stream<Path> tmp = Files.list(home.resolve("artifacts/tmp"))) {
      assertEquals(0, tmp.count(), "no temporary file is left behind");
    }
  }

  @Test
  void aFailedWriteLeavesNothingVisible() throws IOException {
    ArtifactStore store = ArtifactStore.open(home);
    assertThrows(java.io.UncheckedIOException.class, () -> store.put(f -> {
      Files.write(f, new byte[10]);
      throw new IOException("No space left on device");
    }));
    try (Stream<Path> all = Files.walk(home.resolve("artifacts")).filter(Files::isRegularFile)) {
      assertEquals(0, all.count());
    }
  }

  @Test
  void aChangedOrMissingArtifactIsReportedWithItsPathAndWhatToDo() throws IOException {
    ArtifactStore store = ArtifactStore.open(home);
    String sha = store.put(f -> Files.writeString(f, "pairs"));
    Files.writeString(store.path(sha), "tampered");
    var changed = assertThrows(CorruptArtifactException.class, () -> store.verified(sha, "coupling shard 3 of rf2"));
    assertTrue(changed.getMessage().contains(store.path(sha).toString()) && changed.getMessage().contains("coupling shard 3 of rf2"));
    Files.delete(store.path(sha));
    var missing = assertThrows(CorruptArtifactException.class, () -> store.verified(sha, "checkpoint"));
    assertTrue(missing.getMessage().contains("is missing"), missing.getMessage());
  }

  @Test
  void adoptTakesBytesThatMatchTheirNameReplacingACorruptCopyAndRefusesOthers() throws IOException {
    ArtifactStore store = ArtifactStore.open(home);
    String sha = store.put(f -> Files.writeString(f, "checkpoint"));
    Files.writeString(store.path(sha), "tampered");
    assertEquals(store.path(sha), store.adopt(Files.writeString(store.temporary(), "checkpoint"), sha, "checkpoint"));
    assertTrue(store.isIntact(sha));

    Path wrong = Files.writeString(store.temporary(), "other bytes");
    var refused = assertThrows(CorruptArtifactException.class, () -> store.adopt(wrong, sha, "checkpoint from node B"));
    assertTrue(refused.getMessage().contains(sha) && refused.getMessage().contains("checkpoint from node B"), refused.getMessage());
    assertTrue(Files.notExists(wrong));
    assertTrue(store.isIntact(sha));

    Path outside = Files.writeString(home.resolve("outside.npz"), "checkpoint");
    assertThrows(IllegalArgumentException.class, () -> store.adopt(outside, sha, "checkpoint"));
    assertTrue(Files.exists(outside));
  }

  @Test
  void anUnwritableHomeIsOneClearError() throws IOException {
    Path file = Files.writeString(home.resolve("a-file"), "x");
    var e = assertThrows(java.io.UncheckedIOException.class, () -> ArtifactStore.open(file.resolve("home")));
    assertTrue(e.getMessage().contains("cannot create the artifact store") && e.getMessage().contains("REFLOW_HOME"), e.getMessage());
  }

  @Test
  void anArtifactWrittenOwnerOnlyGetsTheUmasksPermissionsLikeAnyNewFile() throws IOException {
    Set<PosixFilePermission> umask = Files.getPosixFilePermissions(Files.createFile(home.resolve("plain-file")));
    ArtifactStore store = ArtifactStore.open(home);
    // what Files.createTempFile does, and a copy of such a file with its attributes
    String sha = store.put(f -> Files.writeString(Files.createFile(f, PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rw-------"))), "an owner-only temporary"));
    assertEquals(umask, Files.getPosixFilePermissions(store.path(sha)));
  }

  @Test
  void aContentAddressThatIsNotSixtyFourHexDigitsNamesNoFile() {
    ArtifactStore store = ArtifactStore.open(home);
    for (String bad : new String[] {"../../../etc/passwd", "/etc/passwd", "ab/" + "0".repeat(61), "0".repeat(63),
        "0".repeat(65), "A".repeat(64), "g".repeat(64)}) {
      var e = assertThrows(IllegalArgumentException.class, () -> store.path(bad), bad);
      assertTrue(e.getMessage().contains("is not a SHA-256 in hex (64 lowercase hex digits)"), e.getMessage());
    }
  }
}
