package dev.stowage.engine.storage;

import dev.stowage.engine.image.Digest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Big-data keys of an image and the file names containers/storage stores them under. */
public final class BigDataKeys {

  /** The key of an image's main manifest. */
  public static final String MANIFEST = "manifest";

  private BigDataKeys() {}

  /** The key a manifest is also kept under: {@code manifest-sha256:<hex>}. */
  public static String manifestKey(Digest manifestDigest) {
    return MANIFEST + "-" + manifestDigest;
  }

  /** The key of the image config: its digest as text. */
  public static String configKey(Digest configDigest) {
    return configDigest.toString();
  }

  /**
   * The file name of a key in the image's directory: the key itself when it holds only {@code
   * [a-z0-9.]}, else {@code "="} followed by the standard base64 of its UTF-8 bytes.
   */
  public static String fileName(String key) {
    boolean plain = !key.isEmpty();
    for (int i = 0; i < key.length() && plain; i++) {
      char c = key.charAt(i);
      plain = c == '.' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z');
    }
    if (plain) {
      return key;
    }
    return "=" + Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }
}
