package dev.stowage.engine.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The files of a mounted ConfigMap volume. Kubelet lays one out as {@code key -> ..data/key} and
 * {@code ..data -> ..<timestamp>/}, so that an update swaps one link: the {@code ..}-prefixed
 * entries (which no key may start with) are skipped, and links are followed only while they stay
 * inside the volume. Keys cannot contain {@code /}, so a ConfigMap context is flat; directories
 * that a volume's {@code items[].path} creates are copied as directories.
 */
public final class ConfigMapVolume {

  /** One file of the volume: where it goes and where its content lies (links resolved). */
  record Entry(RelativePath path, Path content) {}

  private final Path volume;
  private final Path realVolume;

  private ConfigMapVolume(Path volume, Path realVolume) {
    this.volume = volume;
    this.realVolume = realVolume;
  }

  /**
   * Opens the volume mounted at {@code dir}.
   *
   * @throws InvalidSourceException when {@code dir} is not a directory
   */
  public static ConfigMapVolume at(Path dir) throws InvalidSourceException, IOException {
    if (!Files.isDirectory(dir)) {
      throw new InvalidSourceException(
          "ConfigMap directory " + dir + " does not exist or is not a directory");
    }
    return new ConfigMapVolume(dir, dir.toRealPath());
  }

  /**
   * Copies every file into {@code destination}, keeping its permission bits; checks everything
   * first, so a refused entry leaves nothing written.
   *
   * @return the paths written, sorted
   * @throws InvalidSourceException for a link that leaves the volume, or an entry that is neither a
   *     file nor a directory
   */
  public List<RelativePath> copyTo(Destination destination)
      throws InvalidSourceException, IOException {
    List<Entry> entries = entries();
    for (Entry entry : entries) {
      destination.checkWritable(entry.path(), "ConfigMap file");
    }
    List<RelativePath> written = new ArrayList<>();
    for (Entry entry : entries) {
      try (InputStream in = Files.newInputStream(entry.content())) {
        destination.write(entry.path(), in, Files.getPosixFilePermissions(entry.content()));
      }
      written.add(entry.path());
    }
    return written;
  }

  /** The volume's files, links resolved, in name order. */
  List<Entry> entries() throws InvalidSourceException, IOException {
    List<Entry> entries = new ArrayList<>();
    collect(volume, RelativePath.ROOT, entries, new HashSet<>());
    return entries;
  }

  private void collect(Path dir, RelativePath at, List<Entry> into, Set<Path> enclosing)
      throws InvalidSourceException, IOException {
    if (!enclosing.add(dir.toRealPath())) {
      throw new InvalidSourceException(
          "ConfigMap entry '" + at + "' links back to a directory that contains it");
    }
    List<Path> children;
    try (Stream<Path> list = Files.list(dir)) {
      children = list.sorted().toList();
    }
    for (Path child : children) {
      String name = child.getFileName().toString();
      if (name.startsWith("..")) {
        continue;
      }
      List<String> names = new ArrayList<>(at.names());
      names.add(name);
      RelativePath path = new RelativePath(names);
      Path real = inVolume(child, path);
      if (Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
        into.add(new Entry(path, real));
      } else if (Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
        collect(real, path, into, enclosing);
      } else {
        throw new InvalidSourceException(
            "ConfigMap entry '" + path + "' is neither a file nor a directory");
      }
    }
    enclosing.remove(dir.toRealPath());
  }

  /** {@code entry} with its links resolved, refused when they lead out of the volume. */
  private Path inVolume(Path entry, RelativePath path) throws InvalidSourceException, IOException {
    if (!Files.isSymbolicLink(entry)) {
      return entry;
    }
    if (!Files.exists(entry)) {
      throw new InvalidSourceException(
          "ConfigMap entry '" + path + "' is a dangling symbolic link");
    }
    Path real = entry.toRealPath();
    if (!real.startsWith(realVolume)) {
      throw new InvalidSourceException(
          "ConfigMap entry '"
              + path
              + "' is a symbolic link that leaves the volume (to "
              + real
              + ")");
    }
    return real;
  }
}
