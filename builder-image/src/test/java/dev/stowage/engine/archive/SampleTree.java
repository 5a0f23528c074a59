package dev.stowage.engine.archive;

import dev.stowage.engine.fs.FileType;
import dev.stowage.engine.fs.Posix;
import dev.stowage.engine.fs.Timespec;
import dev.stowage.engine.fs.Xattrs;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Builds a directory tree holding every kind of entry a layer can carry. */
final class SampleTree {

  /** VFS_CAP_REVISION_2 granting cap_setuid and cap_net_bind_service: bytes above 0x7f. */
  static final byte[] CAPABILITY = {
    0x01, 0x00, 0x00, 0x02, (byte) 0x80, 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
  };

  static final String LONG_NAME =
      "very/" + "deeply-nested-directory-name-".repeat(4) + "/fïlé-" + "x".repeat(120) + ".txt";

  private SampleTree() {}

  static Path create(Path root) throws IOException {
    Files.createDirectories(root);
    Path bin = Files.createDirectories(root.resolve("usr/bin"));
    Files.write(bin.resolve("tool"), "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8));
    Posix.chmod(bin.resolve("tool"), 04755);
    Files.write(bin.resolve("group-tool"), new byte[] {1, 2, 3});
    Posix.chmod(bin.resolve("group-tool"), 02711);
    Files.write(bin.resolve("ping"), new byte[] {0x7f, 'E', 'L', 'F'});
    Xattrs.set(bin.resolve("ping"), "security.capability", CAPABILITY);
    Posix.link(bin.resolve("tool"), bin.resolve("tool-hardlink"));
    Path tmp = Files.createDirectories(root.resolve("tmp"));
    Posix.chmod(tmp, 01777);
    Path etc = Files.createDirectories(root.resolve("etc"));
    Files.writeString(etc.resolve("empty"), "");
    Files.writeString(etc.resolve("owned"), "owned by 1000:2000\n");
    Posix.lchown(etc.resolve("owned"), 1000, 2000);
    Files.writeString(etc.resolve("big-owner"), "uid beyond ustar\n");
    Posix.lchown(etc.resolve("big-owner"), 3_000_000_000L, 70_000_000L);
    Xattrs.set(etc.resolve("owned"), "user.comment", "hello".getBytes(StandardCharsets.UTF_8));
    Xattrs.set(etc.resolve("owned"), "trusted.note", new byte[] {0, (byte) 0xff, 0x10});
    Posix.symlink("/usr/bin/tool", root.resolve("abs-link"));
    Posix.symlink("../usr/bin/tool", etc.resolve("rel-link"));
    Posix.symlink("t/" + "y".repeat(200), root.resolve("long-link"));
    Posix.lchown(root.resolve("abs-link"), 7, 8);
    Path dev = Files.createDirectories(root.resolve("dev"));
    Posix.mknod(dev.resolve("null"), FileType.CHAR_DEVICE, 0666, 1, 3);
    Posix.chmod(dev.resolve("null"), 0666);
    Posix.mknod(dev.resolve("sda"), FileType.BLOCK_DEVICE, 0660, 8, 0);
    Posix.chmod(dev.resolve("sda"), 0660);
    Posix.mkfifo(dev.resolve("fifo"), 0620);
    Posix.chmod(dev.resolve("fifo"), 0620);
    byte[] random = new byte[3 * 1024 * 1024 + 17];
    new Random(42).nextBytes(random);
    Files.write(root.resolve("random.bin"), random);
    try (RandomAccessFile sparse = new RandomAccessFile(root.resolve("sparse").toFile(), "rw")) {
      sparse.seek(5 * 1024 * 1024);
      sparse.write("end".getBytes(StandardCharsets.UTF_8));
    }
    Path longFile = root.resolve(LONG_NAME);
    Files.createDirectories(longFile.getParent());
    Files.writeString(longFile, "long name");
    Files.writeString(root.resolve("ünïcödé.txt"), "名前");
    Path ro = Files.createDirectories(root.resolve("readonly"));
    Files.writeString(ro.resolve("inside"), "x");
    Posix.chmod(ro, 0555);
    setTimes(root);
    return root;
  }

  /** Gives every path a distinct nanosecond mtime, children before parents. */
  static void setTimes(Path root) throws IOException {
    long[] counter = {1_600_000_000L};
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        counter[0] += 7;
        Timespec t = new Timespec(counter[0], (int) (counter[0] % 1000) * 1000 + 123);
        Posix.utimens(p, t, t);
      }
    }
  }
}
