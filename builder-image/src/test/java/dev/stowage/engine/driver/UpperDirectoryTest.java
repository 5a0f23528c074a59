package dev.stowage.engine.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.engine.fs.FileStat;
import dev.stowage.engine.fs.Posix;
import dev.stowage.engine.fs.Timespec;
import dev.stowage.engine.fs.Xattrs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upper directories as kernel overlayfs and fuse-overlayfs leave them, normalised for the store.
 */
class UpperDirectoryTest {

  @TempDir Path tmp;

  private Path upper() throws Exception {
    return Files.createDirectories(tmp.resolve("upper"));
  }

  private Path lower() throws Exception {
    return Files.createDirectories(tmp.resolve("lower"));
  }

  @Test
  void whiteoutFilesOfFuseOverlayfsBecomeWhiteoutDevices() throws Exception {
    Path upper = upper();
    Files.createFile(upper.resolve(".wh.gone"));

    boolean any = UpperDirectory.normalize(upper, List.of(lower()), Optional.empty());

    assertThat(any).isTrue();
    assertThat(Posix.lstat(upper.resolve("gone")).isOverlayWhiteout()).isTrue();
    assertThat(upper.resolve(".wh.gone")).doesNotExist();
  }

  @Test
  void aWhiteoutOfAWhiteoutNameIsDropped() throws Exception {
    Path upper = upper();
    Path dir = Files.createDirectories(upper.resolve("d"));
    Posix.mkOverlayWhiteout(dir.resolve(".wh..opq"));

    UpperDirectory.normalize(upper, List.of(lower()), Optional.empty());

    assertThat(Posix.lstatIfExists(dir.resolve(".wh..opq"))).isNull();
  }

  @Test
  void anOpaqueDirectoryThatHidesNothingLosesItsMarker() throws Exception {
    Path upper = upper();
    Path dir = Files.createDirectories(upper.resolve("new"));
    Files.createFile(dir.resolve(".wh..wh..opq"));
    Files.writeString(dir.resolve("f"), "x");

    UpperDirectory.normalize(upper, List.of(lower()), Optional.empty());

    assertThat(dir.resolve(".wh..wh..opq")).doesNotExist();
    assertThat(Xattrs.get(dir, UpperDirectory.TRUSTED_OPAQUE)).isNull();
    assertThat(Xattrs.get(dir, "user.overlay.opaque")).isNull();
  }

  @Test
  void anOpaqueDirectoryOverALowerOneGetsTheStoresMarker() throws Exception {
    Files.createDirectories(lower().resolve("d"));
    Path upper = upper();
    Path dir = Files.createDirectories(upper.resolve("d"));
    Xattrs.set(dir, "user.fuseoverlayfs.opaque", "y".getBytes(StandardCharsets.UTF_8));

    UpperDirectory.normalize(upper, List.of(lower()), Optional.empty());

    // root with CAP_SYS_ADMIN here: the trusted attribute podman reads
    assertThat(Xattrs.get(dir, UpperDirectory.TRUSTED_OPAQUE)).containsExactly('y');
    assertThat(Xattrs.get(dir, "user.fuseoverlayfs.opaque")).isNull();
    assertThat(dir.resolve(".wh..wh..opq")).doesNotExist();
  }

  @Test
  void overlayBookkeepingAttributesGoAndOthersStay() throws Exception {
    Path upper = upper();
    Path file = Files.writeString(upper.resolve("f"), "x");
    Xattrs.set(file, "trusted.overlay.origin", new byte[] {1, 2});
    Xattrs.set(file, "user.overlay.impure", "y".getBytes(StandardCharsets.UTF_8));
    Xattrs.set(file, "user.kept", new byte[] {3});

    UpperDirectory.normalize(upper, List.of(lower()), Optional.empty());

    assertThat(Xattrs.list(file)).containsExactly("user.kept");
  }

  @Test
  void convertingMarkersKeepsTheDirectoryTimeTheStepLeft() throws Exception {
    Path upper = upper();
    Path dir = Files.createDirectories(upper.resolve("d"));
    Files.createFile(dir.resolve(".wh.old"));
    Timespec then = new Timespec(1_600_000_000L, 0);
    Posix.utimens(dir, then, then);

    UpperDirectory.normalize(upper, List.of(lower()), Optional.empty());

    assertThat(Posix.lstat(dir).mtime()).isEqualTo(then);
  }

  @Test
  void theTimestampClampsNewerFileTimes() throws Exception {
    Path upper = upper();
    Path file = Files.writeString(upper.resolve("f"), "x");
    Path old = Files.writeString(upper.resolve("old"), "x");
    Timespec before = new Timespec(1_000_000L, 0);
    Posix.utimens(old, before, before);

    UpperDirectory.normalize(upper, List.of(lower()), Optional.of(2_000_000L));

    FileStat st = Posix.lstat(file);
    assertThat(st.mtime()).isEqualTo(new Timespec(2_000_000L, 0));
    assertThat(Posix.lstat(old).mtime()).isEqualTo(before);
  }

  @Test
  void anEmptyUpperHoldsNoChange() throws Exception {
    assertThat(UpperDirectory.normalize(upper(), List.of(lower()), Optional.empty())).isFalse();
  }
}
