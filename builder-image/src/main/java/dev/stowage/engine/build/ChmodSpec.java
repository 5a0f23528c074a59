package dev.stowage.engine.build;

/**
 * A {@code --chmod} value: octal ({@code 0755}) or symbolic ({@code u+x,go-w}, {@code a=rX}),
 * applied to a file's current permission bits.
 */
record ChmodSpec(String text) {

  ChmodSpec {
    apply(text, 0644, false); // validates
  }

  static ChmodSpec parse(String text) {
    try {
      return new ChmodSpec(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid --chmod value '" + text + "': " + e.getMessage());
    }
  }

  /** The new permission bits (including setuid/setgid/sticky) of a file with {@code mode}. */
  int applyTo(int mode, boolean directory) {
    return apply(text, mode, directory);
  }

  private static int apply(String text, int mode, boolean directory) {
    if (text.matches("[0-7]{1,4}")) {
      return Integer.parseInt(text, 8);
    }
    int result = mode & 07777;
    for (String clause : text.split(",", -1)) {
      int i = 0;
      int who = 0;
      while (i < clause.length() && "ugoa".indexOf(clause.charAt(i)) >= 0) {
        who |=
            switch (clause.charAt(i)) {
              case 'u' -> 04700;
              case 'g' -> 02070;
              case 'o' -> 01007;
              default -> 07777;
            };
        i++;
      }
      if (who == 0) {
        who = 07777;
      }
      if (i >= clause.length()) {
        throw new IllegalArgumentException("missing +, - or = in '" + clause + "'");
      }
      char op = clause.charAt(i++);
      if ("+-=".indexOf(op) < 0) {
        throw new IllegalArgumentException("expected +, - or = in '" + clause + "'");
      }
      int bits = 0;
      for (char c : clause.substring(i).toCharArray()) {
        bits |=
            switch (c) {
              case 'r' -> 0444;
              case 'w' -> 0222;
              case 'x' -> 0111;
              case 'X' -> (directory || (mode & 0111) != 0) ? 0111 : 0;
              case 's' -> 06000;
              case 't' -> 01000;
              default -> throw new IllegalArgumentException("unknown permission '" + c + "'");
            };
      }
      bits &= who;
      result =
          switch (op) {
            case '+' -> result | bits;
            case '-' -> result & ~bits;
            default -> (result & ~who) | bits;
          };
    }
    return result;
  }
}
