package dev.stowage.engine.registry;

import dev.stowage.engine.auth.AuthConfigException;
import dev.stowage.engine.auth.Credential;
import dev.stowage.engine.auth.CredentialProvider;
import dev.stowage.engine.image.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@link RegistryOperation}s: picks https (or http for insecure registries), adds auth,
 * answers 401 challenges, retries with backoff, follows blob redirects and turns failures into
 * {@link RegistryException}s. Thread-safe.
 */
final class RegistryCaller {

  private static final Logger LOG = LoggerFactory.getLogger(RegistryCaller.class);
  private static final int MAX_REDIRECTS = 5;

  /** Waits between retries; a seam for tests. */
  interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  private final HttpTransport transport;
  private final CredentialProvider credentials;
  private final boolean insecure;
  private final boolean plainHttp;
  private final RetryPolicy retry;
  private final Sleeper sleeper;
  private final Clock clock;
  private final Duration requestTimeout;
  private final String userAgent;
  private final Map<String, RegistryAuthenticator> authenticators = new ConcurrentHashMap<>();
  private final Map<String, URI> bases = new ConcurrentHashMap<>();

  RegistryCaller(
      HttpTransport transport,
      CredentialProvider credentials,
      boolean insecure,
      boolean plainHttp,
      RetryPolicy retry,
      Sleeper sleeper,
      Clock clock,
      Duration requestTimeout,
      String userAgent) {
    this.transport = transport;
    this.credentials = credentials;
    this.insecure = insecure;
    this.plainHttp = plainHttp;
    this.retry = retry;
    this.sleeper = sleeper;
    this.clock = clock;
    this.requestTimeout = requestTimeout;
    this.userAgent = userAgent;
  }

  /** Runs {@code op} against the registry and repository of {@code repo}. */
  <T> T call(ImageReference repo, RegistryOperation<T> op) {
    CallContext ctx = new CallContext(repo.registry(), repo.repository(), op.action());
    Credential credential = credential(repo, ctx);
    RegistryAuthenticator auth =
        authenticators.computeIfAbsent(repo.registry(), r -> new RegistryAuthenticator(r, clock));
    URI base = base(repo.apiHost(), ctx);
    boolean reauthenticated = false;
    int attempt = 1;
    while (true) {
      HttpResponse<InputStream> response;
      try {
        HttpRequest.Builder b = op.request(base).timeout(requestTimeout);
        b.setHeader("User-Agent", userAgent);
        if (op.authenticated()) {
          String header = auth.authorization(this, credential, op.scopes());
          if (header != null) {
            b.setHeader("Authorization", header);
          }
        }
        response = followRedirects(b.build(), ctx);
      } catch (ResponseError e) {
        throw ctx.fail(e);
      } catch (IOException e) {
        if (op.retryable() && retryableIo(e) && attempt < retry.maxAttempts()) {
          backoff(ctx, attempt++, describe(e), Optional.empty());
          continue;
        }
        throw ctx.fail(0, List.of(), connectionDetail(repo.apiHost(), e), e);
      }
      int status = response.statusCode();
      if (status == 401 && op.authenticated() && !reauthenticated) {
        close(response);
        reauthenticated = true;
        String challenge = response.headers().firstValue("WWW-Authenticate").orElse(null);
        if (auth.challenged(challenge, credential, op.scopes())) {
          continue;
        }
        throw ctx.fail(ResponseError.of(401, new byte[0]));
      }
      if (status == 401 || status == 403) {
        throw ctx.fail(ResponseError.of(response));
      }
      if ((status == 429 || status >= 500) && op.retryable() && attempt < retry.maxAttempts()) {
        Optional<Duration> after = retryAfter(response);
        close(response);
        backoff(ctx, attempt++, "HTTP " + status, after);
        continue;
      }
      try {
        return op.handle(response);
      } catch (ResponseError e) {
        throw ctx.fail(e);
      } catch (IOException e) {
        if (op.retryable() && attempt < retry.maxAttempts()) {
          backoff(ctx, attempt++, describe(e), Optional.empty());
          continue;
        }
        throw ctx.fail(status, List.of(), "reading the response: " + describe(e), e);
      } finally {
        close(response);
      }
    }
  }

  /** Runs a token request for an authenticator; its failures are auth failures. */
  BearerToken fetchToken(TokenRequest request) {
    CallContext ctx = new CallContext("", "", request.action());
    int attempt = 1;
    while (true) {
      HttpResponse<InputStream> response;
      try {
        HttpRequest.Builder b = request.request(null).timeout(requestTimeout);
        b.setHeader("User-Agent", userAgent);
        response = transport.send(b.build());
      } catch (IOException e) {
        if (retryableIo(e) && attempt < retry.maxAttempts()) {
          backoff(ctx, attempt++, describe(e), Optional.empty());
          continue;
        }
        throw new ResponseError(0, List.of(), request.action() + ": " + describe(e));
      }
      int status = response.statusCode();
      if ((status == 429 || status >= 500) && attempt < retry.maxAttempts()) {
        close(response);
        backoff(ctx, attempt++, "HTTP " + status, Optional.empty());
        continue;
      }
      try {
        return request.handle(response);
      } catch (ResponseError e) {
        // Reported as an auth failure of the operation that needed the token.
        throw new ResponseError(
            e.status() == 0 || e.status() >= 400 && e.status() < 500 ? 401 : e.status(),
            e.codes(),
            request.action() + ": " + e.getMessage());
      } catch (IOException e) {
        throw new ResponseError(401, List.of(), request.action() + ": " + describe(e));
      } finally {
        close(response);
      }
    }
  }

  private Credential credential(ImageReference repo, CallContext ctx) {
    try {
      return credentials.credentialFor(repo.registry(), repo.repository()).orElse(null);
    } catch (AuthConfigException e) {
      throw ctx.fail(401, List.of(), e.getMessage(), e);
    }
  }

  private HttpResponse<InputStream> followRedirects(HttpRequest request, CallContext ctx)
      throws IOException {
    HttpRequest current = request;
    for (int hop = 0; ; hop++) {
      HttpResponse<InputStream> response = transport.send(current);
      int status = response.statusCode();
      boolean redirect =
          status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
      boolean safe = current.method().equals("GET") || current.method().equals("HEAD");
      Optional<String> location = response.headers().firstValue("Location");
      if (!redirect || !safe || location.isEmpty()) {
        return response;
      }
      close(response);
      if (hop >= MAX_REDIRECTS) {
        throw ctx.fail(status, List.of(), "more than " + MAX_REDIRECTS + " redirects", null);
      }
      URI target = current.uri().resolve(location.get());
      if (target.getScheme().equals("http") && current.uri().getScheme().equals("https")) {
        throw ctx.fail(status, List.of(), "refusing redirect from https to " + target, null);
      }
      // Blob storage (S3, GCS) rejects our registry token: only send it to the same host.
      boolean sameHost = target.getAuthority().equals(current.uri().getAuthority());
      current =
          HttpRequest.newBuilder(
                  current, (name, value) -> sameHost || !name.equalsIgnoreCase("Authorization"))
              .uri(target)
              .build();
    }
  }

  /** The API root for {@code host}; for insecure registries, https if it answers, else http. */
  private URI base(String host, CallContext ctx) {
    if (plainHttp) {
      return URI.create("http://" + host + "/v2/");
    }
    if (!insecure) {
      return URI.create("https://" + host + "/v2/");
    }
    return bases.computeIfAbsent(host, h -> probe(h, ctx));
  }

  /**
   * The scheme an insecure registry speaks. A port speaks one protocol, so for {@code host:port}
   * plain HTTP is asked first: its answer costs no TLS set-up (a third of a short push's time in
   * the JVM). Without a port, http and https are different ports (80 and 443) and https wins, as
   * with Docker and containers/image.
   */
  private URI probe(String host, CallContext ctx) {
    URI http = URI.create("http://" + host + "/v2/");
    if (hasPort(host) && answersAsRegistry(http)) {
      return http;
    }
    URI https = URI.create("https://" + host + "/v2/");
    try {
      close(ping(https, Duration.ofSeconds(10)));
      return https;
    } catch (IOException e) {
      LOG.debug("{} does not speak https ({}); using http", host, describe(e));
      return http;
    }
  }

  /** Whether {@code GET /v2/} gets a registry's answer: 200, or 401 asking for credentials. */
  private boolean answersAsRegistry(URI v2) {
    try {
      HttpResponse<InputStream> response = ping(v2, Duration.ofSeconds(5));
      close(response);
      return response.statusCode() == 200 || response.statusCode() == 401;
    } catch (IOException e) {
      LOG.debug("{} does not speak http ({})", v2.getAuthority(), describe(e));
      return false;
    }
  }

  /** An unauthenticated {@code GET} of the API root. */
  private HttpResponse<InputStream> ping(URI v2, Duration timeout) throws IOException {
    return transport.send(
        HttpRequest.newBuilder(v2).timeout(timeout).header("User-Agent", userAgent).GET().build());
  }

  static boolean hasPort(String host) {
    int colon = host.lastIndexOf(':');
    return colon > 0 && colon > host.lastIndexOf(']') && colon < host.length() - 1;
  }

  private void backoff(CallContext ctx, int attempt, String why, Optional<Duration> retryAfter) {
    Duration wait = retry.delayAfter(attempt);
    if (retryAfter.isPresent()) {
      wait = retryAfter.get().compareTo(retry.maxDelay()) > 0 ? retry.maxDelay() : retryAfter.get();
    }
    LOG.info(
        "{}: {}; retrying in {} ms (attempt {} of {})",
        ctx.action(),
        why,
        wait.toMillis(),
        attempt + 1,
        retry.maxAttempts());
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ctx.fail(0, List.of(), "interrupted while waiting to retry", e);
    }
  }

  private static Optional<Duration> retryAfter(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Retry-After")
        .flatMap(
            v -> {
              try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v.strip())));
              } catch (NumberFormatException e) {
                return Optional.empty();
              }
            });
  }

  private static boolean retryableIo(IOException e) {
    // A registry that refuses TLS or the connection outright will not change its mind.
    return !(e instanceof SSLException) && !(e instanceof ConnectException);
  }

  private String connectionDetail(String host, IOException e) {
    String detail = "cannot talk to " + host + ": " + describe(e);
    if (e instanceof SSLException && !insecure) {
      detail += " (a registry without valid TLS needs --tls-verify=false / insecure)";
    } else if (e instanceof HttpTimeoutException) {
      detail += " (no response within " + requestTimeout.toSeconds() + " s)";
    }
    return detail;
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  /** Releases the HTTP client; the caller can still be used, it then starts a new one. */
  void close() {
    transport.close();
  }

  private static void close(HttpResponse<InputStream> response) {
    try {
      // closing releases the connection
      response.body().close();
    } catch (IOException e) {
      // nothing to release any more
    }
  }
}
