package dev.stowage.engine.context;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of a {@code .dockerignore}: a path is excluded when the last rule matching it, or one
 * of its parent directories, is not a {@code !} exception.
 */
public final class IgnoreRules {

  private final List<IgnorePattern> patterns;

  private IgnoreRules(List<IgnorePattern> patterns) {
    this.patterns = List.copyOf(patterns);
  }

  /** Excludes nothing. */
  public static IgnoreRules none() {
    return new IgnoreRules(List.of());
  }

  /** Parses the lines of an ignore file; {@code #} lines and blank lines are skipped. */
  public static IgnoreRules parse(List<String> lines) throws ContextException {
    List<IgnorePattern> out = new ArrayList<>();
    boolean first = true;
    for (String raw : lines) {
      String line = first && raw.startsWith("\uFEFF") ? raw.substring(1) : raw;
      first = false;
      if (line.startsWith("#")) {
        continue;
      }
      String t = line.strip();
      if (t.isEmpty() || t.equals("!")) {
        continue;
      }
      out.add(IgnorePattern.parse(t));
    }
    return new IgnoreRules(out);
  }

  /** Reads an ignore file. */
  public static IgnoreRules read(Path file) throws ContextException {
    try {
      return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ContextException("cannot read ignore file " + file + ": " + e.getMessage(), e);
    } catch (ContextException e) {
      throw new ContextException(file.getFileName() + ": " + e.getMessage(), e);
    }
  }

  public List<IgnorePattern> patterns() {
    return patterns;
  }

  /** Whether {@code path} (relative, {@code /}-separated) is excluded from the context. */
  public boolean excludes(String path) {
    String file = IgnorePattern.clean(path);
    List<String> parents = new ArrayList<>();
    int slash = file.indexOf('/');
    while (slash >= 0) {
      parents.add(file.substring(0, slash));
      slash = file.indexOf('/', slash + 1);
    }
    boolean matched = false;
    for (IgnorePattern p : patterns) {
      // A rule can only change the outcome when it points the other way.
      if (p.exception() != matched) {
        continue;
      }
      boolean match = p.matches(file);
      for (int i = 0; !match && i < parents.size(); i++) {
        match = p.matches(parents.get(i));
      }
      if (match) {
        matched = !p.exception();
      }
    }
    return matched;
  }

  /** Whether an excluded directory must still be walked because an exception may apply inside. */
  public boolean mayReincludeWithin(String dir) throws ContextException {
    for (IgnorePattern p : patterns) {
      if (p.exception() && p.couldMatchWithin(IgnorePattern.clean(dir))) {
        return true;
      }
    }
    return false;
  }
}
