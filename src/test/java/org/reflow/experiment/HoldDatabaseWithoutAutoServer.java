package org.reflow.experiment;

import java.sql.Connection;
import java.sql.DriverManager;

/**
 * Child process for {@link JournalDatabaseTest}: opens the home's H2 file the way an H2 console
 * would, without AUTO_SERVER, says "open", and holds it until its standard input closes.
 */
public final class HoldDatabaseWithoutAutoServer {

  private HoldDatabaseWithoutAutoServer() {}

  /** Args: the home directory. */
  public static void main(String[] args) throws Exception {
    Connection connection = DriverManager.getConnection("jdbc:h2:file:" + args[0] + "/reflow", "reflow", "");
    try {
      System.out.println("open");
      System.out.flush();
      System.in.readAllBytes();
    } finally {
      connection.close();
    }
  }
}
