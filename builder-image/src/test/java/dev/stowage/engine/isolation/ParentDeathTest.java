package dev.stowage.engine.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A RUN process does not outlive the engine that started it. */
class ParentDeathTest {

  @TempDir Path tmp;

  @Test
  void runDiesWhenTheEngineIsKilled() throws Exception {
    BusyboxRoot root = BusyboxRoot.create(tmp);
    Path pidFile = root.rootfs.resolve("tmp/pid");
    Process engine =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                RunOnceMain.class.getName(),
                root.rootfs.toString(),
                "echo $$ > /tmp/pid.new && mv /tmp/pid.new /tmp/pid && exec sleep 120")
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("engine.log").toFile())
            .start();
    try {
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!Files.exists(pidFile) && System.nanoTime() < deadline && engine.isAlive()) {
        Thread.sleep(50);
      }
      assertThat(pidFile).as(Files.readString(tmp.resolve("engine.log"))).exists();
      long pid = Long.parseLong(Files.readString(pidFile).strip());
      Optional<ProcessHandle> run = ProcessHandle.of(pid);
      assertThat(run).isPresent();
      assertThat(run.get().info().command())
          .hasValueSatisfying(c -> assertThat(c).endsWith("busybox"));
      assertThat(run.get().parent().map(ProcessHandle::pid)).contains(engine.pid());

      engine.destroyForcibly().waitFor();

      deadline = System.nanoTime() + 10_000_000_000L;
      while (run.get().isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(run.get().isAlive()).isFalse();
    } finally {
      engine.destroyForcibly();
    }
  }
}
