package dev.stowage.engine.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a RUN step must not be able to do: read outside its root or chroot its way out. */
class ChrootEscapeTest {

  @TempDir Path tmp;
  BusyboxRoot root;
  final ChrootRunner runner = ChrootRunner.create();
  final RecordingSink sink = new RecordingSink();

  @BeforeEach
  void rootfs() throws Exception {
    root = BusyboxRoot.create(tmp);
    // a nested root to chroot into from inside the RUN
    Path inner = Files.createDirectories(root.rootfs.resolve("inner/bin"));
    Files.copy(root.rootfs.resolve("bin/busybox"), inner.resolve("busybox"));
    Files.createSymbolicLink(inner.resolve("sh"), Path.of("busybox"));
  }

  @Test
  void fileOutsideTheRootCannotBeReadByAnyPath() throws Exception {
    String script =
        String.join(
            "\n",
            "cat ../secret",
            "cat /../secret",
            "cat ../../../../secret",
            "cat " + root.secret,
            "cd / && cd .. && cd .. && cat secret",
            "ln -s ../../secret /tmp/rel && cat /tmp/rel",
            "ln -s /.. /up && cat /up/secret /up/../secret",
            "ln -s " + root.secret + " /tmp/abs && cat /tmp/abs",
            "echo end");

    RunResult result = runner.run(root.sh(script).withWorkdir("/home/app"), sink);

    assertThat(result.exitCode()).isZero();
    assertThat(sink.out()).isEqualTo("end").doesNotContain(BusyboxRoot.SECRET);
    assertThat(sink.err()).doesNotContain(BusyboxRoot.SECRET).contains("No such file or directory");
  }

  @Test
  void chrootInsideRunIsNotPermittedEvenAsRoot() throws Exception {
    RunResult result = runner.run(root.sh("id -u; chroot /inner /bin/sh -c 'echo inside'"), sink);

    assertThat(result.exitCode()).isNotZero();
    assertThat(sink.out()).isEqualTo("0");
    assertThat(sink.err()).contains("Operation not permitted");
  }

  @Test
  void plainChrootLeavesChrootInsideTheRootPossible() throws Exception {
    // the contrast: coreutils chroot alone keeps CAP_SYS_CHROOT, the start of the double-chroot
    // escape that buildah 1.28's chroot isolation falls to
    Output plain =
        exec(
            List.of(
                "/usr/sbin/chroot",
                root.rootfs.toString(),
                "/bin/sh",
                "-c",
                "chroot /inner /bin/sh -c 'echo inside'"));

    assertThat(plain.exitCode).isZero();
    assertThat(plain.stdout).isEqualTo("inside\n");
  }

  @Test
  void chrootStaysForbiddenWhenTheEngineLacksCapSetpcap() throws Exception {
    // the builder pod has no CAP_SETPCAP, so the bounding set cannot shrink: no_new_privs must hold
    ChrootRunner withoutSetpcap =
        new ChrootRunner(
            LauncherCommand.ofCurrentJvm()
                .withWrapper(List.of("/usr/bin/setpriv", "--bounding-set", "-setpcap", "--")));

    RunResult result =
        withoutSetpcap.run(root.sh("id -u; chroot /inner /bin/sh -c 'echo inside'"), sink);

    assertThat(result.exitCode()).isNotZero();
    assertThat(sink.out()).isEqualTo("0");
    assertThat(sink.err()).contains("Operation not permitted");
  }

  @Test
  void fileCapabilitiesInTheImageCannotGiveChrootBack() throws Exception {
    // busybox picks its applet from argv[0], so the setcap'd copy is named chroot
    Path capbox = Files.createDirectories(root.rootfs.resolve("capbin")).resolve("chroot");
    Files.copy(root.rootfs.resolve("bin/busybox"), capbox, StandardCopyOption.COPY_ATTRIBUTES);
    assertThat(exec(List.of("/usr/sbin/setcap", "cap_sys_chroot+ep", capbox.toString())).exitCode)
        .isZero();
    String attack = "/capbin/chroot /inner /bin/sh -c 'echo inside'";
    ResolvedUser app = new ResolvedUser(1000, 1000, List.of(), "/home/app");

    // without our launcher the setcap'd binary chroots fine as an ordinary user
    Output plain =
        exec(
            List.of(
                "/usr/sbin/chroot",
                "--userspec=1000:1000",
                root.rootfs.toString(),
                "/bin/sh",
                "-c",
                attack));
    assertThat(plain.stdout).isEqualTo("inside\n");

    RunResult asApp = runner.run(root.sh(attack).withUser(app), sink);
    RunResult asRoot = runner.run(root.sh(attack), sink);
    ChrootRunner withoutSetpcap =
        new ChrootRunner(
            LauncherCommand.ofCurrentJvm()
                .withWrapper(List.of("/usr/bin/setpriv", "--bounding-set", "-setpcap", "--")));
    RunResult noSetpcap = withoutSetpcap.run(root.sh(attack).withUser(app), sink);

    assertThat(List.of(asApp.exitCode(), asRoot.exitCode(), noSetpcap.exitCode()))
        .allMatch(code -> code != 0);
    assertThat(sink.stdout).doesNotContain("inside");
    assertThat(sink.stderr).hasSize(3).allMatch(line -> line.contains("Operation not permitted"));
  }

  record Output(int exitCode, String stdout, String stderr) {}

  static Output exec(List<String> command) throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(new ArrayList<>(command))
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().clear();
    builder.environment().put("PATH", "/bin:/usr/bin:/usr/sbin");
    Process p = builder.start();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    return new Output(
        p.waitFor(),
        new String(out, StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8));
  }
}
