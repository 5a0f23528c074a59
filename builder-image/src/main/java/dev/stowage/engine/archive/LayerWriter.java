package dev.stowage.engine.archive;

import dev.stowage.engine.fs.FileStat;
import dev.stowage.engine.fs.FileType;
import dev.stowage.engine.fs.Posix;
import dev.stowage.engine.fs.Timespec;
import dev.stowage.engine.fs.Xattrs;
import dev.stowage.engine.image.Digest;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes a layer blob from a directory tree, an overlay upper directory, or a list of changes: a
 * reproducible PAX tar (sorted, parents first, numeric owners, no user names, clamped mtimes, hard
 * links as link entries, xattrs), compressed, hashed for DiffID and digest in one pass.
 */
public final class LayerWriter {

  /** Opaque-directory markers of overlayfs, fuse-overlayfs and rootless overlay. */
  static final List<String> OPAQUE_XATTRS =
      List.of("trusted.overlay.opaque", "user.overlay.opaque", "user.fuseoverlayfs.opaque");

  static final String WHITEOUT_PREFIX = ".wh.";
  static final String OPAQUE_MARKER = ".wh..wh..opq";

  private final LayerOptions options;

  public LayerWriter(LayerOptions options) {
    this.options = options;
  }

  /** Every path below {@code root} (not the root itself) as a layer. */
  public LayerBlob writeTree(Path root, OutputStream out) throws IOException {
    return write(out, emitter -> emitter.walk(root, "", false));
  }

  /**
   * An overlay upper directory as a layer: char 0/0 devices become {@code .wh.<name>} entries and
   * directories marked opaque get a {@code .wh..wh..opq} entry.
   */
  public LayerBlob writeOverlayDiff(Path diff, OutputStream out) throws IOException {
    return writeOverlayDiff(diff, java.util.Set.of(), out);
  }

  /**
   * Like {@link #writeOverlayDiff(Path, OutputStream)}, with {@code alsoOpaque} (relative paths)
   * opaque too: marks this process cannot see ({@code trusted.*} without CAP_SYS_ADMIN) but the
   * layer's tar-split names.
   */
  public LayerBlob writeOverlayDiff(Path diff, java.util.Set<String> alsoOpaque, OutputStream out)
      throws IOException {
    return write(
        out,
        emitter -> {
          emitter.alsoOpaque = alsoOpaque;
          emitter.walk(diff, "", true);
        });
  }

  /**
   * The {@code changes} found under {@code root} (e.g. by {@link TreeDiff}) as a layer. The parent
   * directories of every changed path are written too, so the layer extracts on its own.
   */
  public LayerBlob writeChanges(Path root, Changes changes, OutputStream out) throws IOException {
    return write(out, emitter -> emitter.changes(root, changes));
  }

  @FunctionalInterface
  private interface Body {
    void emit(Emitter emitter) throws IOException;
  }

  private LayerBlob write(OutputStream out, Body body) throws IOException {
    if (options.compression() == Compression.NONE) {
      // the blob is the tar: hash it once
      HashingOutputStream tarStream =
          new HashingOutputStream(new BufferedOutputStream(new Unclosed(out), 1 << 20), true);
      try (TarWriter tar = new TarWriter(tarStream)) {
        body.emit(new Emitter(tar));
      }
      Digest digest = tarStream.digest();
      return new LayerBlob(
          digest, digest, tarStream.count(), tarStream.count(), options.compression().mediaType());
    }
    HashingOutputStream compressed = new HashingOutputStream(out, false);
    OutputStream compressor =
        options.compression().compress(compressed, Math.max(1, options.threads()), options.level());
    HashingOutputStream uncompressed =
        new HashingOutputStream(new BufferedOutputStream(compressor, 1 << 20), true);
    try (TarWriter tar = new TarWriter(uncompressed)) {
      body.emit(new Emitter(tar));
    }
    return new LayerBlob(
        uncompressed.digest(),
        compressed.digest(),
        compressed.count(),
        uncompressed.count(),
        options.compression().mediaType());
  }

  /** Flushes but does not close the caller's stream (as the compressed path leaves it open). */
  private static final class Unclosed extends java.io.FilterOutputStream {
    Unclosed(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }

  /** Writes entries; remembers (dev, inode) of multiply linked files to emit hard links. */
  private final class Emitter {
    private final TarWriter tar;
    private final Map<String, String> firstLinkName = new HashMap<>();
    private java.util.Set<String> alsoOpaque = java.util.Set.of();

    Emitter(TarWriter tar) {
      this.tar = tar;
    }

    void walk(Path dir, String relative, boolean overlay) throws IOException {
      walk(dir, relative, overlay, false);
    }

    private void walk(Path dir, String relative, boolean overlay, boolean opaque)
        throws IOException {
      record Child(String entryName, Path path, FileStat stat, boolean whiteout) {}
      List<Child> children = new ArrayList<>();
      boolean hasMarkerFile = false;
      try (Stream<Path> list = Files.list(dir)) {
        for (Path path : list.toList()) {
          String name = path.getFileName().toString();
          FileStat st = Posix.lstat(path);
          boolean whiteout = overlay && st.isOverlayWhiteout();
          hasMarkerFile |= name.equals(OPAQUE_MARKER);
          children.add(new Child(whiteout ? WHITEOUT_PREFIX + name : name, path, st, whiteout));
        }
      }
      if (opaque && !hasMarkerFile) {
        children.add(new Child(OPAQUE_MARKER, null, null, true));
      }
      // sorted by the names written, so converted whiteouts take their place among siblings
      children.sort((a, b) -> a.entryName().compareTo(b.entryName()));
      FileStat dirStat = null;
      for (Child child : children) {
        String rel = join(relative, child.entryName());
        String source =
            child.path() == null ? rel : join(relative, child.path().getFileName().toString());
        if (options.exclusions().excludes(source)) {
          continue;
        }
        if (child.whiteout()) {
          if (dirStat == null) {
            dirStat = Posix.lstat(dir);
          }
          marker(rel, dirStat);
          continue;
        }
        FileStat st = child.stat();
        entry(child.path(), rel, st);
        if (st.isDirectory()) {
          walk(
              child.path(),
              rel,
              overlay,
              overlay && (alsoOpaque.contains(rel) || isOpaque(child.path())));
        }
      }
    }

    void changes(Path root, Changes changes) throws IOException {
      TreeMap<String, Character> items = new TreeMap<>(PathOrder.INSTANCE);
      for (String p : changes.changed()) {
        addWithParents(items, p, 'f');
      }
      for (String p : changes.deleted()) {
        int slash = p.lastIndexOf('/');
        String parent = slash < 0 ? "" : p.substring(0, slash);
        String name = p.substring(slash + 1);
        addParents(items, p);
        items.put(join(parent, WHITEOUT_PREFIX + name), 'w');
      }
      for (String d : changes.opaqueDirs()) {
        addWithParents(items, d, 'f');
        items.put(d + "/" + OPAQUE_MARKER, 'o');
      }
      for (var item : items.entrySet()) {
        String rel = item.getKey();
        if (options.exclusions().excludes(rel)) {
          continue;
        }
        int slash = rel.lastIndexOf('/');
        Path parent = slash < 0 ? root : root.resolve(rel.substring(0, slash));
        switch (item.getValue()) {
          case 'f' -> entry(root.resolve(rel), rel, Posix.lstat(root.resolve(rel)));
          default -> marker(rel, Posix.lstat(parent));
        }
      }
    }

    private void addWithParents(TreeMap<String, Character> items, String p, char kind) {
      addParents(items, p);
      items.put(p, kind);
    }

    private void addParents(TreeMap<String, Character> items, String p) {
      for (int i = p.indexOf('/'); i > 0; i = p.indexOf('/', i + 1)) {
        items.putIfAbsent(p.substring(0, i), 'f');
      }
    }

    private void marker(String rel, FileStat parent) throws IOException {
      tar.putEntry(
          new TarEntry(
              rel, TarEntryType.REGULAR, 0, 0, 0, 0, clamp(parent.mtime()), "", 0, 0, null));
    }

    private void entry(Path path, String rel, FileStat st) throws IOException {
      TarEntryType type;
      String link = "";
      switch (st.type()) {
        case REGULAR -> type = TarEntryType.REGULAR;
        case DIRECTORY -> type = TarEntryType.DIRECTORY;
        case SYMLINK -> {
          type = TarEntryType.SYMLINK;
          link = Posix.readlink(path);
        }
        case CHAR_DEVICE -> type = TarEntryType.CHAR_DEVICE;
        case BLOCK_DEVICE -> type = TarEntryType.BLOCK_DEVICE;
        case FIFO -> type = TarEntryType.FIFO;
        default -> {
          return; // sockets cannot be archived; tar skips them too
        }
      }
      if (st.type() != FileType.DIRECTORY && st.nlink() > 1) {
        String key = st.dev() + ":" + st.inode();
        String first = firstLinkName.putIfAbsent(key, rel);
        if (first != null) {
          type = TarEntryType.HARDLINK;
          link = first;
        }
      }
      boolean content = type == TarEntryType.REGULAR;
      boolean device = type == TarEntryType.CHAR_DEVICE || type == TarEntryType.BLOCK_DEVICE;
      TarEntry e =
          new TarEntry(
              rel,
              type,
              st.permissions(),
              st.uid(),
              st.gid(),
              content ? st.size() : 0,
              clamp(st.mtime()),
              link,
              device ? st.rdevMajor() : 0,
              device ? st.rdevMinor() : 0,
              type == TarEntryType.HARDLINK ? null : xattrs(path));
      tar.putEntry(e);
      if (content) {
        try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
          tar.writeContent(in);
          if (in.read() >= 0) {
            throw new IOException(path + " grew while it was being written to a layer");
          }
        }
      }
    }

    private Timespec clamp(Timespec t) {
      return options.timestamp().map(t::clampTo).orElse(t);
    }
  }

  private static String join(String parent, String name) {
    return parent.isEmpty() ? name : parent + "/" + name;
  }

  private static boolean isOpaque(Path dir) throws IOException {
    for (String name : OPAQUE_XATTRS) {
      byte[] v = Xattrs.get(dir, name);
      if (v != null && Arrays.equals(v, new byte[] {'y'})) {
        return true;
      }
    }
    return false;
  }

  /** The xattrs a layer carries: all but host-specific labels and overlay bookkeeping. */
  static SortedMap<String, byte[]> xattrs(Path path) throws IOException {
    SortedMap<String, byte[]> all = Xattrs.getAll(path);
    if (all.isEmpty()) {
      return all;
    }
    TreeMap<String, byte[]> kept = new TreeMap<>();
    for (var e : all.entrySet()) {
      if (keepXattr(e.getKey())) {
        kept.put(e.getKey(), e.getValue());
      }
    }
    return kept;
  }

  /** SELinux labels belong to the host; overlay bookkeeping is turned into whiteout entries. */
  static boolean keepXattr(String name) {
    return !(name.equals("security.selinux")
        || name.startsWith("trusted.overlay.")
        || name.startsWith("user.overlay.")
        || name.startsWith("user.fuseoverlayfs."));
  }
}
