package dev.stowage.engine.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The keys of a clone Secret, mounted as one file per key: {@code username} + {@code password}, or
 * {@code token} (HTTP basic auth), or {@code ssh-privatekey} (+ {@code known_hosts}).
 */
public sealed interface GitCredentials {

  /**
   * The user name sent with a {@code token}: GitHub wants it for app installation tokens and
   * ignores it for personal access tokens; GitLab accepts any user name with a personal, project or
   * group access token. A {@code username} key next to the token overrides it (e.g. {@code oauth2}
   * for a GitLab OAuth token).
   */
  String TOKEN_USERNAME = "x-access-token";

  /** No credentials: anonymous access. */
  record None() implements GitCredentials {}

  /** HTTP basic auth. */
  record Basic(String username, String password) implements GitCredentials {
    @Override
    public String toString() {
      return "Basic[username=" + username + ", password=***]";
    }
  }

  /** An SSH private key (only meaningful for SSH URLs). */
  record SshKey(Path privateKey, Optional<Path> knownHosts) implements GitCredentials {}

  /**
   * Reads the Secret's keys from {@code dir}; {@link None} when no directory is given.
   *
   * @throws InvalidSourceException when the keys found do not make one of the forms above
   */
  static GitCredentials read(Optional<Path> dir) throws InvalidSourceException, IOException {
    if (dir.isEmpty()) {
      return new None();
    }
    Path d = dir.get();
    if (!Files.isDirectory(d)) {
      throw new InvalidSourceException(
          "--git-credentials " + d + " does not exist or is not a directory");
    }
    Optional<String> username = key(d, "username");
    Optional<String> password = key(d, "password");
    Optional<String> token = key(d, "token");
    if (token.isPresent() && password.isPresent()) {
      throw new InvalidSourceException(
          "the clone Secret has both 'token' and 'password': keep only one of them");
    }
    if (token.isPresent()) {
      return new Basic(username.orElse(TOKEN_USERNAME), token.get());
    }
    if (password.isPresent() || username.isPresent()) {
      if (username.isEmpty()) {
        throw new InvalidSourceException(
            "the clone Secret has 'password' but no 'username' (or use the key 'token')");
      }
      if (password.isEmpty()) {
        throw new InvalidSourceException(
            "the clone Secret has 'username' but no 'password' (or 'token')");
      }
      return new Basic(username.get(), password.get());
    }
    Path key = d.resolve("ssh-privatekey");
    if (Files.isRegularFile(key)) {
      Path knownHosts = d.resolve("known_hosts");
      return new SshKey(
          key, Files.isRegularFile(knownHosts) ? Optional.of(knownHosts) : Optional.empty());
    }
    throw new InvalidSourceException(
        "the clone Secret has none of the keys 'username' + 'password', 'token' or"
            + " 'ssh-privatekey'");
  }

  /** A key's value; a Secret made from a file often ends in a line break, which is dropped. */
  private static Optional<String> key(Path dir, String name)
      throws InvalidSourceException, IOException {
    Path file = dir.resolve(name);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    String value = Files.readString(file, StandardCharsets.UTF_8).replaceAll("[\\r\\n]+$", "");
    if (value.isEmpty()) {
      throw new InvalidSourceException("the clone Secret's key '" + name + "' is empty");
    }
    if (value.contains("\n") || value.contains("\r")) {
      throw new InvalidSourceException("the clone Secret's key '" + name + "' spans several lines");
    }
    return Optional.of(value);
  }
}
