package dev.stowage.engine.containerfile.shell;

/** Shell glob ({@code * ? [..]}) to Java regex, for {@code ${V#pattern}} style removal. */
final class Glob {

  private Glob() {}

  static String toRegex(String glob) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> sb.append("[\\s\\S]*");
        case '?' -> sb.append("[\\s\\S]");
        case '[' -> {
          int close = glob.indexOf(']', i + 2);
          if (close < 0) {
            sb.append("\\[");
          } else {
            String body = glob.substring(i + 1, close);
            if (body.startsWith("!")) {
              body = "^" + body.substring(1);
            }
            sb.append('[').append(body.replace("\\", "\\\\").replace("[", "\\[")).append(']');
            i = close;
          }
        }
        case '\\' -> {
          if (i + 1 < glob.length()) {
            sb.append(java.util.regex.Pattern.quote(String.valueOf(glob.charAt(++i))));
          } else {
            sb.append("\\\\");
          }
        }
        default -> sb.append(java.util.regex.Pattern.quote(String.valueOf(c)));
      }
    }
    return sb.toString();
  }
}
