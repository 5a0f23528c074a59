package dev.stowage.engine.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafePathTest {

  @TempDir Path tmp;
  Path root;

  @BeforeEach
  void tree() throws Exception {
    root = Files.createDirectories(tmp.resolve("root")).toRealPath();
    Files.createDirectories(root.resolve("usr/lib"));
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/passwd"), "root:x:0:0");
    Posix.symlink("usr/lib", root.resolve("lib"));
    Posix.symlink("/etc", root.resolve("abs"));
    Posix.symlink("../../../../..", root.resolve("up"));
    Posix.symlink("/../../etc/passwd", root.resolve("pw"));
    Posix.symlink("loop2", root.resolve("loop1"));
    Posix.symlink("loop1", root.resolve("loop2"));
  }

  @Test
  void relativeSymlinkIsFollowedInsideTheRoot() throws Exception {
    assertThat(SafePath.resolve(root, "lib/x.so")).isEqualTo(root.resolve("usr/lib/x.so"));
  }

  @Test
  void absoluteSymlinkIsResolvedAgainstTheRootNotTheHost() throws Exception {
    assertThat(SafePath.resolve(root, "abs/passwd")).isEqualTo(root.resolve("etc/passwd"));
    assertThat(SafePath.resolve(root, "/abs/shadow")).isEqualTo(root.resolve("etc/shadow"));
  }

  @Test
  void dotDotAndEscapingSymlinksStopAtTheRoot() throws Exception {
    assertThat(SafePath.resolve(root, "../../../etc/passwd")).isEqualTo(root.resolve("etc/passwd"));
    assertThat(SafePath.resolve(root, "up/etc")).isEqualTo(root.resolve("etc"));
    assertThat(SafePath.resolve(root, "pw")).isEqualTo(root.resolve("etc/passwd"));
    assertThat(SafePath.resolve(root, "up")).isEqualTo(root);
  }

  @Test
  void missingComponentsAreAppendedLexically() throws Exception {
    assertThat(SafePath.resolve(root, "lib/new/dir/../f")).isEqualTo(root.resolve("usr/lib/new/f"));
  }

  @Test
  void resolveParentLeavesTheFinalSymlinkAlone() throws Exception {
    assertThat(SafePath.resolveParent(root, "abs")).isEqualTo(root.resolve("abs"));
    assertThat(SafePath.resolveParent(root, "lib/abs")).isEqualTo(root.resolve("usr/lib/abs"));
    assertThatThrownBy(() -> SafePath.resolveParent(root, "a/.."))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void symlinkLoopFailsWithEloop() {
    assertThatThrownBy(() -> SafePath.resolve(root, "loop1/x"))
        .isInstanceOfSatisfying(
            PosixException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ELOOP));
  }

  @Test
  void kernelResolutionAgreesWithTheJavaWalk() throws Exception {
    for (String p : new String[] {"lib", "abs/passwd", "up/etc", "pw", "../../usr/lib", "/"}) {
      assertThat(SafePath.resolveExisting(root, p)).as(p).isEqualTo(SafePath.resolve(root, p));
    }
  }

  @Test
  void openat2BeneathRefusesToLeaveTheRootWhileInRootClamps() throws Exception {
    assertThat(Openat2.isAvailable()).as("kernel 6.x offers openat2").isTrue();
    assertThatThrownBy(
            () ->
                Openat2.resolve(
                    root,
                    "abs/passwd",
                    Openat2.RESOLVE_BENEATH | Openat2.RESOLVE_NO_MAGICLINKS,
                    true))
        .isInstanceOfSatisfying(
            PosixException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EXDEV));
    assertThat(
            Openat2.resolve(
                root, "abs/passwd", Openat2.RESOLVE_IN_ROOT | Openat2.RESOLVE_NO_MAGICLINKS, true))
        .isEqualTo(root.resolve("etc/passwd"));
    assertThat(
            Openat2.resolve(
                root, "lib", Openat2.RESOLVE_BENEATH | Openat2.RESOLVE_NO_MAGICLINKS, false))
        .isEqualTo(root.resolve("lib"));
  }
}
