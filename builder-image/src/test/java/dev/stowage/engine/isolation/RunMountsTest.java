package dev.stowage.engine.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A RUN that gets mounts (overlay driver, the engine may mount): its own mount and PID namespace, a
 * /proc of its own (root here: a fresh procfs), a read-only /sys and a minimal /dev, none of which
 * outlives it or reaches its root's directories.
 */
class RunMountsTest {

  @TempDir Path tmp;
  BusyboxRoot root;
  final ChrootRunner runner = ChrootRunner.create();
  final RecordingSink sink = new RecordingSink();

  @BeforeEach
  void rootfsWithMountPoints() throws Exception {
    root = BusyboxRoot.create(tmp);
    for (String d : List.of("dev", "proc", "sys")) {
      Files.createDirectories(root.rootfs.resolve(d));
    }
  }

  private RunSpec withMounts(String script) {
    return root.sh(script).withMounts(RunSpec.MOUNT_POINTS);
  }

  @Test
  void procSysAndDevAreThereForTheRunOnly() throws Exception {
    RunResult result =
        runner.run(
            withMounts(
                String.join(
                    "\n",
                    "echo pid=$$",
                    "head -1 /proc/self/status",
                    "ls /dev",
                    "echo x > /dev/null && echo null-ok",
                    "touch /sys/x 2>/dev/null || echo sys-read-only",
                    "ls /proc | wc -l")),
            sink);

    assertThat(result.exitCode()).as(sink.err()).isZero();
    assertThat(sink.stdout)
        .contains("pid=1", "null-ok", "sys-read-only")
        .anyMatch(l -> l.startsWith("Name:"));
    assertThat(sink.out())
        .contains("null", "zero", "full", "random", "urandom", "pts", "shm", "fd", "stdin");
    for (String d : List.of("dev", "proc", "sys")) {
      try (Stream<Path> left = Files.list(root.rootfs.resolve(d))) {
        assertThat(left).as(d + " after the RUN").isEmpty();
      }
    }
  }

  @Test
  void theRunsProcShowsNoProcessOutsideItsRoot() throws Exception {
    RunResult result =
        runner.run(
            withMounts(
                "for p in /proc/[0-9]*; do cat $p/root"
                    + root.secret
                    + " 2>/dev/null; done;"
                    + " cat /proc/1/root/../secret /proc/self/root/../../secret 2>/dev/null;"
                    + " echo end"),
            sink);

    assertThat(result.exitCode()).isZero();
    assertThat(sink.out()).doesNotContain(BusyboxRoot.SECRET).endsWith("end");
  }

  @Test
  void aCapabilityMaskBoundsTheRun() throws Exception {
    long mask = RunCapabilities.DEFAULT_SET;

    runner.run(withMounts("cat /proc/self/status").withCapabilities(mask), sink);

    long bounding =
        Long.parseLong(
            sink.stdout.stream()
                .filter(l -> l.startsWith("CapBnd:"))
                .findFirst()
                .orElseThrow()
                .substring("CapBnd:".length())
                .strip(),
            16);
    assertThat(bounding).isEqualTo(mask);
  }
}
