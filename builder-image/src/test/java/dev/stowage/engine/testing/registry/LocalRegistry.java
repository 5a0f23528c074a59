package dev.stowage.engine.testing.registry;

import dev.stowage.engine.image.Digest;
import dev.stowage.engine.image.ImageReference;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real registry (Debian's {@code docker-registry}, distribution 2.x) on 127.0.0.1 and a free
 * port, with filesystem storage in a temp dir; optionally behind htpasswd basic auth. Use as
 * {@code @RegisterExtension static LocalRegistry registry = LocalRegistry.anonymous();} or start
 * and close it by hand.
 */
public final class LocalRegistry implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

  private static final String INSTALL_HINT =
      " — install the test tools with `bash scripts/test.sh` (it installs docker-registry and"
          + " apache2-utils) or set STOWAGE_DOCKER_REGISTRY to the binary";
  private static final Duration STARTUP = Duration.ofSeconds(30);
  private static final String STORE_PASSWORD = "changeit";

  private final String username;
  private final String password;
  private final boolean tls;
  private final boolean tokenAuth;
  private TokenServer tokenServer;
  private Path dir;
  private Process process;
  private int port;

  private LocalRegistry(String username, String password, boolean tls, boolean tokenAuth) {
    this.username = username;
    this.password = password;
    this.tls = tls;
    this.tokenAuth = tokenAuth;
  }

  /** A registry anyone may pull from and push to, over plain http. */
  public static LocalRegistry anonymous() {
    return new LocalRegistry(null, null, false, false);
  }

  /** A registry that demands HTTP basic auth with this user and password. */
  public static LocalRegistry withBasicAuth(String username, String password) {
    return new LocalRegistry(username, password, false, false);
  }

  /**
   * A registry that demands docker token auth, with a token server on another port: this user gets
   * push and pull, anonymous callers pull only.
   */
  public static LocalRegistry withTokenAuth(String username, String password) {
    return new LocalRegistry(username, password, false, true);
  }

  /** The same registry served over https with a fresh self-signed certificate for 127.0.0.1. */
  public LocalRegistry withTls() {
    return new LocalRegistry(username, password, true, tokenAuth);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /** Starts the registry and waits until {@code /v2/} answers. */
  public synchronized void start() throws IOException, InterruptedException {
    if (process != null) {
      return;
    }
    Path binary = binary();
    dir = Files.createTempDirectory("stowage-registry-");
    Files.createDirectories(storageRoot());
    String auth = "";
    if (tokenAuth) {
      selfSignedCertificate("token");
      java.security.KeyStore ks = keyStore("token");
      tokenServer =
          new TokenServer(
              username,
              password,
              (java.security.PrivateKey) key(ks, "token"),
              certificate(ks, "token"));
      auth =
          "auth:\n  token:\n    realm: "
              + tokenServer.realm()
              + "\n    service: "
              + TokenServer.SERVICE
              + "\n    issuer: "
              + TokenServer.ISSUER
              + "\n    rootcertbundle: "
              + dir.resolve("token-cert.pem")
              + "\n";
    } else if (username != null) {
      Path htpasswd = dir.resolve("htpasswd");
      Files.writeString(htpasswd, bcryptLine(username, password));
      auth = "auth:\n  htpasswd:\n    realm: stowage-test\n    path: " + htpasswd + "\n";
    }
    String tlsConfig = "";
    if (tls) {
      selfSignedCertificate("registry");
      tlsConfig =
          "  tls:\n    certificate: "
              + dir.resolve("registry-cert.pem")
              + "\n    key: "
              + dir.resolve("registry-key.pem")
              + "\n";
    }
    IOException lastFailure = null;
    // The free port can be taken between probing and binding; try a few.
    for (int attempt = 0; attempt < 3; attempt++) {
      port = freePort();
      Path config = dir.resolve("config.yml");
      Files.writeString(
          config,
          "version: 0.1\n"
              + "log:\n  level: warn\n  accesslog:\n    disabled: true\n"
              + "storage:\n  filesystem:\n    rootdirectory: "
              + storageRoot()
              + "\n  delete:\n    enabled: true\n"
              + "http:\n  addr: 127.0.0.1:"
              + port
              + "\n  secret: stowage-test-secret\n"
              + tlsConfig
              + auth);
      Path log = dir.resolve("registry.log");
      process =
          new ProcessBuilder(binary.toString(), "serve", config.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      try {
        awaitReady(log);
        return;
      } catch (IOException e) {
        lastFailure = e;
        stopProcess();
      }
    }
    throw lastFailure;
  }

  private void awaitReady(Path log) throws IOException, InterruptedException {
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
    if (tls) {
      builder.sslContext(trustingOurCertificate());
    }
    HttpClient http = builder.build();
    HttpRequest ping =
        HttpRequest.newBuilder(URI.create((tls ? "https://" : "http://") + host() + "/v2/"))
            .timeout(Duration.ofSeconds(2))
            .build();
    Instant deadline = Instant.now().plus(STARTUP);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IOException(
            "docker-registry exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      try {
        int status = http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status == 200 || status == 401) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(50);
    }
    throw new IOException(
        "docker-registry did not answer on "
            + host()
            + " within "
            + STARTUP
            + ":\n"
            + Files.readString(log));
  }

  @Override
  public synchronized void close() {
    stopProcess();
    if (tokenServer != null) {
      tokenServer.close();
      tokenServer = null;
    }
    if (dir != null) {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // a leftover temp dir is harmless
      }
      dir = null;
    }
  }

  private void stopProcess() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /** How many tokens the token server issued (token-auth variant only). */
  public int tokensIssued() {
    return tokenServer == null ? 0 : tokenServer.tokensIssued();
  }

  /** {@code 127.0.0.1:<port>}. */
  public String host() {
    return "127.0.0.1:" + port;
  }

  /** A reference into this registry, e.g. {@code reference("x/y:t")}. */
  public ImageReference reference(String repositoryAndTag) {
    return ImageReference.parse(host() + "/" + repositoryAndTag);
  }

  public Path storageRoot() {
    return dir.resolve("storage");
  }

  /** Where the registry keeps a blob's bytes (to corrupt them in tests). */
  public Path blobDataFile(Digest digest) {
    return storageRoot()
        .resolve("docker/registry/v2/blobs")
        .resolve(digest.algorithm())
        .resolve(digest.hex().substring(0, 2))
        .resolve(digest.hex())
        .resolve("data");
  }

  private void selfSignedCertificate(String name) throws IOException, InterruptedException {
    // keytool ships with every JDK, unlike openssl; the registry wants PEM, so convert.
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process p =
        new ProcessBuilder(
                keytool.toString(),
                "-genkeypair",
                "-alias",
                name,
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1",
                "-keystore",
                dir.resolve(name + ".p12").toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                STORE_PASSWORD)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("keytool could not make a certificate: " + out);
    }
    java.security.KeyStore ks = keyStore(name);
    try {
      Files.writeString(
          dir.resolve(name + "-cert.pem"),
          pem("CERTIFICATE", ks.getCertificate(name).getEncoded()));
      Files.writeString(
          dir.resolve(name + "-key.pem"), pem("PRIVATE KEY", key(ks, name).getEncoded()));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the generated key store", e);
    }
  }

  private java.security.KeyStore keyStore(String name) throws IOException {
    try (var in = Files.newInputStream(dir.resolve(name + ".p12"))) {
      var ks = java.security.KeyStore.getInstance("PKCS12");
      ks.load(in, STORE_PASSWORD.toCharArray());
      return ks;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the generated key store", e);
    }
  }

  private static java.security.cert.X509Certificate certificate(
      java.security.KeyStore ks, String name) {
    try {
      return (java.security.cert.X509Certificate) ks.getCertificate(name);
    } catch (java.security.KeyStoreException e) {
      throw new IllegalStateException("cannot read the generated certificate", e);
    }
  }

  private static java.security.Key key(java.security.KeyStore ks, String name) {
    try {
      return ks.getKey(name, STORE_PASSWORD.toCharArray());
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the generated key", e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  /** An SSL context that trusts exactly this registry's certificate (TLS variant only). */
  public javax.net.ssl.SSLContext trustingOurCertificate() {
    try (var in = Files.newInputStream(dir.resolve("registry-cert.pem"))) {
      var cert = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
      var store = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
      store.load(null, null);
      store.setCertificateEntry("registry", cert);
      var tmf =
          javax.net.ssl.TrustManagerFactory.getInstance(
              javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      var context = javax.net.ssl.SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new IllegalStateException("cannot load the test registry certificate", e);
    }
  }

  private static Path binary() {
    String configured = System.getenv("STOWAGE_DOCKER_REGISTRY");
    List<Path> candidates =
        configured != null && !configured.isEmpty()
            ? List.of(Path.of(configured))
            : List.of(
                Path.of("/usr/bin/docker-registry"), Path.of("/usr/local/bin/docker-registry"));
    return candidates.stream()
        .filter(Files::isExecutable)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "docker-registry not found at " + candidates + INSTALL_HINT));
  }

  private static String bcryptLine(String user, String password)
      throws IOException, InterruptedException {
    // docker-registry accepts only bcrypt entries, hence -B.
    Process p;
    try {
      p = new ProcessBuilder("htpasswd", "-Bbn", user, password).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException("htpasswd not found" + INSTALL_HINT, e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("htpasswd failed: " + out);
    }
    return out.strip() + "\n";
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
