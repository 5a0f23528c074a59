package dev.stowage.engine.storage;

import java.security.SecureRandom;

/** Random 26-character upper-case base32 names for {@code overlay/l/}, as the driver makes them. */
final class LinkIds {

  private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  static final int LENGTH = 26;

  private LinkIds() {}

  static String next() {
    char[] out = new char[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return new String(out);
  }
}
