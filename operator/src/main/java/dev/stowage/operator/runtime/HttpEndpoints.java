package dev.stowage.operator.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The operator's HTTP endpoints on the JDK server: {@code /healthz} and {@code /readyz} on the
 * health port, Prometheus {@code /metrics} on the metrics port (one server when both ports match).
 */
public final class HttpEndpoints implements AutoCloseable {

  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer health;
  private final HttpServer metrics;

  private HttpEndpoints(HttpServer health, HttpServer metrics) {
    this.health = health;
    this.metrics = metrics;
  }

  /** Binds both ports (0 picks a free one) and starts serving. */
  public static HttpEndpoints start(
      int healthPort,
      int metricsPort,
      BooleanSupplier alive,
      BooleanSupplier ready,
      PrometheusMeterRegistry registry) {
    HttpServer health = bind(healthPort);
    HttpServer metrics = healthPort == metricsPort && healthPort != 0 ? health : bind(metricsPort);
    health.createContext("/healthz", exchange -> probe(exchange, alive));
    health.createContext("/readyz", exchange -> probe(exchange, ready));
    metrics.createContext(
        "/metrics", exchange -> respond(exchange, 200, PROMETHEUS_TEXT, registry::scrape));
    health.start();
    if (metrics != health) {
      metrics.start();
    }
    return new HttpEndpoints(health, metrics);
  }

  /** The bound health port. */
  public int healthPort() {
    return health.getAddress().getPort();
  }

  /** The bound metrics port. */
  public int metricsPort() {
    return metrics.getAddress().getPort();
  }

  @Override
  public void close() {
    health.stop(0);
    if (metrics != health) {
      metrics.stop(0);
    }
  }

  private static HttpServer bind(int port) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(port), 16);
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on port " + port + " for the operator's HTTP endpoints", e);
    }
  }

  private static void probe(HttpExchange exchange, BooleanSupplier check) throws IOException {
    boolean ok = check.getAsBoolean();
    respond(exchange, ok ? 200 : 503, "text/plain; charset=utf-8", () -> ok ? "ok\n" : "not ok\n");
  }

  private static void respond(
      HttpExchange exchange, int code, String contentType, Supplier<String> body)
      throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())
          && !"HEAD".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", contentType);
      boolean head = "HEAD".equals(exchange.getRequestMethod());
      exchange.sendResponseHeaders(code, head ? -1 : bytes.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }
}
