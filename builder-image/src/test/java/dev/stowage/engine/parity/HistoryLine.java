package dev.stowage.engine.parity;

import dev.stowage.engine.image.HistoryEntry;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One history step reduced to what engines agree on: the instruction keyword, for RUN its command
 * (whitespace collapsed), and whether it made a layer. Engines phrase the rest of {@code
 * created_by} differently (buildah: {@code /bin/sh -c #(nop) COPY dir:<sha> in /app}; BuildKit:
 * {@code COPY . /app # buildkit}).
 */
public record HistoryLine(String createdBy, boolean emptyLayer) {

  private static final Pattern NOP =
      Pattern.compile("^/bin/sh -c #\\(nop\\)\\s*(.*)$", Pattern.DOTALL);
  // buildah and docker prefix a RUN with "|<n> K=V… " when build args are in scope; the shell is
  // the image's SHELL (/bin/sh -c, or e.g. /bin/sh -e -c), which buildah does not record
  private static final String SHELL = "/bin/(?:ba)?sh(?: -[a-z]+)* -c ";
  private static final Pattern SHELL_RUN =
      Pattern.compile("^(?:\\|\\d+ .*?)?" + SHELL + "(.*)$", Pattern.DOTALL);
  private static final Pattern BUILDKIT_RUN =
      Pattern.compile("^RUN (?:(?:\\|\\d+ .*?)?" + SHELL + ")?(.*)$", Pattern.DOTALL);

  /** The normalised line of {@code entry}. */
  public static HistoryLine of(HistoryEntry entry) {
    return new HistoryLine(normalise(entry.createdBy()), entry.emptyLayer());
  }

  /** An ARG step: buildah records one (as an empty layer), BuildKit none. */
  boolean isBuildArgStep() {
    return emptyLayer && createdBy.equals("ARG");
  }

  static String normalise(String createdBy) {
    if (createdBy == null) {
      return "";
    }
    String text = createdBy.strip();
    if (text.endsWith("# buildkit")) {
      text = text.substring(0, text.length() - "# buildkit".length()).strip();
    }
    Matcher nop = NOP.matcher(text);
    if (nop.matches()) {
      return keyword(nop.group(1));
    }
    Matcher run = SHELL_RUN.matcher(text);
    if (run.matches()) {
      return "RUN " + collapse(run.group(1));
    }
    Matcher buildkit = BUILDKIT_RUN.matcher(text);
    if (buildkit.matches()) {
      return "RUN " + collapse(buildkit.group(1));
    }
    return keyword(text);
  }

  private static String keyword(String instruction) {
    String trimmed = instruction.strip();
    int space = trimmed.indexOf(' ');
    return (space < 0 ? trimmed : trimmed.substring(0, space)).toUpperCase(java.util.Locale.ROOT);
  }

  private static String collapse(String text) {
    return text.strip().replaceAll("\\s+", " ");
  }

  @Override
  public String toString() {
    return createdBy + (emptyLayer ? " (empty layer)" : "");
  }
}
