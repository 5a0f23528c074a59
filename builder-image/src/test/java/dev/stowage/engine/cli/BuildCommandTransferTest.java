package dev.stowage.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.engine.build.CliTestSupport;
import dev.stowage.engine.cli.args.CommandLine;
import dev.stowage.engine.testing.registry.LocalRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code build --push}, {@code --output} and pulling a missing base through the default wiring. */
class BuildCommandTransferTest {

  @RegisterExtension static final LocalRegistry REGISTRY = LocalRegistry.anonymous();

  @TempDir Path tmp;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private int build(Path store, Path context, Path result, String... args) {
    List<String> all = new ArrayList<>(List.of("--storage-root", store.toString()));
    all.addAll(List.of("--result-file", result.toString(), "--tls-verify=false"));
    all.addAll(List.of(args));
    all.add(context.toString());
    return new CommandLine(
            new BuildCommand(
                BuildCommand.Services.defaults(), new PrintStream(out, true), Map.of()))
        .execute(all.toArray(String[]::new));
  }

  @Test
  void pushedImagesServeAsBasesOfBuildsInAnEmptyStore() throws Exception {
    Path store = tmp.resolve("store");
    CliTestSupport.createBusyboxBase(store, tmp.resolve("base"));
    Path ctx = Files.createDirectories(tmp.resolve("ctx"));
    Files.writeString(ctx.resolve("Containerfile"), "FROM localhost/busybox\nRUN echo v1 > /v\n");
    String ref = REGISTRY.host() + "/stowage/base:1";
    Path oci = tmp.resolve("oci");

    int pushed =
        build(
            store,
            ctx,
            tmp.resolve("r1.json"),
            "-t",
            ref,
            "--push",
            "--output",
            "oci:" + oci,
            "--pull=never");

    assertThat(pushed).as(out.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(oci.resolve("index.json")).exists();

    Path fresh = tmp.resolve("fresh");
    Path ctx2 = Files.createDirectories(tmp.resolve("ctx2"));
    Files.writeString(ctx2.resolve("Containerfile"), "FROM " + ref + "\nRUN cat /v > /seen\n");
    int built = build(fresh, ctx2, tmp.resolve("r2.json"), "-t", "child");

    assertThat(built).as(out.toString(StandardCharsets.UTF_8)).isZero();
    String id =
        new ObjectMapper()
            .readTree(Files.readString(tmp.resolve("r2.json")))
            .get("imageId")
            .asText();
    assertThat(CliTestSupport.materialise(fresh, tmp.resolve("m"), id).resolve("seen"))
        .hasContent("v1");
  }

  @Test
  void outputToAnOciArchiveWritesATarballNamedAfterTheFirstTag() throws Exception {
    Path store = tmp.resolve("store");
    CliTestSupport.createBusyboxBase(store, tmp.resolve("base"));
    Path ctx = Files.createDirectories(tmp.resolve("ctx"));
    Files.writeString(ctx.resolve("Containerfile"), "FROM localhost/busybox\nRUN echo a > /a\n");
    Path archive = tmp.resolve("out/image.tar");

    int code =
        build(
            store,
            ctx,
            tmp.resolve("r.json"),
            "-t",
            "localhost/archived:1",
            "--pull=never",
            "--timestamp",
            "0",
            "--output",
            "oci-archive:" + archive);

    assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("Pushed oci-archive:" + archive + ":localhost/archived:1");
    assertThat(archive).isRegularFile();
  }

  @Test
  void aBaseTheRegistryLacksIsARegistryError() throws Exception {
    Path ctx = Files.createDirectories(tmp.resolve("ctx"));
    Files.writeString(
        ctx.resolve("Containerfile"), "FROM " + REGISTRY.host() + "/stowage/missing:1\n");

    assertThat(build(tmp.resolve("store"), ctx, tmp.resolve("r.json"))).isEqualTo(3);
    assertThat(Files.readString(tmp.resolve("r.json"))).contains("stowage/missing");
  }
}
