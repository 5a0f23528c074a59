package dev.stowage.engine.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostFilesTest {

  @TempDir Path tmp;
  BusyboxRoot root;
  Path hostResolv;
  final ChrootRunner runner = ChrootRunner.create();
  final RecordingSink sink = new RecordingSink();

  @BeforeEach
  void rootfs() throws Exception {
    root = BusyboxRoot.create(tmp);
    hostResolv = tmp.resolve("host-resolv.conf");
    BusyboxRoot.write(hostResolv, "nameserver 10.96.0.10\nsearch ns.svc.cluster.local\n");
  }

  @Test
  void runSeesHostsAndResolvConfAndTheImageGetsItsFilesBack() throws Exception {
    Path hosts = root.rootfs.resolve("etc/hosts");
    BusyboxRoot.write(hosts, "10.0.0.1 from-the-image\n");
    Files.setPosixFilePermissions(hosts, PosixFilePermissions.fromString("rw-------"));
    Files.setAttribute(hosts, "unix:uid", 1000);
    Files.setAttribute(hosts, "unix:gid", 50);
    Files.setLastModifiedTime(hosts, FileTime.from(Instant.parse("2020-01-02T03:04:05Z")));
    Map<String, String> before = TreeState.of(root.rootfs);

    try (HostFiles provided =
        HostFiles.provide(root.rootfs, Optional.of("builder-0"), hostResolv)) {
      runner.run(root.sh("cat /etc/hosts /etc/resolv.conf"), sink);
    }

    assertThat(sink.stdout)
        .containsExactly(
            "127.0.0.1\tlocalhost",
            "::1\tlocalhost ip6-localhost ip6-loopback",
            "127.0.1.1\tbuilder-0",
            "nameserver 10.96.0.10",
            "search ns.svc.cluster.local");
    assertThat(TreeState.of(root.rootfs)).isEqualTo(before);
  }

  @Test
  void filesTheImageLacksAreGoneAfterwards() throws Exception {
    Map<String, String> before = TreeState.of(root.rootfs);

    try (HostFiles provided = HostFiles.provide(root.rootfs, Optional.empty(), hostResolv)) {
      assertThat(root.rootfs.resolve("etc/hosts")).exists();
      assertThat(root.rootfs.resolve("etc/resolv.conf")).hasContent(Files.readString(hostResolv));
    }

    assertThat(root.rootfs.resolve("etc/hosts")).doesNotExist();
    assertThat(root.rootfs.resolve("etc/resolv.conf")).doesNotExist();
    assertThat(TreeState.of(root.rootfs)).isEqualTo(before);
  }

  @Test
  void aMissingEtcIsCreatedForTheRunAndRemovedAfter() throws Exception {
    Files.delete(root.rootfs.resolve("etc/passwd"));
    Files.delete(root.rootfs.resolve("etc/group"));
    Files.delete(root.rootfs.resolve("etc"));

    try (HostFiles provided = HostFiles.provide(root.rootfs, Optional.empty(), hostResolv)) {
      assertThat(root.rootfs.resolve("etc/hosts")).exists();
    }

    assertThat(root.rootfs.resolve("etc")).doesNotExist();
  }

  @Test
  void symlinkedResolvConfIsReplacedNeverWrittenThrough() throws Exception {
    // Ubuntu-style absolute link; followed from the host it would hit the secret outside the root
    Path link = root.rootfs.resolve("etc/resolv.conf");
    Files.createSymbolicLink(link, root.secret);
    Map<String, String> before = TreeState.of(root.rootfs);

    try (HostFiles provided = HostFiles.provide(root.rootfs, Optional.empty(), hostResolv)) {
      assertThat(Files.isSymbolicLink(link)).isFalse();
      assertThat(link).hasContent(Files.readString(hostResolv));
    }

    assertThat(Files.readString(root.secret)).isEqualTo(BusyboxRoot.SECRET + "\n");
    assertThat(Files.readSymbolicLink(link)).isEqualTo(root.secret);
    assertThat(TreeState.of(root.rootfs)).isEqualTo(before);
  }

  @Test
  void whatTheRunWroteToTheHostFilesIsDiscarded() throws Exception {
    Map<String, String> before = TreeState.of(root.rootfs);

    try (HostFiles provided = HostFiles.provide(root.rootfs, Optional.empty(), hostResolv)) {
      runner.run(root.sh("echo '1.2.3.4 added' >> /etc/hosts; rm /etc/resolv.conf"), sink);
    }

    assertThat(TreeState.of(root.rootfs)).isEqualTo(before);
  }

  @Test
  void rootfsOutsideTheRunsOwnWritesIsUnchanged() throws Exception {
    Map<String, String> before = TreeState.of(root.rootfs);

    try (HostFiles provided =
        HostFiles.provide(root.rootfs, Optional.of("builder-0"), hostResolv)) {
      RunResult result =
          runner.run(
              root.sh(
                      "echo data > /tmp/out; id; ls -la / /etc /bin > /dev/null 2>&1; cat /etc/hosts")
                  .withWorkdir("/tmp"),
              sink);
      assertThat(result.exitCode()).isZero();
    }

    Map<String, String> after = TreeState.of(root.rootfs);
    assertThat(after.keySet()).containsAll(before.keySet());
    assertThat(root.rootfs.resolve("tmp/out")).hasContent("data");
    after.remove("/tmp/out");
    after.remove("/tmp"); // its mtime changed with the new file
    before.remove("/tmp");
    assertThat(after).isEqualTo(before);
  }

  @Test
  void ignoredPathsNameBothFiles() {
    assertThat(HostFiles.ignoredPaths()).containsExactly("/etc/hosts", "/etc/resolv.conf");
  }
}
