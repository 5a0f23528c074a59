package dev.stowage.engine.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.engine.json.JsonTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One docker {@code config.json} or containers {@code auth.json}: the {@code auths} entries by
 * normalised key ({@code host[:port]} or {@code host/namespace/repo}).
 */
public final class AuthFile {

  private final Path path;
  private final Map<String, Entry> auths;
  private final Map<String, String> credHelpers;
  private final String credsStore;

  private AuthFile(
      Path path, Map<String, Entry> auths, Map<String, String> credHelpers, String credsStore) {
    this.path = path;
    this.auths = Map.copyOf(auths);
    this.credHelpers = Map.copyOf(credHelpers);
    this.credsStore = credsStore;
  }

  /** One {@code auths} entry: either credential may be absent (helpers leave entries empty). */
  private record Entry(String key, Credential credential) {}

  /** Reads and parses {@code path}. */
  public static AuthFile read(Path path) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new AuthConfigException(path, "auth file does not exist", e);
    } catch (IOException e) {
      throw new AuthConfigException(path, "cannot read auth file: " + e.getMessage(), e);
    }
    return parse(bytes, path);
  }

  /** Parses auth file JSON; {@code source} names it in errors and may be null. */
  public static AuthFile parse(byte[] json, Path source) {
    JsonNode root;
    try {
      root = JsonTrees.parse(json);
    } catch (IOException e) {
      throw new AuthConfigException(source, "auth file is not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new AuthConfigException(source, "auth file is not a JSON object");
    }
    Map<String, Entry> auths = new LinkedHashMap<>();
    JsonNode authsNode = root.get("auths");
    if (authsNode != null && authsNode.isObject()) {
      for (Map.Entry<String, JsonNode> e : authsNode.properties()) {
        String key = normaliseKey(e.getKey());
        auths.putIfAbsent(key, new Entry(e.getKey(), credential(source, e.getKey(), e.getValue())));
      }
    }
    Map<String, String> helpers = new LinkedHashMap<>();
    JsonNode helpersNode = root.get("credHelpers");
    if (helpersNode != null && helpersNode.isObject()) {
      helpersNode
          .properties()
          .forEach(e -> helpers.put(normaliseKey(e.getKey()), e.getValue().asText()));
    }
    JsonNode store = root.get("credsStore");
    return new AuthFile(
        source, auths, helpers, store == null || store.asText().isEmpty() ? null : store.asText());
  }

  private static Credential credential(Path source, String key, JsonNode entry) {
    String identityToken = entry.path("identitytoken").asText("");
    if (!identityToken.isEmpty()) {
      return new Credential.IdentityToken(identityToken);
    }
    String auth = entry.path("auth").asText("");
    if (!auth.isEmpty()) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new AuthConfigException(source, "auths[\"" + key + "\"].auth is not valid base64", e);
      }
      int colon = decoded.indexOf(':');
      if (colon <= 0) {
        throw new AuthConfigException(
            source, "auths[\"" + key + "\"].auth must encode user:password");
      }
      return new Credential.Basic(decoded.substring(0, colon), decoded.substring(colon + 1));
    }
    String user = entry.path("username").asText("");
    if (!user.isEmpty()) {
      return new Credential.Basic(user, entry.path("password").asText(""));
    }
    return null;
  }

  /**
   * The key a registry is looked up by: {@code https://index.docker.io/v1/} and {@code
   * registry-1.docker.io} become {@code docker.io}; URL keys lose scheme and path, plain keys keep
   * their repository path (podman's per-namespace entries).
   */
  static String normaliseKey(String key) {
    String k = key.strip();
    boolean url = false;
    if (k.startsWith("https://") || k.startsWith("http://")) {
      k = k.substring(k.indexOf("://") + 3);
      url = true;
    }
    int slash = k.indexOf('/');
    if (url && slash >= 0) {
      k = k.substring(0, slash);
    }
    while (k.endsWith("/")) {
      k = k.substring(0, k.length() - 1);
    }
    int hostEnd = k.indexOf('/');
    String host = hostEnd < 0 ? k : k.substring(0, hostEnd);
    String rest = hostEnd < 0 ? "" : k.substring(hostEnd);
    if (host.equals("index.docker.io") || host.equals("registry-1.docker.io")) {
      host = "docker.io";
    }
    return host + rest;
  }

  /**
   * The credential for {@code repository} on {@code registry}: the most specific entry wins ({@code
   * host/ns/repo}, then {@code host/ns}, then {@code host}).
   *
   * @throws AuthConfigException when only a credential helper knows the credential
   */
  public Optional<Credential> lookup(String registry, String repository) {
    String host = normaliseKey(registry);
    String scope = repository == null || repository.isEmpty() ? host : host + "/" + repository;
    while (true) {
      Entry entry = auths.get(scope);
      if (entry != null && entry.credential() != null) {
        return Optional.of(entry.credential());
      }
      if (credHelpers.containsKey(scope)) {
        throw helperUnsupported(
            scope, "credHelpers uses docker-credential-" + credHelpers.get(scope));
      }
      if (entry != null && credsStore != null) {
        throw helperUnsupported(scope, "credsStore uses docker-credential-" + credsStore);
      }
      int slash = scope.lastIndexOf('/');
      if (slash < 0) {
        return Optional.empty();
      }
      scope = scope.substring(0, slash);
    }
  }

  private AuthConfigException helperUnsupported(String key, String what) {
    return new AuthConfigException(
        path,
        "credentials for "
            + key
            + " live in a credential helper ("
            + what
            + "), which stowage does not run; store them in the file itself, e.g. with"
            + " `podman login --authfile <file> "
            + key
            + "`");
  }

  /** Where this file came from, or null. */
  public Path path() {
    return path;
  }
}
