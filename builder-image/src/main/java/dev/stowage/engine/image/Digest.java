package dev.stowage.engine.image;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/** A content digest such as {@code sha256:<64 hex>}; only sha256 is accepted. */
public record Digest(String algorithm, String hex) implements Comparable<Digest> {

  private static final Pattern SHA256_HEX = Pattern.compile("[a-f0-9]{64}");

  public Digest {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(hex, "hex");
    if (!algorithm.equals("sha256")) {
      throw new IllegalArgumentException("unsupported digest algorithm: " + algorithm);
    }
    if (!SHA256_HEX.matcher(hex).matches()) {
      throw new IllegalArgumentException("not a sha256 hex digest: " + hex);
    }
  }

  /** Parses {@code sha256:<hex>}. */
  public static Digest parse(String text) {
    int colon = text == null ? -1 : text.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("not a digest (want sha256:<hex>): " + text);
    }
    return new Digest(text.substring(0, colon), text.substring(colon + 1));
  }

  /** A sha256 digest from its 64 lower-case hex digits. */
  public static Digest sha256Hex(String hex) {
    return new Digest("sha256", hex);
  }

  /** The sha256 digest of {@code bytes}. */
  public static Digest sha256(byte[] bytes) {
    return sha256Hex(HexFormat.of().formatHex(newSha256().digest(bytes)));
  }

  /** A fresh SHA-256 message digest. */
  public static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK without SHA-256", e);
    }
  }

  /** The digest of what {@code md} has consumed so far (it is reset). */
  public static Digest of(MessageDigest md) {
    return sha256Hex(HexFormat.of().formatHex(md.digest()));
  }

  /** The first 12 hex digits, as podman shows image ids. */
  public String shortHex() {
    return hex.substring(0, 12);
  }

  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }

  @Override
  public int compareTo(Digest o) {
    return toString().compareTo(o.toString());
  }
}
