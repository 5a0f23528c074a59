package dev.stowage.engine.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A ConfigMap volume laid out as kubelet does: {@code key -> ..data/key -> ..<timestamp>/key}. */
class ConfigMapVolumeTest {

  private static final String STAMP = "..2024_01_01_00_00_00.123456789";

  @TempDir Path tmp;

  private Path volume;
  private Path data;

  @BeforeEach
  void kubeletLayout() throws Exception {
    volume = Files.createDirectories(tmp.resolve("configmap"));
    data = Files.createDirectories(volume.resolve(STAMP));
    Files.createSymbolicLink(volume.resolve("..data"), Path.of(STAMP));
    key("Containerfile", "FROM scratch\n");
    key("run.sh", "#!/bin/sh\n");
    Files.setPosixFilePermissions(
        data.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private void key(String name, String content) throws Exception {
    Files.writeString(data.resolve(name), content);
    Files.createSymbolicLink(volume.resolve(name), Path.of("..data/" + name));
  }

  @Test
  void copiesEachKeysContentAndSkipsKubeletsOwnEntries() throws Exception {
    Path ws = tmp.resolve("ws");

    var written = ConfigMapVolume.at(volume).copyTo(Destination.prepare(ws));

    assertThat(written)
        .extracting(RelativePath::toString)
        .containsExactly("Containerfile", "run.sh");
    try (Stream<Path> all = Files.list(ws)) {
      assertThat(all.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("Containerfile", "run.sh");
    }
    assertThat(ws.resolve("Containerfile")).isRegularFile().hasContent("FROM scratch\n");
    assertThat(Files.isSymbolicLink(ws.resolve("Containerfile"))).isFalse();
  }

  @Test
  void keepsThePermissionBitsOfEachFile() throws Exception {
    Path ws = tmp.resolve("ws");
    ConfigMapVolume.at(volume).copyTo(Destination.prepare(ws));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ws.resolve("run.sh"))))
        .isEqualTo("rwxr-xr-x");
  }

  @Test
  void directoriesFromItemPathsAreCopiedAsDirectories() throws Exception {
    Files.createDirectories(data.resolve("conf"));
    Files.writeString(data.resolve("conf/app.conf"), "x=1\n");
    Files.createSymbolicLink(volume.resolve("conf"), Path.of("..data/conf"));
    Path ws = tmp.resolve("ws");

    ConfigMapVolume.at(volume).copyTo(Destination.prepare(ws));

    assertThat(ws.resolve("conf/app.conf")).hasContent("x=1\n");
  }

  @Test
  void linkLeavingTheVolumeIsRefusedAndNothingIsWritten() throws Exception {
    Path secret = Files.writeString(tmp.resolve("secret"), "do not copy");
    Files.createSymbolicLink(volume.resolve("zz-evil"), secret);
    Path ws = tmp.resolve("ws");

    assertThatThrownBy(() -> ConfigMapVolume.at(volume).copyTo(Destination.prepare(ws)))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("'zz-evil' is a symbolic link that leaves the volume");
    assertThat(ws).isEmptyDirectory();
  }

  @Test
  void linkLeavingTheVolumeFromInsideTheDataDirectoryIsRefused() throws Exception {
    Path outside = Files.writeString(tmp.resolve("passwd"), "root:x:0:0\n").toAbsolutePath();
    Files.createSymbolicLink(data.resolve("passwd"), outside);
    Files.createSymbolicLink(volume.resolve("passwd"), Path.of("..data/passwd"));

    assertThatThrownBy(
            () -> ConfigMapVolume.at(volume).copyTo(Destination.prepare(tmp.resolve("w"))))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("leaves the volume");
  }

  @Test
  void danglingLinkIsRefused() throws Exception {
    Files.createSymbolicLink(volume.resolve("gone"), Path.of("..data/gone"));
    assertThatThrownBy(
            () -> ConfigMapVolume.at(volume).copyTo(Destination.prepare(tmp.resolve("w"))))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("dangling");
  }

  @Test
  void linkLoopIsRefused() throws Exception {
    Files.createSymbolicLink(data.resolve("loop"), Path.of("."));
    Files.createSymbolicLink(volume.resolve("loop"), Path.of("..data/loop"));
    assertThatThrownBy(
            () -> ConfigMapVolume.at(volume).copyTo(Destination.prepare(tmp.resolve("w"))))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("links back");
  }

  @Test
  void missingVolumeIsAUserError() {
    assertThatThrownBy(() -> ConfigMapVolume.at(tmp.resolve("nope")))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("does not exist");
  }
}
