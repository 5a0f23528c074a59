package dev.stowage.engine.transfer;

import java.io.PrintStream;
import java.util.Locale;

/** Where transfers report progress lines such as {@code Copying blob sha256:abcd… done}. */
@FunctionalInterface
public interface TransferLog {

  /** Reports nothing ({@code --quiet}). */
  TransferLog QUIET = line -> {};

  /** One progress line. */
  void line(String text);

  /** Prints each line to {@code out}, flushing it. */
  static TransferLog to(PrintStream out) {
    return line -> {
      synchronized (out) {
        out.println(line);
        out.flush();
      }
    };
  }

  /** A byte count in binary units, as podman prints them: {@code 12.3MiB}. */
  static String bytes(long n) {
    if (n < 1024) {
      return n + "B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f%s", v, units[u]);
  }

  /** {@code sha256:} and the first 12 hex digits, for progress lines. */
  static String shortDigest(dev.stowage.engine.image.Digest digest) {
    return digest.algorithm() + ":" + digest.shortHex();
  }
}
