package dev.stowage.engine.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellFormTest {

  @TempDir Path tmp;

  @Test
  void shellFormRunsThroughTheDefaultShell() {
    assertThat(ShellForm.of(List.of()).shellForm("echo $HOME"))
        .containsExactly("/bin/sh", "-c", "echo $HOME");
    assertThat(ShellForm.of(null).shell()).isEqualTo(ShellForm.DEFAULT_SHELL);
  }

  @Test
  void shellFormUsesTheImagesShell() {
    assertThat(ShellForm.of(List.of("/bin/bash", "-eo", "pipefail", "-c")).shellForm("a | b"))
        .containsExactly("/bin/bash", "-eo", "pipefail", "-c", "a | b");
  }

  @Test
  void execFormPassesThrough() {
    assertThat(ShellForm.execForm(List.of("/bin/echo", "$HOME")))
        .containsExactly("/bin/echo", "$HOME");
    assertThatThrownBy(() -> ShellForm.execForm(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void heredocWithoutShebangIsFedToTheShell() throws Exception {
    BusyboxRoot root = BusyboxRoot.create(tmp);
    try (ShellForm.Heredoc heredoc =
        ShellForm.of(List.of()).heredoc(root.rootfs, "echo a\necho b\n")) {
      assertThat(heredoc.argv()).containsExactly("/bin/sh", "-c", "echo a\necho b\n");
      assertThat(heredoc.script()).isEmpty();
    }
  }

  @Test
  void heredocWithShebangRunsAsAScriptThatIsRemovedAfterwards() throws Exception {
    BusyboxRoot root = BusyboxRoot.create(tmp);
    RecordingSink sink = new RecordingSink();
    Path script;
    try (ShellForm.Heredoc heredoc =
        ShellForm.of(List.of()).heredoc(root.rootfs, "#!/bin/sh\necho \"from $0\"\nid -u\n")) {
      script = heredoc.script().orElseThrow();
      RunSpec spec =
          RunSpec.of(root.rootfs, heredoc.argv())
              .withEnv(List.of("PATH=/bin"))
              .withUser(new ResolvedUser(1000, 1000, List.of(), "/home/app"));
      assertThat(ChrootRunner.create().run(spec, sink).exitCode()).isZero();
    }

    assertThat(sink.stdout).hasSize(2);
    assertThat(sink.stdout.getFirst()).startsWith("from " + ShellForm.SCRIPT_PREFIX);
    assertThat(sink.stdout.get(1)).isEqualTo("1000");
    assertThat(script).doesNotExist();
    assertThat(Files.list(root.rootfs.resolve("tmp"))).isEmpty();
  }
}
