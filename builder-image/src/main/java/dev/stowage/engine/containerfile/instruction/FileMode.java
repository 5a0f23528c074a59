package dev.stowage.engine.containerfile.instruction;

import java.util.regex.Pattern;

/** Checks {@code --chmod} values: octal bits ({@code 0755}) or symbolic ({@code u+x,go-w}). */
final class FileMode {

  private static final Pattern OCTAL = Pattern.compile("[0-7]{1,4}");
  private static final Pattern SYMBOLIC =
      Pattern.compile("[ugoa]*[-+=]([rwxXst]*|[ugo])(,[ugoa]*[-+=]([rwxXst]*|[ugo]))*");

  private FileMode() {}

  static boolean isValid(String mode) {
    return OCTAL.matcher(mode).matches() || SYMBOLIC.matcher(mode).matches();
  }

  static String describeInvalid(String mode) {
    return "invalid --chmod=" + mode + "; use octal bits like 0755 or symbolic like u+x";
  }
}
