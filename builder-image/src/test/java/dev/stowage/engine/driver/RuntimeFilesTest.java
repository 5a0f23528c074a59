package dev.stowage.engine.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeFilesTest {

  @TempDir Path tmp;

  @Test
  void symlinkedResolvConfIsReplacedNeverWrittenThrough() throws Exception {
    Path hostFile = Files.writeString(tmp.resolve("host-resolv"), "host content");
    Path root = Files.createDirectories(tmp.resolve("root/etc")).getParent();
    Files.createSymbolicLink(root.resolve("etc/resolv.conf"), hostFile);
    Files.createSymbolicLink(root.resolve("etc/hosts"), Path.of("../../../../host-resolv"));

    RuntimeFiles.provide(root);

    assertThat(hostFile).hasContent("host content");
    assertThat(Files.isSymbolicLink(root.resolve("etc/resolv.conf"))).isFalse();
    assertThat(root.resolve("etc/hosts")).content().contains("localhost");
  }

  @Test
  void anImageWithoutEtcGetsNothing() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));

    RuntimeFiles.provide(root);

    assertThat(root.resolve("etc")).doesNotExist();
  }
}
