package dev.stowage.engine.build;

import dev.stowage.engine.context.ContextEntry;
import dev.stowage.engine.context.ContextException;
import dev.stowage.engine.context.ContextFiles;
import dev.stowage.engine.context.IgnoreRules;
import dev.stowage.engine.fs.SafePath;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Turns COPY/ADD source names into source trees: from the build context or another root. */
final class CopySources {

  /** A named source tree; {@code name} is the base name a file keeps at its destination. */
  record Tree(String name, List<SourceNode> nodes) {
    boolean isDirectory() {
      return Files.isDirectory(nodes.getFirst().file(), LinkOption.NOFOLLOW_LINKS);
    }
  }

  private CopySources() {}

  /**
   * Context sources after {@code .dockerignore} and {@code --exclude}. A source that is itself a
   * symlink is copied as the link (its target may lie outside the context and is never read).
   */
  static List<Tree> fromContext(ContextFiles context, String source, IgnoreRules excludes)
      throws ContextException, IOException {
    String rel = stripLeadingSlashes(source);
    Path literal = context.root().resolve(rel.isEmpty() ? "." : rel).normalize();
    if (!hasGlob(rel)
        && literal.startsWith(context.root())
        && !literal.equals(context.root())
        && Files.isSymbolicLink(literal)
        && parentsAreDirectories(context.root(), literal)
        && context.isIncluded(context.root().relativize(literal).toString())) {
      return List.of(
          new Tree(literal.getFileName().toString(), List.of(new SourceNode("", literal))));
    }
    List<Tree> out = new ArrayList<>();
    for (ContextEntry e : context.resolveSource(source)) {
      List<SourceNode> nodes = new ArrayList<>();
      nodes.add(new SourceNode("", e.file()));
      if (e.kind() == ContextEntry.Kind.DIRECTORY) {
        String prefix = e.path().equals(".") ? "" : e.path() + "/";
        Path realDir = e.file();
        for (ContextEntry child : context.entriesUnder(e.path())) {
          if (child.path().equals(e.path()) || !child.path().startsWith(prefix)) {
            continue;
          }
          String below = child.path().substring(prefix.length());
          if (below.isEmpty() || excludes.excludes(below)) {
            continue;
          }
          nodes.add(new SourceNode(below, realDir.resolve(below)));
        }
      }
      out.add(new Tree(baseName(e.path()), nodes));
    }
    return out;
  }

  /** Sources inside another root file system (COPY --from): resolved inside that root. */
  static List<Tree> fromRoot(Path root, String source, IgnoreRules excludes) throws IOException {
    String rel = stripLeadingSlashes(source);
    List<Path> tops = new ArrayList<>();
    if (hasGlob(rel)) {
      int slash = rel.lastIndexOf('/');
      String dir = slash < 0 ? "" : rel.substring(0, slash);
      String pattern = rel.substring(slash + 1);
      Path parent = dir.isEmpty() ? root : SafePath.resolve(root, dir);
      PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
      if (Files.isDirectory(parent)) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent)) {
          for (Path p : ds) {
            if (m.matches(p.getFileName())) {
              tops.add(p);
            }
          }
        }
      }
      tops.sort(null);
    } else {
      Path p = rel.isEmpty() ? root : SafePath.resolve(root, rel);
      if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        tops.add(p);
      }
    }
    if (tops.isEmpty()) {
      throw new IOException("source " + source + " not found");
    }
    List<Tree> out = new ArrayList<>();
    for (Path top : tops) {
      List<SourceNode> nodes = new ArrayList<>();
      nodes.add(new SourceNode("", top));
      if (Files.isDirectory(top, LinkOption.NOFOLLOW_LINKS)) {
        try (Stream<Path> walk = Files.walk(top)) {
          walk.filter(p -> !p.equals(top))
              .map(p -> new SourceNode(top.relativize(p).toString(), p))
              .filter(n -> !excludes.excludes(n.relative()))
              .sorted((a, b) -> a.relative().compareTo(b.relative()))
              .forEach(nodes::add);
        }
      }
      out.add(new Tree(top.equals(root) ? "" : top.getFileName().toString(), nodes));
    }
    return out;
  }

  private static boolean parentsAreDirectories(Path root, Path literal) {
    for (Path p = literal.getParent(); p != null && !p.equals(root); p = p.getParent()) {
      if (Files.isSymbolicLink(p) || !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasGlob(String s) {
    return s.contains("*") || s.contains("?") || s.contains("[");
  }

  private static String stripLeadingSlashes(String s) {
    String out = s;
    while (out.startsWith("/")) {
      out = out.substring(1);
    }
    return out;
  }

  private static String baseName(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }
}
