package dev.stowage.engine.registry;

import dev.stowage.engine.auth.Credential;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The auth state of one registry: the scheme it challenged us with and the bearer tokens fetched so
 * far, per scope set and credential. Thread-safe.
 */
final class RegistryAuthenticator {

  private final String registry;
  private final Clock clock;
  private volatile AuthChallenge challenge;
  private final Map<String, BearerToken> tokens = new ConcurrentHashMap<>();

  RegistryAuthenticator(String registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  /** What the registry asked for, once it has challenged a request. */
  AuthChallenge challenge() {
    return challenge;
  }

  /**
   * The Authorization header for a request with {@code scopes}, or null to send none; fetches a
   * token through {@code caller} when needed.
   */
  String authorization(RegistryCaller caller, Credential credential, List<String> scopes) {
    AuthChallenge c = challenge;
    if (c == null) {
      return null;
    }
    if (c.isBasic()) {
      return credential instanceof Credential.Basic basic ? TokenRequest.basicHeader(basic) : null;
    }
    if (!c.isBearer()) {
      return null;
    }
    String key = key(credential, scopes);
    BearerToken token = tokens.get(key);
    if (token == null || !token.usableAt(clock.instant())) {
      token = caller.fetchToken(new TokenRequest(c, scopes, credential, registry, clock));
      tokens.put(key, token);
    }
    return "Bearer " + token.token();
  }

  /**
   * Records a 401's {@code WWW-Authenticate} header and forgets the token that was refused.
   *
   * @return whether a retry can help (the header names a scheme we speak)
   */
  boolean challenged(String header, Credential credential, List<String> scopes) {
    if (header == null) {
      return false;
    }
    List<AuthChallenge> parsed;
    try {
      parsed = AuthChallenge.parse(header);
    } catch (IllegalArgumentException e) {
      return false;
    }
    AuthChallenge usable = parsed.stream().filter(AuthChallenge::isBearer).findFirst().orElse(null);
    if (usable == null) {
      usable = parsed.stream().filter(AuthChallenge::isBasic).findFirst().orElse(null);
    }
    if (usable == null) {
      return false;
    }
    boolean changed = !Objects.equals(usable, challenge);
    challenge = usable;
    BearerToken refused = tokens.remove(key(credential, scopes));
    if (usable.isBasic()) {
      return credential instanceof Credential.Basic && changed;
    }
    // A new token helps when we had none, or the refused one may just have been stale.
    return changed || refused != null;
  }

  private static String key(Credential credential, List<String> scopes) {
    return String.join(" ", scopes)
        + "|"
        + (credential == null ? "" : Integer.toHexString(credential.hashCode()));
  }
}
