package dev.stowage.engine.parity;

import dev.stowage.engine.fs.FileStat;
import dev.stowage.engine.fs.FileType;
import dev.stowage.engine.fs.Posix;
import dev.stowage.engine.fs.Xattrs;
import dev.stowage.engine.image.Digest;
import dev.stowage.engine.image.ImageConfig;
import dev.stowage.engine.storage.DiffEntry;
import dev.stowage.engine.storage.OverlayDiffReader;
import dev.stowage.engine.storage.ResolvedImage;
import dev.stowage.engine.storage.ResolvedLayer;
import dev.stowage.engine.storage.StoreSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an image in a containers/storage overlay store (ours or buildah's) amounts to: the final
 * filesystem (layers applied bottom up, whiteouts and opaque directories honoured), each layer's
 * own changes, the config fields a Containerfile decides, and the normalised history (without ARG
 * steps, which buildah records as empty layers and BuildKit not at all).
 */
public record ImageListing(
    String reference,
    SortedMap<String, FileEntry> files,
    List<LayerListing> layers,
    ConfigFields config,
    List<HistoryLine> history) {

  /** Overlay bookkeeping, not content: opaque markers, redirects, origins, copy-up flags. */
  private static final List<String> IGNORED_XATTR_PREFIXES =
      List.of("trusted.overlay.", "user.overlay.", "security.selinux");

  private static final OverlayDiffReader DIFF_READER =
      new OverlayDiffReader((path, name) -> Optional.ofNullable(Xattrs.get(path, name)));

  // layers never change once written: a base layer shared by many listings is read once
  private static final Map<String, LayerListing> LAYER_CACHE = new ConcurrentHashMap<>();

  public ImageListing {
    files = new TreeMap<>(files);
    layers = List.copyOf(layers);
    history = List.copyOf(history);
  }

  /** Lists {@code reference} (name or id) as found in {@code stores}. */
  public static ImageListing of(StoreSet stores, String reference) {
    ResolvedImage image = stores.image(reference);
    List<ResolvedLayer> chain = stores.layerChain(image);
    ImageConfig config = ImageConfig.parse(stores.config(image));
    List<LayerListing> layers = new ArrayList<>();
    for (ResolvedLayer layer : chain) {
      String diffId = layer.layer().diffDigest().map(Digest::toString).orElse("");
      layers.add(
          LAYER_CACHE.computeIfAbsent(
              layer.diffDirectory().toAbsolutePath() + "@" + layer.id(),
              key -> listLayer(diffId, layer.diffDirectory())));
    }
    return new ImageListing(
        reference,
        apply(layers),
        layers,
        ConfigFields.of(config.config()),
        config.history().stream()
            .map(HistoryLine::of)
            .filter(line -> !line.isBuildArgStep())
            .toList());
  }

  /** The number of layers (non-empty history steps of the image, base layers included). */
  public int layerCount() {
    return layers.size();
  }

  /**
   * The same listing with history reduced to instruction keywords, for comparing a Containerfile
   * with its spelled-out equivalent (RUN commands differ in text, not in effect).
   */
  public ImageListing withHistoryKeywordsOnly() {
    return new ImageListing(
        reference,
        files,
        layers,
        config,
        history.stream()
            .map(h -> new HistoryLine(h.createdBy().split(" ", 2)[0], h.emptyLayer()))
            .toList());
  }

  /** What each layer does to the filesystem below it, bottom first. */
  public List<LayerEffect> effects() {
    List<LayerEffect> out = new ArrayList<>();
    SortedMap<String, FileEntry> before = new TreeMap<>();
    for (int i = 0; i < layers.size(); i++) {
      SortedMap<String, FileEntry> after = apply(layers.subList(0, i + 1));
      out.add(LayerEffect.between(before, after));
      before = after;
    }
    return out;
  }

  /** The final filesystem as sorted lines, one per path. */
  public List<String> lines() {
    return files.values().stream().map(FileEntry::toString).toList();
  }

  /** Applies layer listings bottom up, as overlayfs would show the merged tree. */
  static SortedMap<String, FileEntry> apply(List<LayerListing> layers) {
    TreeMap<String, FileEntry> merged = new TreeMap<>();
    for (LayerListing layer : layers) {
      for (FileEntry entry : layer.entries()) {
        if (entry.isWhiteout()) {
          merged.remove(entry.path());
          removeBelow(merged, entry.path());
          continue;
        }
        if (!entry.isDirectory() || entry.opaque()) {
          removeBelow(merged, entry.path());
        }
        merged.put(entry.path(), entry.inFinalFilesystem());
      }
    }
    return merged;
  }

  private static void removeBelow(TreeMap<String, FileEntry> merged, String path) {
    // '0' follows '/' in code point order: the range is exactly the paths under path/
    merged.subMap(path + "/", true, path + "0", false).clear();
  }

  static LayerListing listLayer(String diffId, Path diffDir) {
    try {
      List<FileEntry> entries = new ArrayList<>();
      Map<Long, String> firstPathOfInode = new HashMap<>();
      for (DiffEntry entry : DIFF_READER.read(diffDir)) {
        entries.add(
            switch (entry.kind()) {
              case WHITEOUT -> FileEntry.whiteout(entry.path());
              case DIRECTORY, FILE -> describe(entry.path(), entry.file(), false, firstPathOfInode);
              case OPAQUE_DIRECTORY -> describe(entry.path(), entry.file(), true, firstPathOfInode);
            });
      }
      return new LayerListing(diffId, entries);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list layer directory " + diffDir, e);
    }
  }

  private static FileEntry describe(
      String path, Path file, boolean opaque, Map<Long, String> firstPathOfInode)
      throws IOException {
    FileStat stat = Posix.lstat(file);
    FileType type = stat.type();
    String hash = "";
    String hardlinkTo = "";
    long size = 0;
    if (type == FileType.REGULAR) {
      size = stat.size();
      hash = sha256(file);
      if (stat.nlink() > 1) {
        String first = firstPathOfInode.putIfAbsent(stat.inode(), path);
        hardlinkTo = first == null ? "" : first;
      }
    }
    String target = type == FileType.SYMLINK ? Posix.readlink(file) : "";
    String device =
        type == FileType.CHAR_DEVICE || type == FileType.BLOCK_DEVICE
            ? stat.rdevMajor() + ":" + stat.rdevMinor()
            : "";
    return new FileEntry(
        path,
        typeName(type),
        stat.permissions(),
        stat.uid(),
        stat.gid(),
        size,
        hash,
        target,
        hardlinkTo,
        device,
        opaque,
        xattrs(file));
  }

  private static SortedMap<String, String> xattrs(Path file) throws IOException {
    SortedMap<String, String> out = new TreeMap<>();
    for (Map.Entry<String, byte[]> xattr : Xattrs.getAll(file).entrySet()) {
      if (IGNORED_XATTR_PREFIXES.stream().noneMatch(xattr.getKey()::startsWith)) {
        out.put(xattr.getKey(), HexFormat.of().formatHex(xattr.getValue()));
      }
    }
    return out;
  }

  private static String typeName(FileType type) {
    return switch (type) {
      case REGULAR -> "file";
      case DIRECTORY -> "dir";
      case SYMLINK -> "symlink";
      case CHAR_DEVICE -> "char";
      case BLOCK_DEVICE -> "block";
      case FIFO -> "fifo";
      case SOCKET -> "socket";
    };
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest md = Digest.newSha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
