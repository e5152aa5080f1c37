package org.reflow.cluster;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.remote.artery.tcp.ConfigSSLEngineProvider;
import org.apache.pekko.remote.artery.tcp.SslTransportException;

/**
 * Artery's TLS engines as Pekko's {@code ConfigSSLEngineProvider} makes them (protocol, ciphers,
 * mutual authentication and hostname verification from {@code pekko.remote.artery.ssl.config-ssl-engine}),
 * but with the key and trust stores of the node's {@link TlsFolder} ({@code reflow.cluster.tls}):
 * their password is read from the folder's owner-only file, so it never enters the configuration,
 * which Pekko can log ({@code pekko.log-config-on-start}). Artery creates it by reflection, with the
 * classic actor system.
 */
public final class TlsEngineProvider extends ConfigSSLEngineProvider {

  /** The configuration path of the node's TLS folder. */
  public static final String TLS_PATH = "reflow.cluster.tls";

  private final TlsFolder folder;

  public TlsEngineProvider(ActorSystem system) {
    super(system);
    this.folder = TlsFolder.open(Path.of(system.settings().config().getString(TLS_PATH)));
  }

  @Override
  public KeyManager[] keyManagers() {
    try {
      return folder.keyManagers();
    } catch (GeneralSecurityException e) {
      throw new SslTransportException("the key store in " + folder.dir() + " cannot be used: " + e, e);
    }
  }

  @Override
  public TrustManager[] trustManagers() {
    try {
      return folder.trustManagers();
    } catch (GeneralSecurityException e) {
      throw new SslTransportException("the trust store in " + folder.dir() + " cannot be used: " + e, e);
    }
  }
}
