package dev.stowage.engine.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.engine.image.ImageConfig;
import dev.stowage.engine.image.ImageManifest;
import dev.stowage.engine.image.MediaTypes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Config instructions, formats, ONBUILD, targets and sources other than the context. */
class BuildFeaturesTest {

  @TempDir Path tmp;
  BuildFixture f;

  @BeforeEach
  void setUp() throws Exception {
    f = new BuildFixture(tmp);
    f.createBase();
  }

  @Test
  void configInstructionsShapeTheImageConfig() throws Exception {
    f.containerfile(
        """
        FROM localhost/busybox
        LABEL a=1 b="two words"
        EXPOSE 8080 53/udp
        VOLUME /data
        STOPSIGNAL SIGTERM
        HEALTHCHECK --interval=5s CMD ["true"]
        SHELL ["/bin/sh", "-ec"]
        ENTRYPOINT ["/bin/sh"]
        CMD echo hi
        ONBUILD RUN echo triggered > /onbuild
        """);

    BuildResult result = f.build(f.request().tag("cfg").label("c", "3").build());

    var c = f.config(result.imageId()).config();
    assertThat(c.labels())
        .containsEntry("a", "1")
        .containsEntry("b", "two words")
        .containsEntry("c", "3");
    assertThat(c.exposedPorts()).containsExactlyInAnyOrder("8080/tcp", "53/udp");
    assertThat(c.volumes()).containsExactly("/data");
    assertThat(c.stopSignal()).isEqualTo("SIGTERM");
    assertThat(c.healthcheck().test()).containsExactly("CMD", "true");
    assertThat(c.healthcheck().interval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.shell()).containsExactly("/bin/sh", "-ec");
    assertThat(c.entrypoint()).containsExactly("/bin/sh");
    assertThat(c.cmd()).containsExactly("/bin/sh", "-ec", "echo hi");
    assertThat(c.onBuild()).containsExactly("RUN echo triggered > /onbuild");
    assertThat(f.config(result.imageId()).history()).allMatch(h -> h.created() != null);
    assertThat(result.layers()).isEqualTo(1);
  }

  @Test
  void onbuildTriggersOfTheBaseRunRightAfterFrom() throws Exception {
    f.containerfile("FROM localhost/busybox\nONBUILD RUN echo triggered > /onbuild\n");
    f.build(f.request().tag("parent").build());
    f.containerfile("FROM localhost/parent\nRUN cat /onbuild > /seen\n");

    BuildResult child = f.build(f.request().tag("child").build());

    Path root = f.materialise(child.imageId());
    assertThat(root.resolve("seen")).hasContent("triggered");
    assertThat(f.config(child.imageId()).config().onBuild()).isEmpty();
  }

  @Test
  void dockerFormatWritesASchema2ManifestAndOciCarriesAnnotations() throws Exception {
    f.file("a", "a");
    f.containerfile("FROM localhost/busybox\nCOPY a /a\n");

    BuildResult docker = f.build(f.request().tag("d").format(ImageFormat.DOCKER).build());
    ImageManifest dm =
        ImageManifest.parse(f.stores.manifest(f.stores.image(docker.imageId())), null);
    // the same config makes the same image id: the later build's manifest is the one kept
    BuildResult oci = f.build(f.request().tag("o").annotation("org.example", "yes").build());
    ImageManifest om = ImageManifest.parse(f.stores.manifest(f.stores.image(oci.imageId())), null);

    assertThat(dm.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
    assertThat(dm.config().mediaType()).isEqualTo(MediaTypes.DOCKER_CONFIG);
    assertThat(dm.layers())
        .hasSize(2)
        .allMatch(l -> l.mediaType().equals(ImageWriter.DOCKER_LAYER_TAR));
    assertThat(dm.digest()).isEqualTo(docker.manifestDigest());
    assertThat(om.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    assertThat(om.annotations()).containsEntry("org.example", "yes");
    assertThat(docker.manifestDigest()).isNotEqualTo(oci.manifestDigest());
  }

  @Test
  void targetStopsAtTheNamedStageAndSkipsUnusedOnes() throws Exception {
    f.containerfile(
        """
        FROM localhost/busybox AS unused
        RUN exit 1
        FROM localhost/busybox AS first
        RUN echo first > /first
        FROM first AS second
        RUN echo second > /second
        """);

    BuildResult result = f.build(f.request().tag("t").target("first").build());

    Path root = f.materialise(result.imageId());
    assertThat(root.resolve("first")).hasContent("first");
    assertThat(root.resolve("second")).doesNotExist();
    assertThat(f.output()).contains("STEP 1/2: FROM localhost/busybox AS first");
  }

  @Test
  void stagesBuildOnEarlierStagesAndCopyFromImagesAndIndexes() throws Exception {
    f.file("ctx.txt", "ctx");
    f.containerfile(
        """
        FROM localhost/busybox AS one
        RUN echo one > /one
        FROM one
        COPY --from=localhost/busybox /etc/base-file /from-image
        COPY --from=0 /one /from-index
        COPY ctx.txt relative.txt
        """);

    Path root = f.materialise(f.build().imageId());

    assertThat(root.resolve("one")).hasContent("one");
    assertThat(root.resolve("from-image")).hasContent("from the base");
    assertThat(root.resolve("from-index")).hasContent("one");
    assertThat(root.resolve("relative.txt")).hasContent("ctx");
  }

  @Test
  void scratchImagesHoldOnlyWhatWasCopied() throws Exception {
    f.file("only", "only");
    f.containerfile("FROM scratch\nCOPY only /\n");

    BuildResult result = f.build();

    Path root = f.materialise(result.imageId());
    try (var list = Files.list(root)) {
      assertThat(list.map(p -> p.getFileName().toString())).containsExactly("only");
    }
    ImageConfig config = f.config(result.imageId());
    assertThat(config.rootfs().diffIds()).hasSize(1);
    assertThat(config.architecture()).isEqualTo("amd64");
  }

  @Test
  void execFormRunAndBuildArgsReachTheProcess() throws Exception {
    f.containerfile(
        """
        FROM localhost/busybox
        ARG VERSION=1
        RUN ["/bin/sh", "-c", "echo $VERSION > /version"]
        """);

    BuildResult result = f.build(f.request().tag("x").buildArg("VERSION", "2").build());

    assertThat(f.materialise(result.imageId()).resolve("version")).hasContent("2");
    assertThat(f.env(result.imageId())).doesNotContainKey("VERSION");
    assertThat(f.runner.requests.getLast().environment()).containsEntry("PATH", "/bin");
  }

  @Test
  void copyHeredocsWriteInlineFiles() throws Exception {
    f.containerfile(
        """
        FROM localhost/busybox
        COPY <<EOF /etc/motd
        hello
        EOF
        """);

    assertThat(f.materialise(f.build().imageId()).resolve("etc/motd")).hasContent("hello");
  }

  @Test
  void addDownloadsUrlsAndChecksTheirChecksum() throws Exception {
    com.sun.net.httpserver.HttpServer server =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    byte[] body = "downloaded".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    server.createContext(
        "/files/",
        exchange -> {
          exchange.getResponseHeaders().add("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/files/tool.txt";
      String sum = dev.stowage.engine.image.Digest.sha256(body).toString();
      f.containerfile(
          "FROM localhost/busybox\nWORKDIR /w\nADD --checksum=%s %s /opt/\nADD %s named\n"
              .formatted(sum, url, url));

      Path root = f.materialise(f.build().imageId());

      assertThat(root.resolve("opt/tool.txt")).hasContent("downloaded");
      assertThat(root.resolve("w/named")).hasContent("downloaded");
      var st = dev.stowage.engine.fs.Posix.lstat(root.resolve("opt/tool.txt"));
      assertThat(st.permissions()).isEqualTo(0600);
      assertThat(st.mtime().seconds()).isEqualTo(1445412480L);

      f.containerfile(
          "FROM localhost/busybox\nADD --checksum=sha256:%s %s /opt/\n"
              .formatted("0".repeat(64), url));
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.build())
          .isInstanceOf(BuildException.class)
          .hasMessageContaining("Containerfile:2")
          .hasMessageContaining("checksum");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void workdirIsCreatedByTheNextCopy() throws Exception {
    f.file("a", "a");
    f.containerfile("FROM localhost/busybox\nWORKDIR /srv/app\nCOPY a /elsewhere\n");

    Path root = f.materialise(f.build().imageId());

    assertThat(root.resolve("srv/app")).isDirectory();
    assertThat(root.resolve("elsewhere")).hasContent("a");
  }

  @Test
  void configAndHistoryFollowBuildah() throws Exception {
    f.containerfile(
        """
        FROM localhost/busybox
        ARG V=1
        ENV A=1 B=2
        ENV A=3
        VOLUME /data
        RUN echo > /dev/null && touch /x
        """);

    BuildResult result = f.build();

    ImageConfig config = f.config(result.imageId());
    assertThat(config.config().env()).containsExactly("PATH=/bin", "B=2", "A=3");
    assertThat(config.config().entrypoint()).isEmpty();
    assertThat(config.history())
        .extracting(h -> h.createdBy())
        .contains("/bin/sh -c #(nop) ARG V=1", "/bin/sh -c echo > /dev/null && touch /x");
    Path root = f.materialise(result.imageId());
    assertThat(root.resolve("data")).isDirectory();
    assertThat(root.resolve("dev/null")).doesNotExist();
  }
}
