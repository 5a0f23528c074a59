package dev.stowage.engine.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.engine.storage.StorageConf;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images we build run under the real podman reading our store. Needs root and podman. */
class PodmanRunTest {

  @TempDir Path tmp;

  @Test
  void podmanRunsTheBuiltImage() throws Exception {
    BuildFixture f = new BuildFixture(tmp);
    f.createBase();
    f.file("hello.txt", "hello from stowage");
    f.containerfile(
        """
        FROM localhost/busybox
        COPY hello.txt /app/
        RUN rm /etc/base-file && echo ran > /app/ran
        WORKDIR /app
        CMD ["cat", "hello.txt", "ran"]
        """);
    f.build(f.request().tag("podman-run").format(ImageFormat.DOCKER).build());

    String out =
        podman(
            tmp,
            f.store,
            "run",
            "--rm",
            "--pull",
            "never",
            "--network",
            "none",
            "localhost/podman-run:latest");
    String gone =
        podman(
            tmp,
            f.store,
            "run",
            "--rm",
            "--pull",
            "never",
            "--network",
            "none",
            "localhost/podman-run:latest",
            "sh",
            "-c",
            "test -e /etc/base-file && echo present || echo absent");

    assertThat(out).contains("hello from stowage").contains("ran");
    assertThat(gone.trim()).isEqualTo("absent");
  }

  private static String podman(Path tmp, Path store, String... args)
      throws IOException, InterruptedException {
    Path conf = tmp.resolve("containers.conf");
    Path storageConf = tmp.resolve("storage.conf");
    if (!Files.exists(conf)) {
      // podman raises these limits for root unless told, and runc here may only lower them
      Files.writeString(
          conf,
          """
          [containers]
          default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]
          [engine]
          runtime = "runc"
          cgroup_manager = "cgroupfs"
          events_logger = "file"
          """);
      Files.writeString(
          storageConf, new StorageConf(store, tmp.resolve("run"), List.of()).toToml());
    }
    List<String> cmd = new ArrayList<>(List.of("podman"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("CONTAINERS_CONF", conf.toString());
    pb.environment().put("CONTAINERS_STORAGE_CONF", storageConf.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("podman %s: %s", args, out).isZero();
    return out;
  }
}
