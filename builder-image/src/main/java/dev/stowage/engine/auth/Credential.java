package dev.stowage.engine.auth;

import java.util.Objects;

/** A secret that proves who we are to one registry. */
public sealed interface Credential {

  /** A user name and password (or personal access token), sent as Basic auth or for a token. */
  record Basic(String username, String password) implements Credential {
    public Basic {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
      if (username.isEmpty()) {
        throw new IllegalArgumentException("credential has an empty user name");
      }
    }

    @Override
    public String toString() {
      return "Basic[" + username + ", ****]";
    }
  }

  /** An OAuth2 refresh token ({@code identitytoken}) exchanged at the token endpoint. */
  record IdentityToken(String token) implements Credential {
    public IdentityToken {
      if (token == null || token.isEmpty()) {
        throw new IllegalArgumentException("identity token is empty");
      }
    }

    @Override
    public String toString() {
      return "IdentityToken[****]";
    }
  }
}
