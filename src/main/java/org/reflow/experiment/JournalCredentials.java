package org.reflow.experiment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The password of a server journal (PostgreSQL), from the environment only: {@value #PASSWORD}, or
 * an owner-only file named by {@value #PASSWORD_FILE}. Never from a command line or a url, and
 * never part of a message.
 */
public final class JournalCredentials {

  /** The environment variable holding the journal role's password. */
  public static final String PASSWORD = "REFLOW_DB_PASSWORD";

  /** The environment variable naming a file (owner-only) holding the password. */
  public static final String PASSWORD_FILE = "REFLOW_DB_PASSWORD_FILE";

  private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
      PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

  private JournalCredentials() {}

  /**
   * The password {@code environment} gives, or "" when it gives none (a server that trusts local
   * connections needs none).
   *
   * @throws ReflowHomeException when both variables are set, or the file is missing, unreadable,
   *     or readable by others than its owner
   */
  public static String password(Map<String, String> environment) {
    String direct = environment.get(PASSWORD);
    String file = environment.get(PASSWORD_FILE);
    if (file == null || file.isBlank()) {
      return direct == null ? "" : direct;
    }
    if (direct != null) {
      throw new ReflowHomeException("Both " + PASSWORD + " and " + PASSWORD_FILE + " are set: unset one of them, so"
          + " that it is clear which password the journal logs in with.");
    }
    return read(Path.of(file));
  }

  private static String read(Path file) {
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      if (permissions.stream().anyMatch(OTHERS::contains)) {
        throw new ReflowHomeException("The password file " + file + " (" + PASSWORD_FILE + ") can be read or changed by"
            + " users other than its owner: run 'chmod 600 " + file + "', then start this command again.");
      }
      String content = Files.readString(file, StandardCharsets.UTF_8);
      return content.replaceFirst("\\r?\\n$", ""); // the line end an editor adds is not part of it
    } catch (NoSuchFileException e) {
      throw new ReflowHomeException("The password file " + file + " named by " + PASSWORD_FILE + " does not exist:"
          + " create it (owner-only, chmod 600) or point " + PASSWORD_FILE + " at the right file.", e);
    } catch (IOException | UnsupportedOperationException e) {
      throw new ReflowHomeException("The password file " + file + " named by " + PASSWORD_FILE + " cannot be read ("
          + e.getClass().getSimpleName() + "): run reflow as the user who owns it.", e);
    }
  }
}
