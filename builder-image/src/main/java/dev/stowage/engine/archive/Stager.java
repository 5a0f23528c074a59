package dev.stowage.engine.archive;

import dev.stowage.engine.fs.FileTrees;
import dev.stowage.engine.fs.FileType;
import dev.stowage.engine.fs.Posix;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Phase one of an extraction: writes the entries of one layer into a fresh staging directory that
 * only we touch, checking every name. Because the staging directory starts empty, an in-memory
 * model of what the layer created is the whole truth about it: an entry can be refused for going
 * through a symlink the layer planted without a single racy filesystem lookup.
 */
final class Stager {

  enum Kind {
    DIR,
    SYMLINK,
    OTHER
  }

  private final Path stage;
  private final ExtractOptions options;
  private final TreeMap<String, Kind> created = new TreeMap<>();
  private final TreeSet<String> implicitDirs = new TreeSet<>();
  private final TreeMap<String, TarEntry> dirEntries = new TreeMap<>();
  private final TreeSet<String> whiteouts = new TreeSet<>();
  private final TreeSet<String> opaqueDirs = new TreeSet<>();
  private TarEntry rootEntry;
  private long entries;

  Stager(Path stage, ExtractOptions options) {
    this.stage = stage;
    this.options = options;
  }

  void add(TarEntry e, InputStream content) throws IOException {
    entries++;
    String rel = clean(e.name(), e.name());
    if (rel.isEmpty()) {
      if (e.type() != TarEntryType.DIRECTORY) {
        throw new UnsafeArchiveException(e.name(), "names the root but is not a directory");
      }
      rootEntry = e;
      return;
    }
    int slash = rel.lastIndexOf('/');
    String parent = slash < 0 ? "" : rel.substring(0, slash);
    String base = rel.substring(slash + 1);
    if (base.startsWith(LayerWriter.WHITEOUT_PREFIX)) {
      whiteout(e, parent, base);
      return;
    }
    ensureParents(rel, e.name());
    Kind existing = created.get(rel);
    if (existing != null && !(existing == Kind.DIR && e.type() == TarEntryType.DIRECTORY)) {
      remove(rel);
    }
    Path p = stage.resolve(rel);
    switch (e.type()) {
      case DIRECTORY -> {
        if (existing != Kind.DIR) {
          Files.createDirectory(p);
          created.put(rel, Kind.DIR);
        }
        implicitDirs.remove(rel);
        dirEntries.put(rel, e);
        return;
      }
      case REGULAR -> {
        try (OutputStream out =
            Files.newOutputStream(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
          long n = content.transferTo(out);
          if (n != e.size()) {
            throw new ArchiveFormatException("entry '" + e.name() + "' is truncated");
          }
        }
        created.put(rel, Kind.OTHER);
      }
      case SYMLINK -> {
        if (e.linkName().indexOf('\0') >= 0) {
          throw new UnsafeArchiveException(e.name(), "symlink target contains a NUL byte");
        }
        Posix.symlink(e.linkName(), p);
        created.put(rel, Kind.SYMLINK);
      }
      case HARDLINK -> {
        hardlink(e, rel, p);
        return;
      }
      case CHAR_DEVICE -> {
        Posix.mknod(p, FileType.CHAR_DEVICE, 0600, e.devMajor(), e.devMinor());
        created.put(rel, Kind.OTHER);
      }
      case BLOCK_DEVICE -> {
        Posix.mknod(p, FileType.BLOCK_DEVICE, 0600, e.devMajor(), e.devMinor());
        created.put(rel, Kind.OTHER);
      }
      case FIFO -> {
        Posix.mkfifo(p, 0600);
        created.put(rel, Kind.OTHER);
      }
    }
    EntryMetadata.apply(e, p, options.restoreOwnership());
  }

  private void hardlink(TarEntry e, String rel, Path p) throws IOException {
    String target = clean(e.linkName(), e.name());
    if (target.isEmpty()) {
      throw new UnsafeArchiveException(e.name(), "hard link to the root directory");
    }
    for (String ancestor : ancestors(target)) {
      Kind through = created.get(ancestor);
      if (through != null && through != Kind.DIR) {
        throw new UnsafeArchiveException(
            e.name(), "hard link target goes through '" + ancestor + "', which is not a directory");
      }
    }
    Kind kind = created.get(target);
    if (kind == null) {
      throw new UnsafeArchiveException(
          e.name(),
          "hard link target '"
              + e.linkName()
              + "' is not an earlier entry of this layer (links may not reach outside it)");
    }
    if (kind == Kind.DIR) {
      throw new UnsafeArchiveException(e.name(), "hard link to a directory");
    }
    if (target.equals(rel)) {
      return; // a link to itself: the file is already there
    }
    Posix.link(stage.resolve(target), p);
    created.put(rel, kind);
  }

  private void whiteout(TarEntry e, String parent, String base) throws IOException {
    for (String ancestor : ancestorsAndSelf(parent)) {
      if (created.get(ancestor) == Kind.SYMLINK) {
        throw new UnsafeArchiveException(
            e.name(), "whiteout goes through '" + ancestor + "', a symlink planted by this layer");
      }
    }
    if (base.equals(LayerWriter.OPAQUE_MARKER)) {
      opaqueDirs.add(parent);
      return;
    }
    if (base.startsWith(".wh..wh.")) {
      return; // aufs bookkeeping (.wh..wh.plnk, .wh..wh.aufs), meaningless here
    }
    String name = base.substring(LayerWriter.WHITEOUT_PREFIX.length());
    if (name.isEmpty() || name.equals(".") || name.equals("..")) {
      throw new UnsafeArchiveException(e.name(), "whiteout of '" + name + "' names no entry");
    }
    whiteouts.add(parent.isEmpty() ? name : parent + "/" + name);
  }

  /** Records whiteouts (overlay mode) and restores directory metadata, children first. */
  void finish() throws IOException {
    if (options.whiteouts() == WhiteoutMode.OVERLAY) {
      for (String w : whiteouts) {
        if (!created.containsKey(w)) {
          ensureParents(w, w);
          Posix.mkOverlayWhiteout(stage.resolve(w));
          created.put(w, Kind.OTHER);
        }
      }
      for (String d : opaqueDirs) {
        if (!d.isEmpty()) {
          ensureParents(d + "/x", d);
        }
        markOpaque(stage.resolve(d));
      }
    }
    for (var e : dirEntries.descendingMap().entrySet()) {
      EntryMetadata.apply(e.getValue(), stage.resolve(e.getKey()), options.restoreOwnership());
    }
    if (rootEntry != null && options.whiteouts() == WhiteoutMode.OVERLAY) {
      EntryMetadata.apply(rootEntry, stage, options.restoreOwnership());
    }
  }

  /**
   * Sets the opaque xattr; where that is refused (trusted.* needs CAP_SYS_ADMIN, which a builder
   * pod lacks) {@code user.overlay.opaque}, which the kernel's overlayfs in a user namespace and
   * fuse-overlayfs read, and only where user attributes are not supported either the {@code
   * .wh..wh..opq} file fuse-overlayfs also honours.
   */
  private void markOpaque(Path dir) throws IOException {
    OpaqueMarks.mark(dir, options.opaqueXattr());
  }

  private void ensureParents(String rel, String entryName) throws IOException {
    for (String ancestor : ancestors(rel)) {
      Kind k = created.get(ancestor);
      if (k == null) {
        Files.createDirectory(stage.resolve(ancestor));
        created.put(ancestor, Kind.DIR);
        implicitDirs.add(ancestor);
      } else if (k == Kind.SYMLINK) {
        throw new UnsafeArchiveException(
            entryName,
            "its parent '"
                + ancestor
                + "' is a symlink planted by this layer; writing through it could leave the root");
      } else if (k == Kind.OTHER) {
        throw new ArchiveFormatException(
            "layer entry '" + entryName + "': parent '" + ancestor + "' is not a directory");
      }
    }
  }

  private void remove(String rel) throws IOException {
    FileTrees.delete(stage.resolve(rel));
    created.remove(rel);
    prefixed(created, rel).clear();
    prefixed(dirEntries, rel).clear();
    dirEntries.remove(rel);
    implicitDirs.remove(rel);
    implicitDirs.subSet(rel + "/", rel + "0").clear();
  }

  private static <V> NavigableMap<String, V> prefixed(TreeMap<String, V> map, String rel) {
    return map.subMap(rel + "/", true, rel + "0", false);
  }

  /**
   * The entry name made relative and clean: leading slashes dropped (absolute names are taken as
   * relative to the root), {@code .} and empty components dropped; {@code ..} and NUL refused.
   */
  static String clean(String name, String entryName) throws UnsafeArchiveException {
    if (name.indexOf('\0') >= 0) {
      throw new UnsafeArchiveException(entryName, "name contains a NUL byte");
    }
    StringBuilder out = new StringBuilder();
    for (String c : name.split("/")) {
      if (c.isEmpty() || c.equals(".")) {
        continue;
      }
      if (c.equals("..")) {
        throw new UnsafeArchiveException(entryName, "'..' component could climb out of the root");
      }
      if (!out.isEmpty()) {
        out.append('/');
      }
      out.append(c);
    }
    return out.toString();
  }

  private static java.util.List<String> ancestors(String rel) {
    java.util.List<String> list = new java.util.ArrayList<>();
    for (int i = rel.indexOf('/'); i > 0; i = rel.indexOf('/', i + 1)) {
      list.add(rel.substring(0, i));
    }
    return list;
  }

  private static java.util.List<String> ancestorsAndSelf(String rel) {
    java.util.List<String> list = ancestors(rel);
    if (!rel.isEmpty()) {
      list.add(rel);
    }
    return list;
  }

  TreeSet<String> whiteouts() {
    return whiteouts;
  }

  TreeSet<String> opaqueDirs() {
    return opaqueDirs;
  }

  TreeSet<String> implicitDirs() {
    return implicitDirs;
  }

  TreeMap<String, TarEntry> dirEntries() {
    return dirEntries;
  }

  TarEntry rootEntry() {
    return rootEntry;
  }

  long entries() {
    return entries;
  }
}
