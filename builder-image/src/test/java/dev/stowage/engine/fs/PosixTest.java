package dev.stowage.engine.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PosixTest {

  /** {@code os.makedev(8191, 1048581)} as computed by CPython over glibc. */
  private static final long PYTHON_MAKEDEV_8191_1048581 = 0x1001000fff05L;

  @TempDir Path dir;

  @Test
  void lstatReportsTypeSizeModeOwnerAndIdentity() throws Exception {
    Path f = Files.writeString(dir.resolve("f"), "hello");
    Posix.chmod(f, 0640);
    FileStat st = Posix.lstat(f);
    BasicFileAttributes attrs = Files.readAttributes(f, BasicFileAttributes.class);
    assertThat(st.type()).isEqualTo(FileType.REGULAR);
    assertThat(st.size()).isEqualTo(5);
    assertThat(st.permissions()).isEqualTo(0640);
    assertThat(st.uid()).isEqualTo(((Integer) Files.getAttribute(f, "unix:uid")).longValue());
    assertThat(st.gid()).isEqualTo(((Integer) Files.getAttribute(f, "unix:gid")).longValue());
    assertThat(st.inode()).isEqualTo((Long) Files.getAttribute(f, "unix:ino"));
    assertThat(st.dev()).isEqualTo((Long) Files.getAttribute(f, "unix:dev"));
    assertThat(st.nlink()).isEqualTo(1);
    assertThat(st.mtime().toInstant()).isEqualTo(attrs.lastModifiedTime().toInstant());
    assertThat(st.ctime().toInstant())
        .isEqualTo(
            ((java.nio.file.attribute.FileTime) Files.getAttribute(f, "unix:ctime")).toInstant());
  }

  @Test
  void lstatDoesNotFollowSymlinksButStatDoes() throws Exception {
    Files.createDirectory(dir.resolve("d"));
    Posix.symlink("d", dir.resolve("l"));
    assertThat(Posix.lstat(dir.resolve("l")).type()).isEqualTo(FileType.SYMLINK);
    assertThat(Posix.lstat(dir.resolve("l")).size()).isEqualTo(1);
    assertThat(Posix.stat(dir.resolve("l")).type()).isEqualTo(FileType.DIRECTORY);
  }

  @Test
  void lstatOfMissingFileNamesErrnoCallAndPath() throws Exception {
    Path missing = dir.resolve("missing");
    assertThatThrownBy(() -> Posix.lstat(missing))
        .isInstanceOfSatisfying(
            PosixException.class,
            e -> {
              assertThat(e.errno()).isEqualTo(Errno.ENOENT);
              assertThat(e.errnoName()).isEqualTo("ENOENT");
              assertThat(e.syscall()).isEqualTo("lstat");
              assertThat(e.path()).isEqualTo(missing.toString());
              assertThat(e.getMessage()).contains("ENOENT", "No such file", missing.toString());
            });
    assertThat(Posix.lstatIfExists(missing)).isNull();
  }

  @Test
  void lchownChangesTheLinkNotItsTarget() throws Exception {
    Path target = Files.writeString(dir.resolve("t"), "x");
    Path link = dir.resolve("l");
    Posix.symlink("t", link);
    Posix.lchown(link, 1234, 5678);
    assertThat(Posix.lstat(link).uid()).isEqualTo(1234);
    assertThat(Posix.lstat(link).gid()).isEqualTo(5678);
    assertThat(Posix.lstat(target).uid()).isEqualTo(0);
    Posix.lchown(target, 4000000000L, 7);
    assertThat(Posix.lstat(target).uid()).isEqualTo(4000000000L);
  }

  @Test
  void chmodSetsSetuidSetgidAndStickyAndLeavesSymlinksAlone() throws Exception {
    Path f = Files.writeString(dir.resolve("f"), "x");
    Posix.chmod(f, 06755);
    assertThat(Posix.lstat(f).permissions()).isEqualTo(06755);
    Path d = Files.createDirectory(dir.resolve("d"));
    Posix.chmod(d, 01777);
    assertThat(Posix.lstat(d).permissions()).isEqualTo(01777);
    Path link = dir.resolve("l");
    Posix.symlink("f", link);
    Posix.chmod(link, 0600);
    assertThat(Posix.lstat(f).permissions()).isEqualTo(06755);
  }

  @Test
  void mknodCreatesDevicesFifosAndWhiteouts() throws Exception {
    Posix.mknod(dir.resolve("null"), FileType.CHAR_DEVICE, 0666, 1, 3);
    FileStat c = Posix.lstat(dir.resolve("null"));
    assertThat(c.type()).isEqualTo(FileType.CHAR_DEVICE);
    assertThat(c.rdevMajor()).isEqualTo(1);
    assertThat(c.rdevMinor()).isEqualTo(3);
    Posix.chmod(dir.resolve("null"), 0666);
    assertThat(Posix.lstat(dir.resolve("null")).permissions()).isEqualTo(0666);

    Posix.mknod(dir.resolve("blk"), FileType.BLOCK_DEVICE, 0660, 259, 300);
    FileStat b = Posix.lstat(dir.resolve("blk"));
    assertThat(b.type()).isEqualTo(FileType.BLOCK_DEVICE);
    assertThat(b.rdevMajor()).isEqualTo(259);
    assertThat(b.rdevMinor()).isEqualTo(300);
    assertThat(b.rdev()).isEqualTo(Posix.makedev(259, 300));

    Posix.mkfifo(dir.resolve("fifo"), 0600);
    assertThat(Posix.lstat(dir.resolve("fifo")).type()).isEqualTo(FileType.FIFO);

    Posix.mkOverlayWhiteout(dir.resolve("wh"));
    assertThat(Posix.lstat(dir.resolve("wh")).isOverlayWhiteout()).isTrue();
    assertThat(c.isOverlayWhiteout()).isFalse();
  }

  @Test
  void makedevMatchesGlibcEncoding() {
    assertThat(Posix.makedev(8, 1)).isEqualTo(0x801);
    assertThat(Posix.makedev(259, 300)).isEqualTo(0x11032cL);
    assertThat(Posix.makedev(8191, 1048581)).isEqualTo(PYTHON_MAKEDEV_8191_1048581);
  }

  @Test
  void symlinkStoresTargetVerbatimAndReadlinkReturnsIt() throws Exception {
    String target = "../../" + "x".repeat(300) + "/ä";
    Posix.symlink(target, dir.resolve("l"));
    assertThat(Posix.readlink(dir.resolve("l"))).isEqualTo(target);
    assertThatThrownBy(() -> Posix.symlink("t", dir.resolve("l")))
        .isInstanceOfSatisfying(
            PosixException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST));
  }

  @Test
  void linkCreatesHardlinkSharingTheInode() throws Exception {
    Path f = Files.writeString(dir.resolve("f"), "x");
    Posix.link(f, dir.resolve("g"));
    assertThat(Posix.lstat(dir.resolve("g")).inode()).isEqualTo(Posix.lstat(f).inode());
    assertThat(Posix.lstat(f).nlink()).isEqualTo(2);
  }

  @Test
  void linkToSymlinkLinksTheSymlinkItself() throws Exception {
    Posix.symlink("nowhere", dir.resolve("s"));
    Posix.link(dir.resolve("s"), dir.resolve("s2"));
    assertThat(Posix.lstat(dir.resolve("s2")).isSymlink()).isTrue();
    assertThat(Posix.readlink(dir.resolve("s2"))).isEqualTo("nowhere");
  }

  @Test
  void utimensSetsNanosecondTimesWithoutFollowingSymlinks() throws Exception {
    Path f = Files.writeString(dir.resolve("f"), "x");
    Posix.symlink("f", dir.resolve("l"));
    Timespec at = new Timespec(1_000_000_000L, 123_456_789);
    Timespec mt = new Timespec(1_500_000_000L, 987_654_321);
    Posix.utimens(dir.resolve("l"), at, mt);
    assertThat(Posix.lstat(dir.resolve("l")).mtime()).isEqualTo(mt);
    assertThat(Posix.lstat(dir.resolve("l")).atime()).isEqualTo(at);
    assertThat(Posix.lstat(f).mtime()).isNotEqualTo(mt);
    Posix.utimens(f, at, mt);
    assertThat(Posix.lstat(f).mtime()).isEqualTo(mt);
  }

  @Test
  void namesAreUtf8() throws Exception {
    Path f = dir.resolve("ünï-" + "名前");
    Posix.mkfifo(f, 0600);
    assertThat(Posix.lstat(f).type()).isEqualTo(FileType.FIFO);
    assertThat(
            new String(
                f.getFileName().toString().getBytes(StandardCharsets.UTF_8),
                StandardCharsets.UTF_8))
        .isEqualTo("ünï-名前");
  }

  @Test
  void nulInStringArgumentIsRejectedBeforeTheCall() {
    assertThatThrownBy(() -> Posix.symlink("a\0b", dir.resolve("l")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NUL");
    assertThat(Files.exists(dir.resolve("l"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
  }
}
