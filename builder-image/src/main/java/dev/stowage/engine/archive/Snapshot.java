package dev.stowage.engine.archive;

import dev.stowage.engine.fs.FileStat;
import dev.stowage.engine.fs.Posix;
import dev.stowage.engine.fs.PosixException;
import dev.stowage.engine.fs.Xattrs;
import dev.stowage.engine.image.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * The metadata of every path under a root at one moment (the root itself excluded), taken with
 * {@code lstat} and {@code llistxattr} only — no file content is read. Large trees are walked in
 * parallel, one task per directory.
 */
public final class Snapshot {

  private final Path root;
  private final SortedMap<String, FileMeta> entries;

  private Snapshot(Path root, SortedMap<String, FileMeta> entries) {
    this.root = root;
    this.entries = Collections.unmodifiableSortedMap(entries);
  }

  /** Walks {@code root}, skipping the excluded paths and everything below them. */
  public static Snapshot take(Path root, PathExclusions exclusions) throws IOException {
    Map<String, FileMeta> found = new ConcurrentHashMap<>();
    try {
      ForkJoinPool.commonPool().invoke(new Walk(root, "", exclusions, found));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return new Snapshot(root, new TreeMap<>(found));
  }

  public Path root() {
    return root;
  }

  /** Relative path (no leading slash) to metadata, sorted. */
  public SortedMap<String, FileMeta> entries() {
    return entries;
  }

  public FileMeta get(String relative) {
    return entries.get(relative);
  }

  /** The metadata of one path, as a snapshot records it. */
  static FileMeta describe(Path path, FileStat st) throws PosixException {
    String link = st.isSymlink() ? Posix.readlink(path) : "";
    return FileMeta.of(st, link, xattrsDigest(path));
  }

  private static String xattrsDigest(Path path) throws PosixException {
    SortedMap<String, byte[]> all = Xattrs.getAll(path);
    if (all.isEmpty()) {
      return "";
    }
    MessageDigest md = Digest.newSha256();
    for (var e : all.entrySet()) {
      md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
      md.update(Integer.toString(e.getValue().length).getBytes(StandardCharsets.US_ASCII));
      md.update((byte) 0);
      md.update(e.getValue());
    }
    return Digest.of(md).hex();
  }

  private static final class Walk extends RecursiveAction {
    private final Path dir;
    private final String relative;
    private final PathExclusions exclusions;
    private final Map<String, FileMeta> found;

    Walk(Path dir, String relative, PathExclusions exclusions, Map<String, FileMeta> found) {
      this.dir = dir;
      this.relative = relative;
      this.exclusions = exclusions;
      this.found = found;
    }

    @Override
    protected void compute() {
      List<Walk> subdirs = new ArrayList<>();
      try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
        for (Path child : children) {
          String name = child.getFileName().toString();
          String rel = relative.isEmpty() ? name : relative + "/" + name;
          if (exclusions.excludes(rel)) {
            continue;
          }
          FileStat st = Posix.lstat(child);
          found.put(rel, describe(child, st));
          if (st.isDirectory()) {
            subdirs.add(new Walk(child, rel, exclusions, found));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      invokeAll(subdirs);
    }
  }
}
