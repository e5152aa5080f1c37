package org.reflow.serve;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Where the dashboard listens and the token it asks for. On loopback the token is optional; on any
 * other address it is required, so that no one else on the network reads the runs without it.
 *
 * @param bind the address to listen on (an IP or a host name)
 * @param port the TCP port; 0 lets the system choose
 * @param token when present, every request must carry it
 */
public record ServeSettings(String bind, int port, Optional<String> token) {

  /** The default address: this machine only. */
  public static final String LOOPBACK = "127.0.0.1";

  /** The default port. */
  public static final int PORT = 8765;

  private static final int MIN_TOKEN_LENGTH = 16;

  /**
   * Checked settings.
   *
   * @param token the token given with --token; "" to have one generated; null for none
   * @throws IllegalArgumentException with what to do, if the address is unknown, the port out of range, the token
   *     too short, or the address not loopback and no token asked for
   */
  public static ServeSettings of(String bind, int port, String token) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("--port " + port + " is not a TCP port: use 1 to 65535 (0 lets the system choose)");
    }
    boolean loopback = isLoopback(bind);
    if (token == null && !loopback) {
      throw new IllegalArgumentException("--bind " + bind + " exposes the runs beyond this machine: add --token (one is"
          + " generated and printed once) or --token T with a secret of at least " + MIN_TOKEN_LENGTH + " characters;"
          + " or keep the default --bind " + LOOPBACK);
    }
    if (token != null && !token.isEmpty() && (token.length() < MIN_TOKEN_LENGTH || token.isBlank())) {
      throw new IllegalArgumentException("--token is too short to be a secret: give at least " + MIN_TOKEN_LENGTH
          + " characters, or --token alone to have one generated");
    }
    Optional<String> chosen = token == null ? Optional.empty() : Optional.of(token.isEmpty() ? generated() : token);
    return new ServeSettings(bind, port, chosen);
  }

  /** Whether {@link #bind} is a loopback address (then a browser on this machine is the only client). */
  public boolean loopback() {
    return isLoopback(bind);
  }

  private static boolean isLoopback(String bind) {
    try {
      return InetAddress.getByName(bind).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("--bind " + bind + ": no such address on this machine (" + e.getMessage()
          + "); give an IP address such as " + LOOPBACK + " or 0.0.0.0", e);
    }
  }

  private static String generated() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
