package dev.stowage.engine.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.engine.fs.Mounts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkAreaTest {

  @TempDir Path tmp;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private Path create() throws Exception {
    return WorkArea.create(tmp.resolve("stowage-build"), new PrintStream(out, true));
  }

  @Test
  void anAreaWhoseOwnerIsGoneIsRemovedWithWhatIsMountedInIt() throws Exception {
    Path dead = Files.createDirectories(tmp.resolve("stowage-build/dead"));
    Files.createFile(dead.resolve(WorkArea.OWNER_FILE)); // no process holds its lock
    Path mounted = Files.createDirectories(dead.resolve("stage-0/merged"));
    Mounts.mount("tmpfs", mounted, "tmpfs", 0, "size=1m");
    Files.writeString(mounted.resolve("in-the-mount"), "x");

    Path fresh = create();

    assertThat(dead).doesNotExist();
    assertThat(MountTable.mountsBelow(dead)).isEmpty();
    assertThat(fresh).isDirectory();
    assertThat(out.toString()).contains("Removed the work area of an interrupted build: dead");
    WorkArea.remove(fresh);
  }

  @Test
  void theAreaOfARunningBuildStays() throws Exception {
    Path running = create();

    Path other = create();

    assertThat(running).isDirectory();
    WorkArea.remove(running);
    WorkArea.remove(other);
    assertThat(running).doesNotExist();
  }

  @Test
  void anUnownedAreaOfAnOlderEngineStaysForADay() throws Exception {
    Path recent = Files.createDirectories(tmp.resolve("stowage-build/recent"));
    Path old = Files.createDirectories(tmp.resolve("stowage-build/old"));
    Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(2, ChronoUnit.DAYS)));

    WorkArea.remove(create());

    assertThat(recent).isDirectory();
    assertThat(old).doesNotExist();
  }
}
