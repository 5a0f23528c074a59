package dev.stowage.engine.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/** A scripted HTTP server on 127.0.0.1 that records what it was asked. */
final class FakeServer implements AutoCloseable {

  /** One request as the server saw it. */
  record Seen(String method, String pathAndQuery, String authorization, String body) {}

  /** Answers one exchange. */
  @FunctionalInterface
  interface Handler {
    void handle(HttpExchange exchange) throws IOException;
  }

  private final HttpServer server;
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final ThreadLocal<byte[]> lastBody = new ThreadLocal<>();

  FakeServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
  }

  /** Routes requests whose path starts with {@code prefix} to {@code handler}. */
  FakeServer on(String prefix, Handler handler) {
    server.createContext(
        prefix,
        exchange -> {
          byte[] raw = exchange.getRequestBody().readAllBytes();
          lastBody.set(raw);
          String body = new String(raw, StandardCharsets.ISO_8859_1);
          String query = exchange.getRequestURI().getRawQuery();
          seen.add(
              new Seen(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query),
                  exchange.getRequestHeaders().getFirst("Authorization"),
                  body));
          try {
            handler.handle(exchange);
          } finally {
            exchange.close();
          }
        });
    return this;
  }

  /** The raw body of the request being handled on this thread. */
  byte[] lastBody() {
    return lastBody.get();
  }

  String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  String url(String path) {
    return "http://" + host() + path;
  }

  List<Seen> seen() {
    return List.copyOf(seen);
  }

  List<Seen> seen(String pathPrefix) {
    return seen.stream().filter(s -> s.pathAndQuery().startsWith(pathPrefix)).toList();
  }

  static void respond(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    if (contentType != null) {
      exchange.getResponseHeaders().set("Content-Type", contentType);
    }
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, body.length == 0 || head ? -1 : body.length);
    if (!head && body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  static void respond(HttpExchange exchange, int status, String json) throws IOException {
    respond(exchange, status, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
