package dev.stowage.engine.registry;

import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * A TLS context made on first use. The JDK's HTTP client asks for its context when it is built;
 * setting up TLS (the JSSE provider, cipher suites, a seeded random, the trust store) costs ~80 ms
 * of a CLI run, which a registry on plain HTTP ({@code --tls-verify=false} and {@code host:port})
 * never needs. Given to the client together with empty {@link SSLParameters} (the engine's
 * defaults), nothing touches it until a connection is made over TLS.
 */
final class LazyTlsContext extends SSLContext {

  LazyTlsContext(Supplier<SSLContext> real) {
    super(new Spi(real), null, "TLS");
  }

  /** Empty parameters: an engine keeps its context's default protocols and cipher suites. */
  static SSLParameters defaultParameters() {
    return new SSLParameters();
  }

  private static final class Spi extends SSLContextSpi {
    private final Supplier<SSLContext> factory;
    private SSLContext real;

    Spi(Supplier<SSLContext> factory) {
      this.factory = factory;
    }

    private synchronized SSLContext real() {
      if (real == null) {
        real = factory.get();
      }
      return real;
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random)
        throws KeyManagementException {
      throw new KeyManagementException("a lazy TLS context is set up by its factory");
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      return real().getSocketFactory();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      return real().getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      return real().createSSLEngine();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      return real().createSSLEngine(host, port);
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      return real().getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      return real().getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
      return real().getDefaultSSLParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      return real().getSupportedSSLParameters();
    }
  }
}
