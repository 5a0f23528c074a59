package dev.stowage.engine.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Looks at a running RUN process from the host through {@code /proc}: root, descriptors, signal
 * mask and dispositions, capabilities and ids.
 */
class RunProcessStateTest {

  private static final long CAP_SYS_CHROOT = 1L << 18;

  @TempDir Path tmp;
  BusyboxRoot root;

  @BeforeEach
  void rootfs() throws Exception {
    root = BusyboxRoot.create(tmp);
  }

  @Test
  void rootRunHasNoChrootCapabilityNoExtraDescriptorsAndDefaultSignals() throws Exception {
    // the wrapper makes the launcher JVM start with SIGHUP and SIGPIPE ignored and fd 7 open
    List<String> wrapper =
        List.of(
            "/bin/sh",
            "-c",
            "trap '' HUP PIPE; exec 7<\"$0\"; exec \"$@\"",
            root.secret.toString());
    ChrootRunner runner = new ChrootRunner(LauncherCommand.ofCurrentJvm().withWrapper(wrapper));

    Map<String, String> status =
        whileRunning(runner, root.sh("echo $$ > /tmp/pid; exec sleep 30").withWorkdir("/home/app"));

    assertThat(status.get("root")).isEqualTo(root.rootfs.toRealPath().toString());
    assertThat(status.get("cwd"))
        .isEqualTo(root.rootfs.resolve("home/app").toRealPath().toString());
    assertThat(status.get("fds")).isEqualTo("[0, 1, 2]");
    assertThat(status.get("stdin")).isEqualTo("/dev/null");
    assertThat(hex(status, "SigBlk")).isZero();
    assertThat(hex(status, "SigIgn")).isZero();
    assertThat(status.get("Uid")).isEqualTo("0\t0\t0\t0");
    for (String set : List.of("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb")) {
      assertThat(hex(status, set) & CAP_SYS_CHROOT).as(set).isZero();
    }
    assertThat(hex(status, "CapEff") & (1L << 0)).as("CAP_CHOWN stays").isNotZero();
    assertThat(status.get("NoNewPrivs")).isEqualTo("0");
  }

  @Test
  void withoutCapSetpcapTheBoundingSetStaysAndNoNewPrivsIsSet() throws Exception {
    ChrootRunner runner =
        new ChrootRunner(
            LauncherCommand.ofCurrentJvm()
                .withWrapper(List.of("/usr/bin/setpriv", "--bounding-set", "-setpcap", "--")));

    Map<String, String> status = whileRunning(runner, root.sh("echo $$ > /tmp/pid; exec sleep 30"));

    assertThat(hex(status, "CapBnd") & CAP_SYS_CHROOT).isNotZero();
    assertThat(hex(status, "CapEff") & CAP_SYS_CHROOT).isZero();
    assertThat(hex(status, "CapPrm") & CAP_SYS_CHROOT).isZero();
    assertThat(status.get("NoNewPrivs")).isEqualTo("1");
  }

  @Test
  void userRunHasNoCapabilitiesAndItsIds() throws Exception {
    Map<String, String> status =
        whileRunning(
            ChrootRunner.create(),
            root.sh("echo $$ > /tmp/pid; exec sleep 30")
                .withUser(new ResolvedUser(1000, 1000, List.of(10, 29), "/home/app")));

    assertThat(status.get("Uid")).isEqualTo("1000\t1000\t1000\t1000");
    assertThat(status.get("Gid")).isEqualTo("1000\t1000\t1000\t1000");
    assertThat(status.get("Groups")).isEqualTo("10 29");
    assertThat(hex(status, "CapEff")).isZero();
    assertThat(hex(status, "CapPrm")).isZero();
    assertThat(hex(status, "CapBnd") & CAP_SYS_CHROOT).isZero();
  }

  private Map<String, String> whileRunning(ChrootRunner runner, RunSpec spec) throws Exception {
    Path pidFile = root.rootfs.resolve("tmp/pid");
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread running =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    runner.run(spec, new RecordingSink());
                  } catch (InterruptedException e) {
                    // expected: the test stops the RUN
                  } catch (RuntimeException e) {
                    failure.set(e);
                  }
                });
    try {
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!Files.exists(pidFile) || Files.readString(pidFile).isBlank()) {
        assertThat(failure.get()).isNull();
        assertThat(System.nanoTime()).isLessThan(deadline);
        Thread.sleep(20);
      }
      long pid = Long.parseLong(Files.readString(pidFile).strip());
      Path proc = Path.of("/proc", Long.toString(pid));
      // wait for the exec of sleep so we see the final process, not the shell before it
      while (!Files.readString(proc.resolve("comm")).strip().equals("sleep")) {
        assertThat(System.nanoTime()).isLessThan(deadline);
        Thread.sleep(20);
      }
      Map<String, String> status = new HashMap<>();
      for (String line : Files.readAllLines(proc.resolve("status"))) {
        int colon = line.indexOf(':');
        status.put(line.substring(0, colon), line.substring(colon + 1).strip());
      }
      status.put("root", Files.readSymbolicLink(proc.resolve("root")).toString());
      status.put("cwd", Files.readSymbolicLink(proc.resolve("cwd")).toString());
      status.put("stdin", Files.readSymbolicLink(proc.resolve("fd/0")).toString());
      try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
        status.put(
            "fds",
            fds.map(p -> Integer.parseInt(p.getFileName().toString()))
                .sorted()
                .toList()
                .toString());
      }
      return status;
    } finally {
      running.interrupt();
      running.join();
    }
  }

  private static long hex(Map<String, String> status, String key) {
    return Long.parseUnsignedLong(status.get(key), 16);
  }
}
