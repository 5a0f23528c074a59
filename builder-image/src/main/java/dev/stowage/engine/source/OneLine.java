package dev.stowage.engine.source;

/** Error messages end up in a one-line termination message: fold what a server said into one. */
final class OneLine {

  private OneLine() {}

  static String of(String text) {
    if (text == null) {
      return "";
    }
    return text.strip().replaceAll("\\s*\\R\\s*", "; ");
  }
}
