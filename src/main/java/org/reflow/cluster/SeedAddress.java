package org.reflow.cluster;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a running cluster member listens, as given on the command line ({@code host:port}, or
 * {@code [v6-address]:port}).
 *
 * @param host a host name or an IP address, without brackets
 * @param port 1 to 65535
 */
public record SeedAddress(String host, int port) {

  private static final Pattern BRACKETED = Pattern.compile("\\[([0-9A-Fa-f:.]+)](?::(.*))?");

  public SeedAddress {
    ClusterTransport.checkHost(host, "seed address");
    if (port < 1 || port > ClusterTransport.MAX_PORT) {
      throw new ClusterSetupException("The seed address " + host + ":" + port + " has no valid port: give the port"
          + " the seed (the process that runs the experiment, started with --port) listens on, 1 to 65535.");
    }
  }

  /**
   * Parses {@code host:port} (an IPv6 address in brackets: {@code [::1]:25520}).
   *
   * @throws ClusterSetupException naming the text and the expected form
   */
  public static SeedAddress parse(String text) {
    String trimmed = text.strip();
    String host;
    String port;
    Matcher bracketed = BRACKETED.matcher(trimmed);
    if (bracketed.matches()) {
      host = bracketed.group(1);
      port = bracketed.group(2);
    } else {
      int colon = trimmed.lastIndexOf(':');
      if (colon < 0 || trimmed.indexOf(':') != colon) {
        throw notAddress(text, "it has " + (colon < 0 ? "no" : "more than one") + " ':'");
      }
      host = trimmed.substring(0, colon);
      port = trimmed.substring(colon + 1);
    }
    if (port == null || !port.matches("[0-9]{1,5}")) {
      throw notAddress(text, "the part after the last ':' is not a port number");
    }
    if (host.isEmpty()) {
      throw notAddress(text, "the host is missing");
    }
    return new SeedAddress(host, Integer.parseInt(port));
  }

  /** The Pekko address of the reflow actor system listening here. */
  public String pekkoAddress() {
    String bracketed = host.contains(":") ? "[" + host + "]" : host;
    return "pekko://" + ClusterTransport.SYSTEM_NAME + "@" + bracketed + ":" + port;
  }

  @Override
  public String toString() {
    return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
  }

  private static ClusterSetupException notAddress(String text, String why) {
    return new ClusterSetupException("'" + text + "' is not a seed address (" + why + "): write HOST:PORT, e.g."
        + " 10.0.0.5:25520 or [fd00::5]:25520, the address and --port of the process that runs the experiment.");
  }
}
