package dev.stowage.engine.context;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The files of a build context after the ignore rules: walking (symlinks are entries, never
 * followed), and resolving COPY/ADD sources, globs included, without leaving the context.
 */
public final class ContextFiles {

  private static final int MAX_SYMLINK_HOPS = 40;

  private final Path root;
  private final IgnoreRules rules;
  private final Optional<Path> ignoreFile;

  private ContextFiles(Path root, IgnoreRules rules, Optional<Path> ignoreFile) {
    this.root = root;
    this.rules = rules;
    this.ignoreFile = ignoreFile;
  }

  /**
   * Opens a context directory with the ignore file that belongs to {@code containerfile} (see
   * {@link IgnoreFiles}).
   */
  public static ContextFiles open(Path contextDir, Optional<Path> containerfile)
      throws ContextException {
    Path root = realDirectory(contextDir);
    Optional<Path> ignore = IgnoreFiles.find(root, containerfile);
    IgnoreRules rules = ignore.isPresent() ? IgnoreRules.read(ignore.get()) : IgnoreRules.none();
    return new ContextFiles(root, rules, ignore);
  }

  /** Opens a context directory with explicit rules. */
  public static ContextFiles open(Path contextDir, IgnoreRules rules) throws ContextException {
    return new ContextFiles(realDirectory(contextDir), rules, Optional.empty());
  }

  private static Path realDirectory(Path dir) throws ContextException {
    try {
      Path real = dir.toRealPath();
      if (!Files.isDirectory(real)) {
        throw new ContextException("build context " + dir + " is not a directory");
      }
      return real;
    } catch (IOException e) {
      throw new ContextException("build context " + dir + " does not exist or is unreadable", e);
    }
  }

  public Path root() {
    return root;
  }

  public IgnoreRules rules() {
    return rules;
  }

  /** The ignore file in use, if any. */
  public Optional<Path> ignoreFile() {
    return ignoreFile;
  }

  /** Whether a relative path survives the ignore rules. */
  public boolean isIncluded(String relativePath) {
    return !rules.excludes(relativePath);
  }

  /**
   * Every included entry in walk order (a directory before its contents, names sorted). An excluded
   * directory appears only when something inside it is re-included.
   */
  public List<ContextEntry> entries() throws ContextException {
    List<ContextEntry> out = new ArrayList<>();
    walk(root, "", out);
    return out;
  }

  /**
   * The included entries below a directory of the context ({@code .} for all), in walk order;
   * symlinks on the way to it are followed only inside the context.
   */
  public List<ContextEntry> entriesUnder(String directory) throws ContextException {
    String rel = normalize(directory, directory);
    Path dir = rel.equals(".") ? root : followInside(directory, rel);
    if (dir == null || kindOf(dir) != ContextEntry.Kind.DIRECTORY) {
      throw new ContextException("'" + directory + "' is not a directory in the build context");
    }
    List<ContextEntry> out = new ArrayList<>();
    walk(dir, rel.equals(".") ? "" : rel + "/", out);
    return out;
  }

  private void walk(Path dir, String prefix, List<ContextEntry> out) throws ContextException {
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      ds.forEach(children::add);
    } catch (IOException e) {
      throw new ContextException("cannot list " + (prefix.isEmpty() ? "." : prefix), e);
    }
    children.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
    for (Path child : children) {
      String rel = prefix + child.getFileName();
      ContextEntry.Kind kind = kindOf(child);
      boolean excluded = rules.excludes(rel);
      if (kind == ContextEntry.Kind.DIRECTORY) {
        if (excluded && !rules.mayReincludeWithin(rel)) {
          continue;
        }
        List<ContextEntry> inside = new ArrayList<>();
        walk(child, rel + "/", inside);
        if (!excluded || !inside.isEmpty()) {
          out.add(new ContextEntry(rel, child, kind));
          out.addAll(inside);
        }
      } else if (!excluded) {
        out.add(new ContextEntry(rel, child, kind));
      }
    }
  }

  private static ContextEntry.Kind kindOf(Path p) throws ContextException {
    try {
      BasicFileAttributes a =
          Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (a.isSymbolicLink()) {
        return ContextEntry.Kind.SYMLINK;
      }
      if (a.isDirectory()) {
        return ContextEntry.Kind.DIRECTORY;
      }
      return a.isRegularFile() ? ContextEntry.Kind.FILE : ContextEntry.Kind.OTHER;
    } catch (IOException e) {
      throw new ContextException("cannot stat " + p, e);
    }
  }

  /**
   * The context entries a COPY/ADD source names. Without glob characters the path must exist and
   * not be excluded (symlinks on the way are followed but must stay inside the context). With them,
   * each segment is matched like Go's filepath.Match ({@code *}, {@code ?}, {@code [..]}; {@code
   * **} is not special); sorted by path.
   *
   * @throws ContextException if nothing matches, or the source escapes the context
   */
  public List<ContextEntry> resolveSource(String source) throws ContextException {
    String rel = normalize(source, source);
    if (!PathPattern.hasMeta(rel)) {
      ContextEntry e = literal(source, rel);
      return List.of(e);
    }
    List<ContextEntry> matches = new ArrayList<>();
    String[] segments = rel.split("/");
    List<Pattern> compiled = new ArrayList<>();
    for (String s : segments) {
      compiled.add(PathPattern.compile(s, false));
    }
    glob(root, "", segments, compiled, 0, matches);
    if (matches.isEmpty()) {
      throw new ContextException(
          "source '" + source + "' matches no file in the build context" + ignoreHint());
    }
    matches.sort((a, b) -> a.path().compareTo(b.path()));
    return matches;
  }

  private void glob(
      Path dir,
      String prefix,
      String[] segments,
      List<Pattern> compiled,
      int depth,
      List<ContextEntry> out)
      throws ContextException {
    String seg = segments[depth];
    boolean last = depth == segments.length - 1;
    if (!PathPattern.hasMeta(seg)) {
      Path child = dir.resolve(seg);
      if (Files.exists(child, LinkOption.NOFOLLOW_LINKS)) {
        visitGlobMatch(child, prefix + seg, segments, compiled, depth, last, out);
      }
      return;
    }
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      ds.forEach(children::add);
    } catch (IOException e) {
      return;
    }
    for (Path child : children) {
      String name = child.getFileName().toString();
      if (compiled.get(depth).matcher(name).matches()) {
        visitGlobMatch(child, prefix + name, segments, compiled, depth, last, out);
      }
    }
  }

  private void visitGlobMatch(
      Path child,
      String rel,
      String[] segments,
      List<Pattern> compiled,
      int depth,
      boolean last,
      List<ContextEntry> out)
      throws ContextException {
    ContextEntry.Kind kind = kindOf(child);
    if (last) {
      if (!rules.excludes(rel) || (kind == ContextEntry.Kind.DIRECTORY && hasIncludedInside(rel))) {
        out.add(new ContextEntry(rel, child, kind));
      }
    } else if (kind == ContextEntry.Kind.DIRECTORY) {
      glob(child, rel + "/", segments, compiled, depth + 1, out);
    }
  }

  private boolean hasIncludedInside(String dir) throws ContextException {
    return rules.mayReincludeWithin(dir) && !entriesUnder(dir).isEmpty();
  }

  private ContextEntry literal(String source, String rel) throws ContextException {
    if (rel.equals(".")) {
      return new ContextEntry(".", root, ContextEntry.Kind.DIRECTORY);
    }
    Path resolved = followInside(source, rel);
    if (resolved == null) {
      throw new ContextException(
          "source '" + source + "' not found in the build context" + ignoreHint());
    }
    ContextEntry.Kind kind = kindOf(resolved);
    String realRel = root.relativize(resolved).toString().replace('\\', '/');
    boolean excluded = rules.excludes(rel) || rules.excludes(realRel);
    if (excluded && !(kind == ContextEntry.Kind.DIRECTORY && hasIncludedInside(realRel))) {
      throw new ContextException(
          "source '"
              + source
              + "' is excluded by "
              + ignoreFile.map(p -> p.getFileName().toString()).orElse("the ignore rules")
              + "; remove the rule or add a '!"
              + rel
              + "' exception");
    }
    return new ContextEntry(rel, resolved, kind);
  }

  /** Resolves {@code rel} component by component, following symlinks but never leaving root. */
  private Path followInside(String source, String rel) throws ContextException {
    List<String> pending = new ArrayList<>(List.of(rel.split("/")));
    Path current = root;
    int hops = 0;
    while (!pending.isEmpty()) {
      String seg = pending.removeFirst();
      if (seg.isEmpty() || seg.equals(".")) {
        continue;
      }
      if (seg.equals("..")) {
        if (current.equals(root)) {
          throw escapes(source);
        }
        current = current.getParent();
        continue;
      }
      Path next = current.resolve(seg);
      if (!Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
        return null;
      }
      if (Files.isSymbolicLink(next)) {
        if (++hops > MAX_SYMLINK_HOPS) {
          throw new ContextException("source '" + source + "': too many levels of symlinks");
        }
        String target;
        try {
          target = Files.readSymbolicLink(next).toString();
        } catch (IOException e) {
          throw new ContextException("cannot read symlink " + next, e);
        }
        if (target.startsWith("/")) {
          throw escapes(source);
        }
        List<String> expanded = new ArrayList<>(List.of(target.split("/")));
        expanded.addAll(pending);
        pending = expanded;
        continue;
      }
      current = next;
    }
    return current;
  }

  private static ContextException escapes(String source) {
    return new ContextException(
        "source '"
            + source
            + "' is outside the build context; sources must be inside the context directory"
            + " (move the file into the context or use a larger context)");
  }

  private String ignoreHint() {
    return ignoreFile.map(p -> " (is it excluded by " + p.getFileName() + "?)").orElse("");
  }

  /** Cleans a source path relative to the root; rejects {@code ..} above the root. */
  private static String normalize(String source, String path) throws ContextException {
    String p = path;
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    String clean = IgnorePattern.clean(p);
    if (clean.equals("..") || clean.startsWith("../")) {
      throw escapes(source);
    }
    return clean;
  }
}
