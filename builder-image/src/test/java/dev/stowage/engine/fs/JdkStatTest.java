package dev.stowage.engine.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JDK's lstat gives what libc's statx gives, field for field. */
class JdkStatTest {

  @TempDir Path dir;

  @Test
  void everyKindOfFileReadsAsLibcReadsIt() throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "content");
    Posix.chmod(file, 04751);
    Path sub = Files.createDirectory(dir.resolve("sub"));
    Posix.chmod(sub, 01777);
    Path link = Files.createSymbolicLink(dir.resolve("link"), Path.of("missing/target"));
    Path fifo = dir.resolve("fifo");
    Posix.mknod(fifo, FileType.FIFO, 0640, 0, 0);
    Files.createLink(dir.resolve("hardlink"), file);

    for (Path p : new Path[] {file, sub, link, fifo, Path.of("/dev/null")}) {
      assertThat(JdkStat.lstat(p)).as(p.toString()).isEqualTo(Posix.lstat(p));
    }
    assertThat(JdkStat.lstat(file).permissions()).isEqualTo(04751);
    assertThat(JdkStat.lstat(file).nlink()).isEqualTo(2);
    assertThat(JdkStat.lstat(link).isSymlink()).isTrue();
    assertThat(JdkStat.lstat(Path.of("/dev/null")).rdevMinor()).isEqualTo(3);
  }

  @Test
  void deviceNumbersSplitAsGlibcJoinsThem() {
    for (int[] mm :
        new int[][] {{0, 0}, {1, 3}, {259, 1}, {4095, 255}, {4096, 256}, {0xfffff, 0xfffff}}) {
      long dev = Posix.makedev(mm[0], mm[1]);
      assertThat(JdkStat.major(dev)).isEqualTo(mm[0]);
      assertThat(JdkStat.minor(dev)).isEqualTo(mm[1]);
    }
  }

  @Test
  void aMissingFileIsNoSuchFile() {
    assertThatThrownBy(() -> JdkStat.lstat(dir.resolve("nothing")))
        .isInstanceOf(NoSuchFileException.class);
  }
}
