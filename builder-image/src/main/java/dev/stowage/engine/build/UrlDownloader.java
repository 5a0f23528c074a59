package dev.stowage.engine.build;

import dev.stowage.engine.fs.Posix;
import dev.stowage.engine.fs.Timespec;
import dev.stowage.engine.image.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * ADD's URL sources: downloaded once per build into the scratch area, mode 0600 and the server's
 * Last-Modified time as Docker does, checked against {@code --checksum} when given.
 */
final class UrlDownloader {

  private final Path scratch;
  private HttpClient client;
  private final Map<String, Path> downloaded = new HashMap<>();

  UrlDownloader(Path scratch) {
    this.scratch = scratch;
  }

  /**
   * Made on the first download: building an HTTP client initialises TLS, which most builds skip.
   */
  private HttpClient client() {
    if (client == null) {
      client =
          HttpClient.newBuilder()
              .followRedirects(HttpClient.Redirect.NORMAL)
              .connectTimeout(Duration.ofSeconds(30))
              .build();
    }
    return client;
  }

  /** The downloaded file, named after the URL's last path segment. */
  Path fetch(String url, Optional<String> checksum) throws IOException, InterruptedException {
    Path cached = downloaded.get(url);
    if (cached != null) {
      return cached;
    }
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IOException("invalid URL " + url);
    }
    String name = fileName(uri);
    Path dir = Files.createTempDirectory(scratch, "url-");
    Path file = dir.resolve(name);
    HttpResponse<InputStream> response =
        client()
            .send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
    MessageDigest md = Digest.newSha256();
    try (InputStream in = response.body()) {
      if (response.statusCode() / 100 != 2) {
        throw new IOException("downloading " + url + " failed: HTTP " + response.statusCode());
      }
      try (OutputStream out = Files.newOutputStream(file)) {
        byte[] buf = new byte[1 << 16];
        for (int r; (r = in.read(buf)) > 0; ) {
          md.update(buf, 0, r);
          out.write(buf, 0, r);
        }
      }
    }
    Digest digest = Digest.of(md);
    if (checksum.isPresent() && !Digest.parse(checksum.get()).equals(digest)) {
      throw new IOException(
          "checksum of "
              + url
              + " is "
              + digest
              + ", not "
              + checksum.get()
              + " as --checksum says");
    }
    Posix.chmod(file, 0600);
    Optional<String> modified = response.headers().firstValue("Last-Modified");
    if (modified.isPresent()) {
      try {
        Timespec t =
            Timespec.of(
                ZonedDateTime.parse(modified.get(), DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant());
        Posix.utimens(file, t, t);
      } catch (java.time.format.DateTimeParseException e) {
        // an unparsable date leaves the download time, as Docker does
      }
    }
    downloaded.put(url, file);
    return file;
  }

  /** Whether {@code file} is one of this build's downloads (never extracted by ADD). */
  boolean isDownload(Path file) {
    return downloaded.containsValue(file);
  }

  private static String fileName(URI uri) {
    String path = uri.getPath() == null ? "" : uri.getPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String name = path.substring(path.lastIndexOf('/') + 1);
    return name.isEmpty() || name.equals("..") || name.equals(".") ? "index.html" : name;
  }
}
