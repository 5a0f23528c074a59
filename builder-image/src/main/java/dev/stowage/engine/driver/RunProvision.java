package dev.stowage.engine.driver;

import dev.stowage.engine.fs.FileStat;
import dev.stowage.engine.fs.FileTrees;
import dev.stowage.engine.fs.Posix;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a RUN on an overlay gets before it starts and loses before its layer is made: the runtime
 * files and the mount points the image lacks. Whatever providing them put into the upper directory
 * (the files, the directories copied up to hold them) is taken out again, unless the RUN itself
 * changed it, so the layer holds only the RUN's own changes.
 */
final class RunProvision {

  private final Path upper;
  private final Set<String> mountPoints;
  private final Map<String, FileStat> provided;

  private RunProvision(Path upper, Set<String> mountPoints, Map<String, FileStat> provided) {
    this.upper = upper;
    this.mountPoints = mountPoints;
    this.provided = provided;
  }

  /**
   * Provides the files and mount points in {@code merged}, remembering what reached {@code upper}.
   */
  static RunProvision provide(Path merged, Path upper) throws IOException {
    Set<String> points = RuntimeFiles.provideForMounts(merged);
    Map<String, FileStat> provided = new TreeMap<>();
    Files.walkFileTree(
        upper,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            if (!dir.equals(upper)) {
              provided.put(upper.relativize(dir).toString(), Posix.lstat(dir));
            }
            return FileVisitResult.CONTINUE;
          }
        });
    return new RunProvision(upper, points, provided);
  }

  Set<String> mountPoints() {
    return mountPoints;
  }

  /**
   * Takes the provided directories out of the upper directory where the RUN left them as they were:
   * empty, same mode and owner (their times changed when the files came and went). The runtime
   * files themselves are excluded paths, which every commit removes.
   */
  void cleanUp() throws IOException {
    for (String excluded : LayerCommitter.EXCLUDED.paths()) {
      FileTrees.delete(upper.resolve(excluded));
    }
    List<String> deepestFirst =
        provided.keySet().stream()
            .sorted(Comparator.comparingInt((String p) -> p.split("/").length).reversed())
            .toList();
    for (String rel : deepestFirst) {
      Path dir = upper.resolve(rel);
      FileStat now = Posix.lstatIfExists(dir);
      FileStat then = provided.get(rel);
      if (now != null
          && now.isDirectory()
          && now.mode() == then.mode()
          && now.uid() == then.uid()
          && now.gid() == then.gid()
          && FileTrees.isEmptyDirectory(dir)) {
        Files.delete(dir);
      }
    }
  }
}
