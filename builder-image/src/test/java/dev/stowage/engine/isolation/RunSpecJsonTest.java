package dev.stowage.engine.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunSpecJsonTest {

  @Test
  void roundTripsEveryField() {
    RunSpec spec =
        new RunSpec(
            Path.of("/var/lib/stowage/r o\"ot"),
            List.of("/bin/sh", "-c", "echo \"quoted\" \\ back\n\ttab \u0001 ünïcode"),
            List.of("PATH=/bin", "EMPTY="),
            "/work dir",
            1000,
            50,
            List.of(10, 29),
            027,
            "host",
            List.of("proc", "dev"),
            0x80000fbL);

    assertThat(RunSpecJson.read(RunSpecJson.write(spec))).isEqualTo(spec);
    RunSpec noHost = spec.withHostname(null);
    assertThat(RunSpecJson.read(RunSpecJson.write(noHost))).isEqualTo(noHost);
  }

  @Test
  void rejectsMalformedSpecs() {
    assertThatThrownBy(() -> RunSpecJson.read("{\"rootfs\":\"/r\""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                RunSpecJson.read(
                    "{\"rootfs\":\"/r\",\"argv\":[],\"workdir\":\"/\",\"uid\":0,\"gid\":0,\"umask\":18}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("argv");
  }

  @Test
  void specValidatesItsFields() {
    assertThatThrownBy(() -> RunSpec.of(Path.of("relative"), List.of("sh")))
        .hasMessageContaining("absolute");
    assertThatThrownBy(() -> RunSpec.of(Path.of("/r"), List.of("sh")).withWorkdir("rel"))
        .hasMessageContaining("workdir");
    assertThatThrownBy(() -> RunSpec.of(Path.of("/r"), List.of("sh")).withEnv(List.of("NOEQUALS")))
        .hasMessageContaining("KEY=value");
    assertThatThrownBy(() -> RunSpec.of(Path.of("/r"), List.of("sh")).withUmask(01000))
        .hasMessageContaining("umask");
  }
}
