package org.reflow.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.sql.SQLException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The OS's reason for a refused write is found however deeply a library wrapped it, and only then. */
class StorageFaultTest {

  @Test
  void aFullDiskIsFoundUnderTheJournalsWrappersAndItsMessageIsTheRoot() {
    // As H2 reports it: SQLException <- MVStoreException <- IOException from pwrite.
    Throwable journal = new IllegalStateException("Failed to persist event",
        new SQLException("The database has been closed", new RuntimeException("Writing to channel failed",
            new IOException("No space left on device"))));
    assertEquals(Optional.of(StorageFault.FULL), StorageFault.of(journal));
    assertEquals("No space left on device", StorageFault.rootMessage(journal));
    assertEquals(Optional.of(StorageFault.FULL), StorageFault.of(new IOException("Disk quota exceeded")));
  }

  @Test
  void aReadOnlyFileSystemADeniedWriteAndAFileSizeLimitAreEachNamed() {
    assertEquals(Optional.of(StorageFault.READ_ONLY),
        StorageFault.of(new UncheckedIOException(new FileSystemException("/h/x", null, "Read-only file system"))));
    assertEquals(Optional.of(StorageFault.DENIED), StorageFault.of(new AccessDeniedException("/h/artifacts/sha256/ab")));
    assertEquals(Optional.of(StorageFault.FILE_SIZE_LIMIT), StorageFault.of(new IOException("File too large")));
  }

  @Test
  void anUnrelatedFailureNamesNoFault() {
    assertEquals(Optional.empty(), StorageFault.of(new IllegalStateException("connection refused",
        new IOException("Connection reset by peer"))));
  }
}
