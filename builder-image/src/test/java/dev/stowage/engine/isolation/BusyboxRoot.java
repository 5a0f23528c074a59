package dev.stowage.engine.isolation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A tiny root file system for RUN tests: {@code bin/busybox} from the host's busybox-static with
 * applet symlinks, passwd and group files, {@code /tmp}, and a secret file next to (outside) it.
 */
final class BusyboxRoot {

  static final String SECRET = "the-secret-outside-the-root";

  private static final List<String> APPLETS =
      List.of(
          "sh",
          "cat",
          "ls",
          "id",
          "chroot",
          "echo",
          "env",
          "pwd",
          "mkdir",
          "ln",
          "touch",
          "rm",
          "true",
          "false",
          "umask",
          "stat",
          "sleep",
          "test",
          "readlink",
          "wc",
          "head");

  final Path dir;
  final Path rootfs;
  final Path secret;

  private BusyboxRoot(Path dir) {
    this.dir = dir;
    this.rootfs = dir.resolve("rootfs");
    this.secret = dir.resolve("secret");
  }

  static BusyboxRoot create(Path dir) throws IOException {
    BusyboxRoot root = new BusyboxRoot(dir);
    Path bin = Files.createDirectories(root.rootfs.resolve("bin"));
    Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
    for (String applet : APPLETS) {
      Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
    }
    Path tmp = Files.createDirectories(root.rootfs.resolve("tmp"));
    Files.setAttribute(tmp, "unix:mode", 01777);
    Files.createDirectories(root.rootfs.resolve("home/app"));
    Files.createDirectories(root.rootfs.resolve("etc"));
    write(
        root.rootfs.resolve("etc/passwd"),
        """
        root:x:0:0:root:/root:/bin/sh
        app:x:1000:1000:App:/home/app:/bin/sh
        nobody:x:65534:65534:nobody:/nonexistent:/bin/false
        """);
    write(
        root.rootfs.resolve("etc/group"),
        """
        root:x:0:
        wheel:x:10:root,app
        app:x:1000:
        audio:x:29:app
        staff:x:50:
        nogroup:x:65534:
        """);
    write(root.secret, SECRET + "\n");
    return root;
  }

  /** A spec running {@code sh -c script} as root in {@code /} with PATH=/bin. */
  RunSpec sh(String script) {
    return RunSpec.of(rootfs, List.of("sh", "-c", script)).withEnv(List.of("PATH=/bin"));
  }

  static void write(Path file, String content) throws IOException {
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }
}
