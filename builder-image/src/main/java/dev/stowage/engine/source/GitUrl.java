package dev.stowage.engine.source;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * A git remote URL, split into the URL JGit and the checkout see (never with credentials) and the
 * user information it carried, if any.
 *
 * @param url the URL without user information, query-preserving, e.g. {@code
 *     https://git.example.com/team/app.git}
 * @param transport how it is reached
 * @param userInfo {@code user[:password]} from the URL, if it had one (used as credentials, never
 *     written anywhere)
 */
public record GitUrl(String url, Transport transport, Optional<UserInfo> userInfo) {

  /** The transports of a git URL. */
  public enum Transport {
    HTTP,
    GIT,
    SSH
  }

  /** Credentials written into a URL. */
  public record UserInfo(String username, Optional<String> password) {
    @Override
    public String toString() {
      return "UserInfo[username=" + username + ", password=" + password.map(p -> "***") + "]";
    }
  }

  /**
   * Parses {@code text}: {@code https://}, {@code http://}, {@code git://}, or SSH ({@code ssh://},
   * {@code user@host:path}).
   *
   * @throws InvalidSourceException for anything else (local paths and {@code file://} included)
   */
  public static GitUrl parse(String text) throws InvalidSourceException {
    if (text == null || text.isBlank()) {
      throw new InvalidSourceException("--git-url is empty");
    }
    String trimmed = text.strip();
    if (isScpLike(trimmed)) {
      return new GitUrl(trimmed, Transport.SSH, Optional.empty());
    }
    URI uri;
    try {
      uri = new URI(trimmed);
    } catch (URISyntaxException e) {
      throw new InvalidSourceException(
          "git URL '" + redact(trimmed) + "' is not a valid URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    Transport transport =
        switch (scheme) {
          case "https", "http" -> Transport.HTTP;
          case "git" -> Transport.GIT;
          case "ssh", "git+ssh", "ssh+git" -> Transport.SSH;
          default ->
              throw new InvalidSourceException(
                  "git URL '"
                      + redact(trimmed)
                      + "' is not supported: use https://, http:// or git:// (ssh:// and"
                      + " user@host:path name SSH)");
        };
    if (uri.getHost() == null || uri.getRawAuthority() == null) {
      throw new InvalidSourceException("git URL '" + redact(trimmed) + "' names no host");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (path.isEmpty() || path.equals("/")) {
      throw new InvalidSourceException("git URL '" + redact(trimmed) + "' names no repository");
    }
    String authority = uri.getRawAuthority();
    Optional<UserInfo> userInfo = Optional.empty();
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      authority = authority.substring(at + 1);
      String info = uri.getUserInfo();
      int colon = info.indexOf(':');
      userInfo =
          Optional.of(
              colon < 0
                  ? new UserInfo(info, Optional.empty())
                  : new UserInfo(info.substring(0, colon), Optional.of(info.substring(colon + 1))));
    }
    String clean =
        scheme
            + "://"
            + authority
            + path
            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    return new GitUrl(clean, transport, userInfo);
  }

  /** The host (and port) for messages. */
  public String host() {
    return transport == Transport.SSH && isScpLike(url)
        ? url.substring(url.indexOf('@') + 1, url.indexOf(':'))
        : URI.create(url).getRawAuthority();
  }

  @Override
  public String toString() {
    return url;
  }

  /** {@code [user@]host:path}, git's scp-like SSH syntax: a colon before any slash, no scheme. */
  private static boolean isScpLike(String text) {
    int colon = text.indexOf(':');
    int slash = text.indexOf('/');
    return colon > 0
        && (slash < 0 || colon < slash)
        && !text.startsWith("[")
        && !text.contains("://");
  }

  /** {@code text} with any {@code user:password@} part masked, for messages. */
  static String redact(String text) {
    return text.replaceAll("(?<=://)[^/@\\s]*@", "***@");
  }
}
