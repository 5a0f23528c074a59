package dev.stowage.engine.driver;

import dev.stowage.engine.fs.Mounts;
import dev.stowage.engine.fs.PosixException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The mounts of this process's mount namespace, from {@code /proc/self/mountinfo}. */
final class MountTable {

  private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

  private MountTable() {}

  /** Mount points at or below {@code dir}, deepest first. */
  static List<Path> mountsBelow(Path dir) throws IOException {
    if (!Files.isReadable(MOUNTINFO)) {
      return List.of();
    }
    Path base = dir.toAbsolutePath().normalize();
    List<Path> found = new ArrayList<>();
    for (String line : Files.readAllLines(MOUNTINFO, StandardCharsets.UTF_8)) {
      String[] fields = line.split(" ");
      if (fields.length > 4) {
        Path point = Path.of(unescape(fields[4]));
        if (point.startsWith(base)) {
          found.add(point);
        }
      }
    }
    found.sort(Comparator.comparingInt(Path::getNameCount).reversed());
    return found;
  }

  /** Detaches every mount at or below {@code dir} (what a killed build may have left). */
  static void unmountBelow(Path dir) throws IOException {
    for (Path point : mountsBelow(dir)) {
      try {
        Mounts.unmount(point, Mounts.MNT_DETACH);
      } catch (PosixException e) {
        throw new IOException("cannot unmount " + point + ": " + e.getMessage(), e);
      }
    }
  }

  /** mountinfo escapes space, tab, newline and backslash as three octal digits. */
  static String unescape(String field) {
    if (field.indexOf('\\') < 0) {
      return field;
    }
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 3 < field.length()) {
        s.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        s.append(c);
      }
    }
    return s.toString();
  }
}
