package org.reflow.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * One node's TLS material, as {@code ops/cluster-certs DIR NODE} lays it out in {@code DIR/NODE}:
 * {@code keystore.p12} (the node's private key and its certificate signed by the cluster's CA),
 * {@code truststore.p12} (the CA's certificate: a peer is trusted if and only if the CA signed it)
 * and {@code password} (of both stores and the key). The key store and the password file must be
 * readable by their owner only. The password lives in this object and nowhere else: not in the
 * configuration, not in {@link #toString()}, never printed.
 */
public final class TlsFolder {

  public static final String KEY_STORE = "keystore.p12";
  public static final String TRUST_STORE = "truststore.p12";
  public static final String PASSWORD = "password";

  private static final Set<PosixFilePermission> NOT_OWNER = EnumSet.of(
      PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
  private static final String MAKE_IT = "make a node's folder with `ops/cluster-certs DIR NODE` and pass DIR/NODE"
      + " (--tls DIR/NODE or REFLOW_CLUSTER_TLS=DIR/NODE)";

  private final Path dir;
  private final KeyStore keyStore;
  private final KeyStore trustStore;
  private final char[] password;

  private TlsFolder(Path dir, KeyStore keyStore, KeyStore trustStore, char[] password) {
    this.dir = dir;
    this.keyStore = keyStore;
    this.trustStore = trustStore;
    this.password = password;
  }

  /**
   * Reads and checks the folder: its files exist, the secret ones are owner-only, the password opens
   * both stores, the key store holds a key with a certificate valid today, the trust store a CA.
   *
   * @throws ClusterSetupException saying which file is wrong and what to do
   */
  public static TlsFolder open(Path dir) {
    Path folder = dir.toAbsolutePath().normalize();
    if (!Files.isDirectory(folder)) {
      throw new ClusterSetupException("The TLS folder " + folder + " does not exist or is not a directory: " + MAKE_IT + ".");
    }
    Path passwordFile = ownerOnly(readable(folder.resolve(PASSWORD)));
    Path keyStoreFile = ownerOnly(readable(folder.resolve(KEY_STORE)));
    Path trustStoreFile = readable(folder.resolve(TRUST_STORE));
    char[] password = readPassword(passwordFile);
    KeyStore keyStore = load(keyStoreFile, password, passwordFile);
    KeyStore trustStore = load(trustStoreFile, password, passwordFile);
    checkKey(keyStoreFile, keyStore);
    checkTrust(trustStoreFile, trustStore);
    return new TlsFolder(folder, keyStore, trustStore, password);
  }

  public Path dir() {
    return dir;
  }

  public Path keyStoreFile() {
    return dir.resolve(KEY_STORE);
  }

  public Path trustStoreFile() {
    return dir.resolve(TRUST_STORE);
  }

  /** This node's identity, presented to every peer (and required from every peer: mutual TLS). */
  public KeyManager[] keyManagers() throws GeneralSecurityException {
    KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(keyStore, password);
    return factory.getKeyManagers();
  }

  /** Trusts the cluster's CA only, not the JDK's public CAs. */
  public TrustManager[] trustManagers() throws GeneralSecurityException {
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trustStore);
    return factory.getTrustManagers();
  }

  /** Without the password. */
  @Override
  public String toString() {
    return "TlsFolder[" + dir + "]";
  }

  private static Path readable(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ClusterSetupException("The TLS folder " + file.getParent() + " has no " + file.getFileName()
          + ": it is not a node folder made by ops/cluster-certs; " + MAKE_IT + ".");
    }
    if (!Files.isReadable(file)) {
      throw new ClusterSetupException("Cannot read " + file + ": run reflow as the user who owns it (it must stay"
          + " readable by its owner only).");
    }
    return file;
  }

  private static Path ownerOnly(Path file) {
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      if (!Collections.disjoint(permissions, NOT_OWNER)) {
        throw new ClusterSetupException(file + " is readable or writable by other users: it holds a secret of the"
            + " cluster. Run `chmod 600 " + file + "` (and ask whether someone copied it; if so, issue new"
            + " certificates with ops/cluster-certs).");
      }
      return file;
    } catch (IOException | UnsupportedOperationException e) {
      throw new ClusterSetupException("Cannot check who may read " + file + " (" + e + "): keep the TLS folder on a"
          + " file system with POSIX permissions.", e);
    }
  }

  private static char[] readPassword(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      if (lines.isEmpty() || lines.get(0).isBlank()) {
        throw new ClusterSetupException(file + " is empty: it must hold the key stores' password, as"
            + " ops/cluster-certs wrote it. Issue the node's certificates again with ops/cluster-certs.");
      }
      return lines.get(0).strip().toCharArray();
    } catch (IOException e) {
      throw new ClusterSetupException("Cannot read " + file + " (" + e.getMessage() + ").", e);
    }
  }

  private static KeyStore load(Path file, char[] password, Path passwordFile) {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password);
      return store;
    } catch (IOException e) {
      if (e.getCause() instanceof UnrecoverableKeyException) {
        throw new ClusterSetupException("The password in " + passwordFile + " does not open " + file + ": the two"
            + " belong to different runs of ops/cluster-certs. Copy the node's whole folder again, or issue it"
            + " anew (delete it and run ops/cluster-certs DIR NODE).", e);
      }
      throw new ClusterSetupException(file + " cannot be read as a PKCS12 key store (" + e.getMessage() + "): "
          + MAKE_IT + ".", e);
    } catch (GeneralSecurityException e) {
      throw new ClusterSetupException(file + " cannot be read as a PKCS12 key store (" + e + "): " + MAKE_IT + ".", e);
    }
  }

  private static void checkKey(Path file, KeyStore store) {
    try {
      for (String alias : Collections.list(store.aliases())) {
        if (store.isKeyEntry(alias) && store.getCertificate(alias) instanceof X509Certificate certificate) {
          certificate.checkValidity();
          return;
        }
      }
    } catch (CertificateExpiredException | CertificateNotYetValidException e) {
      throw new ClusterSetupException("The node certificate in " + file + " is not valid today (" + e.getMessage()
          + "): issue it anew (delete the node's folder, run ops/cluster-certs DIR NODE) and check the clock.", e);
    } catch (GeneralSecurityException e) {
      throw new ClusterSetupException(file + " cannot be read (" + e + "): " + MAKE_IT + ".", e);
    }
    throw new ClusterSetupException(file + " holds no private key with a certificate: " + MAKE_IT + ".");
  }

  private static void checkTrust(Path file, KeyStore store) {
    try {
      for (String alias : Collections.list(store.aliases())) {
        if (store.isCertificateEntry(alias)) {
          return;
        }
      }
    } catch (GeneralSecurityException e) {
      throw new ClusterSetupException(file + " cannot be read (" + e + "): " + MAKE_IT + ".", e);
    }
    throw new ClusterSetupException(file + " trusts no certificate authority: " + MAKE_IT + ".");
  }
}
