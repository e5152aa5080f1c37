package org.reflow.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalCredentialsTest {

  @TempDir Path dir;

  @Test
  void aPasswordFileReadableByOthersIsRefusedSayingChmod600AndNotShowingThePassword() throws Exception {
    for (String permissions : new String[] {"rw-r-----", "rw----r--", "rw-rw----"}) {
      Path file = password("s3cret-" + permissions, permissions);
      ReflowHomeException e = assertThrows(ReflowHomeException.class,
          () -> JournalCredentials.password(Map.of(JournalCredentials.PASSWORD_FILE, file.toString())));
      assertTrue(e.getMessage().contains("'chmod 600 " + file + "'"), e.getMessage());
      assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }
  }

  @Test
  void anOwnerOnlyFileGivesItsPasswordWithoutTheLineEnd() throws Exception {
    Path file = password("s3cret\n", "rw-------");
    assertEquals("s3cret", JournalCredentials.password(Map.of(JournalCredentials.PASSWORD_FILE, file.toString())));
    assertEquals("s3cret", JournalCredentials.password(Map.of(JournalCredentials.PASSWORD_FILE, password("s3cret", "r--------")
        .toString())));
  }

  @Test
  void theEnvironmentsPasswordIsUsedAndNoneMeansEmpty() {
    assertEquals("from-env", JournalCredentials.password(Map.of(JournalCredentials.PASSWORD, "from-env")));
    assertEquals("", JournalCredentials.password(Map.of()));
  }

  @Test
  void bothVariablesOrAMissingFileAreRefusedNamingWhatToDo() throws Exception {
    Path file = password("s3cret", "rw-------");
    ReflowHomeException both = assertThrows(ReflowHomeException.class, () -> JournalCredentials.password(Map.of(
        JournalCredentials.PASSWORD, "x", JournalCredentials.PASSWORD_FILE, file.toString())));
    assertTrue(both.getMessage().contains("unset one of them"), both.getMessage());
    Path missing = dir.resolve("missing");
    ReflowHomeException gone = assertThrows(ReflowHomeException.class,
        () -> JournalCredentials.password(Map.of(JournalCredentials.PASSWORD_FILE, missing.toString())));
    assertTrue(gone.getMessage().startsWith("The password file " + missing + " named by REFLOW_DB_PASSWORD_FILE does not exist"),
        gone.getMessage());
  }

  private Path password(String content, String permissions) throws Exception {
    Path file = Files.createTempFile(dir, "password", "");
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    return file;
  }
}
