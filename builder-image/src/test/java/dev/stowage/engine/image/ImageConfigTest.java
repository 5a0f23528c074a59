package dev.stowage.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ImageConfigTest {

  // Shaped like `docker inspect`-era configs: Docker-only fields must survive a round trip.
  private static final String DOCKER_CONFIG =
      """
      {"architecture":"amd64","config":{"Hostname":"","Domainname":"","User":"app",
      "AttachStdin":false,"ExposedPorts":{"8080/tcp":{},"443/tcp":{}},
      "Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","LANG=C.UTF-8"],
      "Cmd":["/bin/sh","-c","exec app"],"Healthcheck":{"Test":["CMD-SHELL","curl -f http://localhost/"],
      "Interval":30000000000,"Timeout":5000000000,"Retries":3},"ArgsEscaped":true,"Image":"sha256:abc",
      "Volumes":{"/data":{}},"WorkingDir":"/srv","Entrypoint":null,"OnBuild":["RUN echo hi"],
      "Labels":{"z":"last","a":"first"},"StopSignal":"SIGTERM","Shell":["/bin/bash","-c"]},
      "container":"0f1e","created":"2024-05-01T12:34:56.123456789Z","docker_version":"20.10.7",
      "history":[{"created":"2024-05-01T12:00:00Z","created_by":"/bin/sh -c #(nop) ADD file:x in / "},
      {"created":"2024-05-01T12:00:01+02:00","created_by":"/bin/sh -c #(nop)  CMD [\\"sh\\"]","empty_layer":true,"comment":"c"}],
      "os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}
      """
          .formatted("d".repeat(64));

  @Test
  void parsesEveryModelledField() {
    ImageConfig c = ImageConfig.parse(DOCKER_CONFIG.getBytes(StandardCharsets.UTF_8));

    assertThat(c.platform()).isEqualTo(Platform.LINUX_AMD64);
    assertThat(c.created()).isEqualTo(Instant.parse("2024-05-01T12:34:56.123456789Z"));
    ContainerConfig cc = c.config();
    assertThat(cc.user()).isEqualTo("app");
    assertThat(cc.exposedPorts()).containsExactly("443/tcp", "8080/tcp");
    assertThat(cc.envValue("LANG")).isEqualTo("C.UTF-8");
    assertThat(cc.entrypoint()).isNull();
    assertThat(cc.cmd()).containsExactly("/bin/sh", "-c", "exec app");
    assertThat(cc.volumes()).containsExactly("/data");
    assertThat(cc.workingDir()).isEqualTo("/srv");
    assertThat(cc.labels()).containsExactly(Map.entry("a", "first"), Map.entry("z", "last"));
    assertThat(cc.stopSignal()).isEqualTo("SIGTERM");
    assertThat(cc.argsEscaped()).isTrue();
    assertThat(cc.healthcheck().interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(cc.healthcheck().retries()).isEqualTo(3);
    assertThat(cc.shell()).containsExactly("/bin/bash", "-c");
    assertThat(cc.onBuild()).containsExactly("RUN echo hi");
    assertThat(c.rootfs().diffIds()).containsExactly(Digest.sha256Hex("d".repeat(64)));
    assertThat(c.history()).hasSize(2);
    assertThat(c.history().get(1).emptyLayer()).isTrue();
    assertThat(c.history().get(1).created()).isEqualTo(Instant.parse("2024-05-01T10:00:01Z"));
    assertThat(c.unknown().names()).containsExactly("container", "docker_version");
    assertThat(cc.unknown().names()).contains("Hostname", "AttachStdin", "Image");
  }

  @Test
  void roundTripsWithoutLosingFieldsAndWritesStableBytes() throws Exception {
    ImageConfig c = ImageConfig.parse(DOCKER_CONFIG.getBytes(StandardCharsets.UTF_8));

    ImageConfig again = ImageConfig.parse(c.toBytes());

    assertThat(again).isEqualTo(c);
    assertThat(again.toBytes()).isEqualTo(c.toBytes());
    ObjectMapper mapper = new ObjectMapper();
    var written = mapper.readTree(c.toBytes());
    assertThat(written.path("config").path("Hostname").isTextual()).isTrue();
    assertThat(written.path("docker_version").asText()).isEqualTo("20.10.7");
    assertThat(written.path("created").asText()).isEqualTo("2024-05-01T12:34:56.123456789Z");
    assertThat(written.path("history").get(0).has("empty_layer")).isFalse();
    assertThat(written.path("config").path("Healthcheck").path("Interval").asLong())
        .isEqualTo(30_000_000_000L);
  }

  @Test
  void buildsAnImageStepByStep() {
    Digest diffId = Digest.sha256("layer".getBytes(StandardCharsets.UTF_8));
    ImageConfig c =
        ImageConfig.scratch(Platform.LINUX_AMD64)
            .withCreated(Instant.EPOCH)
            .withLayer(diffId, HistoryEntry.of(Instant.EPOCH, "COPY . /app", false))
            .withEmptyLayerStep(HistoryEntry.of(Instant.EPOCH, "ENV A=1", true))
            .withConfig(
                ContainerConfig.EMPTY
                    .withEnv("PATH", "/bin")
                    .withEnv("A", "1")
                    .withEnv("PATH", "/usr/bin:/bin")
                    .withExposedPorts(Set.of("80/tcp"))
                    .withEntrypoint(List.of("/app/run"))
                    .withCmd(List.of()));

    assertThat(c.config().env()).containsExactly("PATH=/usr/bin:/bin", "A=1");
    assertThat(new String(c.toBytes(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"created\":\"1970-01-01T00:00:00Z\",\"architecture\":\"amd64\",\"os\":\"linux\","
                + "\"config\":{\"ExposedPorts\":{\"80/tcp\":{}},\"Env\":[\"PATH=/usr/bin:/bin\",\"A=1\"],"
                + "\"Entrypoint\":[\"/app/run\"],\"Cmd\":[]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + diffId
                + "\"]},\"history\":[{\"created\":\"1970-01-01T00:00:00Z\",\"created_by\":\"COPY . /app\"},"
                + "{\"created\":\"1970-01-01T00:00:00Z\",\"created_by\":\"ENV A=1\",\"empty_layer\":true}]}");
    assertThat(c.digest()).isEqualTo(Digest.sha256(c.toBytes()));
  }

  @Test
  void rejectsConfigsWithoutPlatformOrWithBadValues() {
    assertThatThrownBy(
            () ->
                ImageConfig.parse("{\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\"}}".getBytes()))
        .isInstanceOf(ImageFormatException.class)
        .hasMessageContaining("no architecture");
    assertThatThrownBy(
            () ->
                ImageConfig.parse(
                    "{\"os\":\"linux\",\"architecture\":\"amd64\",\"created\":\"yesterday\",\"rootfs\":{\"type\":\"layers\"}}"
                        .getBytes()))
        .hasMessageContaining("config.created is not an RFC 3339 time");
    assertThatThrownBy(
            () ->
                ImageConfig.parse(
                    "{\"os\":\"linux\",\"architecture\":\"amd64\",\"config\":{\"Env\":\"A=1\"},\"rootfs\":{\"type\":\"layers\"}}"
                        .getBytes()))
        .hasMessageContaining("config.config.Env must be an array");
    assertThatThrownBy(() -> ContainerConfig.EMPTY.withEnv(List.of("NOEQUALS")))
        .hasMessageContaining("NAME=value");
  }
}
