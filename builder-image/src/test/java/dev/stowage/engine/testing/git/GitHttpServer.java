package dev.stowage.engine.testing.git;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Git's smart HTTP protocol on 127.0.0.1: the JDK's HTTP server runs {@code git http-backend} as a
 * CGI program for every request, optionally behind HTTP basic auth (401 without the right user and
 * password). A real git server, so clients meet real refusals and real protocol negotiation.
 */
public final class GitHttpServer implements AutoCloseable {

  /** A request as the server saw it: method, path and query, and the user it authenticated. */
  public record Request(String method, String pathAndQuery, String user) {}

  private final Path root;
  private final Map<String, String> users;
  private final boolean protocolV2;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();

  private GitHttpServer(Path root, Map<String, String> users, boolean protocolV2)
      throws IOException {
    this.root = root;
    this.users = Map.copyOf(users);
    this.protocolV2 = protocolV2;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** Serves every repository below {@code root} to anyone. */
  public static GitHttpServer anonymous(Path root) throws IOException {
    return new GitHttpServer(root, Map.of(), true);
  }

  /** Serves {@code root} only to these users (name to password). */
  public static GitHttpServer withBasicAuth(Path root, Map<String, String> users)
      throws IOException {
    return new GitHttpServer(root, users, true);
  }

  /**
   * Serves {@code root} to anyone but drops the client's {@code Git-Protocol} header, so {@code
   * http-backend} speaks protocol v0 and refuses to send a commit no ref points to.
   */
  public static GitHttpServer protocolV0Only(Path root) throws IOException {
    return new GitHttpServer(root, Map.of(), false);
  }

  /** {@code http://127.0.0.1:PORT/NAME}. */
  public String url(String name) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name;
  }

  /** Every request served so far, in order. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String user = authenticate(exchange);
      String query = exchange.getRequestURI().getRawQuery();
      requests.add(
          new Request(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query),
              user));
      if (user == null) {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"stowage-test\"");
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      cgi(exchange, user, query);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The authenticated user, "" for anonymous access, null when refused. */
  private String authenticate(HttpExchange exchange) {
    if (users.isEmpty()) {
      return "";
    }
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return null;
    }
    String name = decoded.substring(0, colon);
    String password = decoded.substring(colon + 1);
    return password.equals(users.get(name)) ? name : null;
  }

  private void cgi(HttpExchange exchange, String user, String query)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder("git", "http-backend");
    Map<String, String> env = builder.environment();
    env.putAll(Git.ENV);
    env.put("GIT_PROJECT_ROOT", root.toString());
    env.put("GIT_HTTP_EXPORT_ALL", "1");
    env.put("GATEWAY_INTERFACE", "CGI/1.1");
    env.put("SERVER_PROTOCOL", "HTTP/1.1");
    env.put("REQUEST_METHOD", exchange.getRequestMethod());
    env.put("PATH_INFO", exchange.getRequestURI().getPath());
    env.put("QUERY_STRING", query == null ? "" : query);
    env.put("REMOTE_ADDR", "127.0.0.1");
    env.put("REMOTE_USER", user);
    header(exchange, "Content-Type").ifPresent(v -> env.put("CONTENT_TYPE", v));
    header(exchange, "Content-Length").ifPresent(v -> env.put("CONTENT_LENGTH", v));
    header(exchange, "Content-Encoding").ifPresent(v -> env.put("HTTP_CONTENT_ENCODING", v));
    if (protocolV2) {
      header(exchange, "Git-Protocol").ifPresent(v -> env.put("GIT_PROTOCOL", v));
    }
    builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process process = builder.start();
    // Feed the request body on its own thread: the CGI may answer before it has read it all.
    Thread feeder =
        Thread.ofVirtual()
            .start(
                () -> {
                  try (OutputStream stdin = process.getOutputStream();
                      InputStream body = exchange.getRequestBody()) {
                    body.transferTo(stdin);
                  } catch (IOException e) {
                    // the CGI stopped reading; its answer says why
                  }
                });
    try (InputStream stdout = new BufferedInputStream(process.getInputStream())) {
      int status = 200;
      for (String line = readLine(stdout); !line.isEmpty(); line = readLine(stdout)) {
        int colon = line.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String name = line.substring(0, colon).strip();
        String value = line.substring(colon + 1).strip();
        if (name.equalsIgnoreCase("Status")) {
          status = Integer.parseInt(value.split(" ")[0]);
        } else {
          exchange.getResponseHeaders().add(name, value);
        }
      }
      exchange.sendResponseHeaders(status, 0);
      try (OutputStream body = exchange.getResponseBody()) {
        stdout.transferTo(body);
      }
    } finally {
      feeder.join();
      process.waitFor();
    }
  }

  private static java.util.Optional<String> header(HttpExchange exchange, String name) {
    return java.util.Optional.ofNullable(exchange.getRequestHeaders().getFirst(name));
  }

  /** One CGI header line without its CR LF (or LF); "" at the blank line or end of stream. */
  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
