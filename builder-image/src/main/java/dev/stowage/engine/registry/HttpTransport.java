package dev.stowage.engine.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The java.net.http client registry requests go through; redirects are ours to follow. The client
 * is made on the first request, and TLS (trust store, security providers) on the first TLS
 * connection ({@link LazyTlsContext}): a short-lived CLI run that never reaches a registry, or
 * reaches one over plain HTTP, does not pay for it.
 */
final class HttpTransport {

  private final boolean skipTlsVerify;
  private final Duration connectTimeout;
  private HttpClient client;

  private HttpTransport(boolean skipTlsVerify, Duration connectTimeout) {
    this.skipTlsVerify = skipTlsVerify;
    this.connectTimeout = connectTimeout;
  }

  /** A client that verifies TLS, or with {@code skipTlsVerify} one that trusts any server. */
  static HttpTransport create(boolean skipTlsVerify, Duration connectTimeout) {
    return new HttpTransport(skipTlsVerify, connectTimeout);
  }

  private synchronized HttpClient client() {
    if (client == null) {
      client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .followRedirects(HttpClient.Redirect.NEVER)
              .connectTimeout(connectTimeout)
              .sslContext(
                  new LazyTlsContext(
                      skipTlsVerify ? HttpTransport::trustAll : HttpTransport::verifying))
              .sslParameters(LazyTlsContext.defaultParameters())
              .build();
    }
    return client;
  }

  /**
   * Stops the client's selector thread. A JVM that exits while a thread waits in native code (the
   * selector's {@code epoll_wait}) first waits ~300 ms for it to return, on every short CLI run.
   */
  synchronized void close() {
    if (client != null) {
      client.shutdownNow();
      try {
        client.awaitTermination(Duration.ofSeconds(1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      client = null;
    }
  }

  HttpResponse<InputStream> send(HttpRequest request) throws IOException {
    try {
      return client().send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted: " + request.uri());
    }
  }

  private static SSLContext verifying() {
    try {
      return SSLContext.getDefault();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot set up TLS", e);
    }
  }

  private static SSLContext trustAll() {
    // An X509ExtendedTrustManager that accepts everything also skips hostname verification,
    // which is what --tls-verify=false promises.
    TrustManager trustAll =
        new X509ExtendedTrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkClientTrusted(
              X509Certificate[] chain, String authType, java.net.Socket socket) {}

          @Override
          public void checkServerTrusted(
              X509Certificate[] chain, String authType, java.net.Socket socket) {}

          @Override
          public void checkClientTrusted(
              X509Certificate[] chain, String authType, SSLEngine engine) {}

          @Override
          public void checkServerTrusted(
              X509Certificate[] chain, String authType, SSLEngine engine) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trustAll}, new SecureRandom());
      return context;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up TLS", e);
    }
  }
}
