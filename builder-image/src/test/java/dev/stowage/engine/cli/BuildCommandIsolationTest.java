package dev.stowage.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.engine.build.CliTestSupport;
import dev.stowage.engine.cli.args.CommandLine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stowage build} with its default services: RUN through the real chroot launcher. */
class BuildCommandIsolationTest {

  @TempDir Path tmp;
  Path store;
  Path context;
  Path result;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @BeforeEach
  void setUp() throws Exception {
    store = tmp.resolve("store");
    context = Files.createDirectories(tmp.resolve("ctx"));
    result = tmp.resolve("result.json");
    CliTestSupport.createBusyboxBase(store, tmp.resolve("base"));
  }

  private int run(String... args) {
    List<String> all = new ArrayList<>(List.of("--storage-root", store.toString()));
    all.addAll(List.of("--result-file", result.toString(), "--pull=never"));
    all.addAll(List.of(args));
    all.add(context.toString());
    return new CommandLine(
            new BuildCommand(
                BuildCommand.Services.defaults(), new PrintStream(out, true), Map.of()))
        .execute(all.toArray(String[]::new));
  }

  @Test
  void runStepsRunChrootedAsTheImageUserWithHostFilesKeptOutOfLayers() throws Exception {
    Files.writeString(
        context.resolve("Containerfile"),
        """
        FROM localhost/busybox
        RUN cat /etc/hosts > /hosts-seen && echo visible
        USER app
        WORKDIR /tmp/work
        RUN id -u > uid
        """);

    assertThat(run("-t", "iso")).as(out.toString(StandardCharsets.UTF_8)).isZero();

    String id = new ObjectMapper().readTree(Files.readString(result)).get("imageId").asText();
    Path root = CliTestSupport.materialise(store, tmp.resolve("m"), id);
    assertThat(root.resolve("tmp/work/uid")).hasContent("1000");
    assertThat(root.resolve("hosts-seen")).content().contains("localhost");
    assertThat(root.resolve("etc/hosts")).doesNotExist();
    assertThat(root.resolve("etc/resolv.conf")).doesNotExist();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("visible");
  }

  @Test
  void aMissingCommandFailsTheStepWithStatus127() throws Exception {
    Files.writeString(context.resolve("Containerfile"), "FROM localhost/busybox\nRUN [\"nope\"]\n");

    assertThat(run()).isEqualTo(2);
    assertThat(Files.readString(result)).contains("Containerfile:2").contains("exit status 127");
  }
}
