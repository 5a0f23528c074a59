package dev.stowage.engine.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChrootRunnerTest {

  @TempDir Path tmp;
  BusyboxRoot root;
  final ChrootRunner runner = ChrootRunner.create();
  final RecordingSink sink = new RecordingSink();

  @BeforeEach
  void rootfs() throws Exception {
    root = BusyboxRoot.create(tmp);
  }

  @Test
  void runEchoCapturesOutputLineByLine() throws Exception {
    RunResult result = runner.run(root.sh("echo hi; echo there; echo oops >&2"), sink);

    assertThat(result.exitCode()).isZero();
    assertThat(result.succeeded()).isTrue();
    assertThat(sink.stdout).containsExactly("hi", "there");
    assertThat(sink.stderr).containsExactly("oops");
    assertThat(result.duration()).isPositive();
  }

  @Test
  void environmentWorkdirAndExitCodePropagate() throws Exception {
    RunSpec spec =
        root.sh("echo \"$GREETING $PATH\"; pwd; exit 42")
            .withEnv(List.of("PATH=/bin", "GREETING=hello world"))
            .withWorkdir("/home/app");

    RunResult result = runner.run(spec, sink);

    assertThat(result.exitCode()).isEqualTo(42);
    assertThat(result.succeeded()).isFalse();
    assertThat(sink.stdout).containsExactly("hello world /bin", "/home/app");
  }

  @Test
  void environmentIsExactlyTheSpecsPlusHostname() throws Exception {
    RunSpec spec = root.sh("env").withEnv(List.of("PATH=/bin", "A=1")).withHostname("builder");

    runner.run(spec, sink);

    assertThat(sink.stdout)
        .containsExactlyInAnyOrder("PATH=/bin", "A=1", "HOSTNAME=builder", "PWD=/", "SHLVL=1");
  }

  @Test
  void processRunsWithTheRequestedIdsAndGroups() throws Exception {
    RunSpec spec = root.sh("id").withUser(new ResolvedUser(1000, 1000, List.of(10, 29), "/"));

    runner.run(spec, sink);

    assertThat(sink.out()).isEqualTo("uid=1000(app) gid=1000(app) groups=10(wheel),29(audio)");
  }

  @Test
  void userResolvedFromTheImagesPasswdAndGroupFiles() throws Exception {
    ResolvedUser app = UserSpec.parse("app").resolve(root.rootfs);

    runner.run(
        root.sh("id; echo $HOME").withUser(app).withEnv(List.of("PATH=/bin", "HOME=" + app.home())),
        sink);

    assertThat(sink.stdout)
        .containsExactly("uid=1000(app) gid=1000(app) groups=10(wheel),29(audio)", "/home/app");
  }

  @Test
  void umaskApplies() throws Exception {
    runner.run(root.sh("umask").withUmask(027), sink);

    assertThat(sink.out()).isEqualTo("0027");
  }

  @Test
  void stdinIsDevNull() throws Exception {
    RunResult result = runner.run(root.sh("cat; echo done"), sink);

    assertThat(result.exitCode()).isZero();
    assertThat(sink.stdout).containsExactly("done");
  }

  @Test
  void argvZeroIsLookedUpInTheImagesPath() throws Exception {
    Files.createDirectories(root.rootfs.resolve("opt/tools"));
    Path greet = root.rootfs.resolve("opt/tools/greet");
    BusyboxRoot.write(greet, "#!/bin/sh\necho \"$@\"\n");
    greet.toFile().setExecutable(true, false);
    RunSpec spec =
        RunSpec.of(root.rootfs, List.of("greet", "from", "path"))
            .withEnv(List.of("PATH=/nowhere:/opt/tools"));

    runner.run(spec, sink);

    assertThat(sink.out()).isEqualTo("from path");
  }

  @Test
  void defaultPathIsUsedWhenTheImageSetsNone() throws Exception {
    RunResult result = runner.run(RunSpec.of(root.rootfs, List.of("echo", "no PATH")), sink);

    assertThat(result.exitCode()).isZero();
    assertThat(sink.out()).isEqualTo("no PATH");
  }

  @Test
  void unknownCommandIsATypedCommandNotFoundError() {
    RunSpec spec =
        RunSpec.of(root.rootfs, List.of("no-such-tool", "x")).withEnv(List.of("PATH=/bin"));

    assertThatThrownBy(() -> runner.run(spec, sink))
        .isInstanceOfSatisfying(
            IsolationException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(IsolationException.Reason.COMMAND_NOT_FOUND);
              assertThat(e.reason().exitCode()).isEqualTo(127);
            })
        .hasMessageContaining("no-such-tool: command not found in the image (PATH=/bin)");
  }

  @Test
  void missingAbsoluteCommandIsCommandNotFound() {
    RunSpec spec = RunSpec.of(root.rootfs, List.of("/usr/bin/nothing"));

    assertThatThrownBy(() -> runner.run(spec, sink))
        .isInstanceOf(IsolationException.class)
        .hasMessageContaining("/usr/bin/nothing: ENOENT");
  }

  @Test
  void fileWithoutExecuteBitIsNotExecutable() throws Exception {
    BusyboxRoot.write(root.rootfs.resolve("bin/script"), "#!/bin/sh\necho no\n");
    RunSpec spec = RunSpec.of(root.rootfs, List.of("script")).withEnv(List.of("PATH=/bin"));

    assertThatThrownBy(() -> runner.run(spec, sink))
        .isInstanceOfSatisfying(
            IsolationException.class,
            e -> assertThat(e.reason()).isEqualTo(IsolationException.Reason.NOT_EXECUTABLE))
        .hasMessageContaining("Permission denied");
  }

  @Test
  void missingWorkdirFailsClearly() {
    RunSpec spec = root.sh("true").withWorkdir("/does/not/exist");

    assertThatThrownBy(() -> runner.run(spec, sink))
        .isInstanceOfSatisfying(
            IsolationException.class,
            e -> assertThat(e.reason()).isEqualTo(IsolationException.Reason.WORKDIR_MISSING))
        .hasMessageContaining("working directory /does/not/exist");
  }

  @Test
  void commandExitingWithTheLaunchersOwnCodesIsStillAResult() throws Exception {
    assertThat(runner.run(root.sh("exit 127"), sink).exitCode()).isEqualTo(127);
    assertThat(runner.run(root.sh("exit 125"), sink).exitCode()).isEqualTo(125);
  }

  @Test
  void missingRootfsIsAChrootFailure() {
    RunSpec spec = RunSpec.of(tmp.resolve("nope"), List.of("true"));

    assertThatThrownBy(() -> runner.run(spec, sink))
        .isInstanceOfSatisfying(
            IsolationException.class,
            e -> assertThat(e.reason()).isEqualTo(IsolationException.Reason.CHROOT_FAILED));
  }

  @Test
  void unusableAotCacheNeitherFailsTheRunNorShowsInItsOutput() throws Exception {
    Path junk = tmp.resolve("junk.aot");
    Files.writeString(junk, "not an AOT cache");

    RunResult result = runner.withAotCache(junk).run(root.sh("echo hi"), sink);

    assertThat(result.exitCode()).isZero();
    assertThat(sink.stdout).containsExactly("hi");
    assertThat(sink.stderr).isEmpty();
  }

  @Test
  void killedProcessReportsSignalExitCode() throws Exception {
    RunResult result = runner.run(root.sh("kill -9 $$"), sink);

    assertThat(result.exitCode()).isEqualTo(137);
  }
}
