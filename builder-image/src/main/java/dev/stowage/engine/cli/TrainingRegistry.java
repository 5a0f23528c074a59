package dev.stowage.engine.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.stowage.engine.image.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The smallest OCI distribution API the AOT training's pushes and pulls need, in memory, on
 * 127.0.0.1 only: {@code GET /v2/}, blob HEAD/GET, monolithic and chunked uploads, manifest PUT and
 * GET. It checks nothing but digests; it is a training partner for the engine's registry client,
 * not a registry.
 */
final class TrainingRegistry implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(4);
  private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
  private final Map<String, Manifest> manifests = new ConcurrentHashMap<>();
  private final Map<String, ByteArrayOutputStream> uploads = new ConcurrentHashMap<>();
  private final AtomicLong nextUpload = new AtomicLong();

  private record Manifest(String mediaType, byte[] bytes) {}

  private TrainingRegistry(HttpServer server) {
    this.server = server;
    server.setExecutor(threads);
    server.createContext("/v2/", this::handle);
    server.start();
  }

  /** Starts one on an ephemeral loopback port. */
  static TrainingRegistry start() throws IOException {
    return new TrainingRegistry(
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
  }

  /** {@code 127.0.0.1:PORT}, for image references. */
  String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getRawPath();
      String query = exchange.getRequestURI().getRawQuery();
      byte[] body = exchange.getRequestBody().readAllBytes();
      exchange.getResponseHeaders().set("Docker-Distribution-API-Version", "registry/2.0");
      if (path.equals("/v2/")) {
        respond(exchange, 200, new byte[0]);
        return;
      }
      int blobsAt = path.indexOf("/blobs/");
      int manifestsAt = path.indexOf("/manifests/");
      if (blobsAt > 0 && path.startsWith("/blobs/uploads/", blobsAt)) {
        upload(exchange, method, path, query, body);
      } else if (blobsAt > 0) {
        String digest = path.substring(blobsAt + "/blobs/".length());
        byte[] blob = blobs.get(digest);
        if (blob == null) {
          respond(exchange, 404, new byte[0]);
        } else {
          exchange.getResponseHeaders().set("Docker-Content-Digest", digest);
          respond(exchange, 200, method.equals("HEAD") ? null : blob, blob.length);
        }
      } else if (manifestsAt > 0) {
        String key = path.substring(0, manifestsAt) + "@" + path.substring(manifestsAt + 11);
        manifest(exchange, method, key, body);
      } else {
        respond(exchange, 404, new byte[0]);
      }
    }
  }

  private void upload(HttpExchange exchange, String method, String path, String query, byte[] body)
      throws IOException {
    String prefix = path.substring(0, path.indexOf("/blobs/uploads/") + "/blobs/uploads/".length());
    if (method.equals("POST")) {
      String id = Long.toString(nextUpload.incrementAndGet());
      ByteArrayOutputStream data = new ByteArrayOutputStream();
      data.write(body);
      uploads.put(id, data);
      exchange.getResponseHeaders().set("Location", prefix + id);
      exchange.getResponseHeaders().set("Range", "0-" + Math.max(0, data.size() - 1));
      respond(exchange, 202, new byte[0]);
      return;
    }
    String id = path.substring(prefix.length());
    ByteArrayOutputStream data = uploads.get(id);
    if (data == null) {
      respond(exchange, 404, new byte[0]);
      return;
    }
    data.write(body);
    if (method.equals("PATCH")) {
      exchange.getResponseHeaders().set("Location", prefix + id);
      exchange.getResponseHeaders().set("Range", "0-" + Math.max(0, data.size() - 1));
      respond(exchange, 202, new byte[0]);
      return;
    }
    String digest = query == null ? "" : query.replaceFirst("(^|.*&)digest=([^&]*).*", "$2");
    byte[] blob = data.toByteArray();
    uploads.remove(id);
    if (!Digest.sha256(blob).toString().equals(digest.replace("%3A", ":"))) {
      respond(exchange, 400, new byte[0]);
      return;
    }
    blobs.put(Digest.sha256(blob).toString(), blob);
    exchange.getResponseHeaders().set("Docker-Content-Digest", Digest.sha256(blob).toString());
    respond(exchange, 201, new byte[0]);
  }

  private void manifest(HttpExchange exchange, String method, String key, byte[] body)
      throws IOException {
    if (method.equals("PUT")) {
      String digest = Digest.sha256(body).toString();
      String type = exchange.getRequestHeaders().getFirst("Content-Type");
      Manifest m = new Manifest(type, body);
      manifests.put(key, m);
      manifests.put(key.substring(0, key.indexOf('@') + 1) + digest, m);
      exchange.getResponseHeaders().set("Docker-Content-Digest", digest);
      respond(exchange, 201, new byte[0]);
      return;
    }
    Manifest m = manifests.get(key);
    if (m == null) {
      respond(exchange, 404, new byte[0]);
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", m.mediaType());
    exchange.getResponseHeaders().set("Docker-Content-Digest", Digest.sha256(m.bytes()).toString());
    respond(exchange, 200, method.equals("HEAD") ? null : m.bytes(), m.bytes().length);
  }

  private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    respond(exchange, status, body, body.length);
  }

  /** A null body answers a HEAD: the length is announced, nothing is sent. */
  private static void respond(HttpExchange exchange, int status, byte[] body, long length)
      throws IOException {
    if (body == null) {
      exchange.getResponseHeaders().set("Content-Length", Long.toString(length));
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
