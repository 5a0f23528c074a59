package dev.stowage.engine.testing.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A docker token server for {@link LocalRegistry}: issues RS256 JWTs the registry trusts (the
 * signing certificate travels in {@code x5c}). Valid Basic credentials get every action asked for;
 * anonymous callers get only {@code pull}; wrong credentials get 401.
 */
final class TokenServer implements AutoCloseable {

  static final String SERVICE = "stowage-test-registry";
  static final String ISSUER = "stowage-test-issuer";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpServer server;
  private final String username;
  private final String password;
  private final PrivateKey key;
  private final X509Certificate certificate;
  private final AtomicInteger issued = new AtomicInteger();

  TokenServer(String username, String password, PrivateKey key, X509Certificate certificate)
      throws IOException {
    this.username = username;
    this.password = password;
    this.key = key;
    this.certificate = certificate;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/token", this::handle);
    server.start();
  }

  String realm() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
  }

  int tokensIssued() {
    return issued.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      boolean authenticated = false;
      if (authorization != null) {
        String expected =
            "Basic "
                + Base64.getEncoder()
                    .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        if (!authorization.equals(expected)) {
          send(exchange, 401, "{\"details\":\"incorrect username or password\"}");
          return;
        }
        authenticated = true;
      }
      List<String> scopes = new ArrayList<>();
      String query = exchange.getRequestURI().getRawQuery();
      for (String pair : query == null ? new String[0] : query.split("&")) {
        if (pair.startsWith("scope=")) {
          scopes.add(URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8));
        }
      }
      String jwt = jwt(authenticated ? username : "", scopes, authenticated);
      issued.incrementAndGet();
      send(
          exchange,
          200,
          "{\"token\":\"" + jwt + "\",\"expires_in\":300,\"issued_at\":\"" + Instant.now() + "\"}");
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException(e);
    }
  }

  private String jwt(String subject, List<String> scopes, boolean authenticated)
      throws java.security.GeneralSecurityException, IOException {
    ObjectNode header = MAPPER.createObjectNode().put("typ", "JWT").put("alg", "RS256");
    header.putArray("x5c").add(Base64.getEncoder().encodeToString(certificate.getEncoded()));
    long now = Instant.now().getEpochSecond();
    ObjectNode claims =
        MAPPER
            .createObjectNode()
            .put("iss", ISSUER)
            .put("sub", subject)
            .put("aud", SERVICE)
            .put("exp", now + 300)
            .put("nbf", now - 10)
            .put("iat", now)
            .put("jti", UUID.randomUUID().toString());
    ArrayNode access = claims.putArray("access");
    for (String scope : scopes) {
      // repository:<name>:<actions>; names never contain ':' in these tests
      String[] parts = scope.split(":");
      if (parts.length != 3) {
        continue;
      }
      ObjectNode entry = access.addObject().put("type", parts[0]).put("name", parts[1]);
      ArrayNode actions = entry.putArray("actions");
      for (String action : parts[2].split(",")) {
        if (authenticated || action.equals("pull")) {
          actions.add(action);
        }
      }
    }
    Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
    String signingInput =
        url.encodeToString(MAPPER.writeValueAsBytes(header))
            + "."
            + url.encodeToString(MAPPER.writeValueAsBytes(claims));
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initSign(key);
    rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput + "." + url.encodeToString(rsa.sign());
  }

  private static void send(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
