package dev.stowage.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverlayDiffReaderTest {

  @TempDir Path diff;

  @Test
  void reportsEveryKindOfWhiteoutAndOpaqueDirectory() throws Exception {
    Files.writeString(diff.resolve("kept.txt"), "k");
    Files.createSymbolicLink(diff.resolve("link"), Path.of("kept.txt"));
    // overlayfs whiteout: a 0/0 character device
    TestLayers.run(null, "mknod", diff.resolve("gone").toString(), "c", "0", "0");
    // aufs-style whiteout and opaque marker, as naive extractors leave them
    Files.createDirectories(diff.resolve("dir"));
    Files.writeString(diff.resolve("dir/.wh.old.conf"), "");
    Files.createDirectories(diff.resolve("replaced"));
    Files.writeString(diff.resolve("replaced/.wh..wh..opq"), "");
    Files.writeString(diff.resolve("replaced/new"), "n");
    // rootless fuse-overlayfs marks opaque directories with a user xattr
    Files.createDirectories(diff.resolve("fresh"));
    Files.getFileAttributeView(diff.resolve("fresh"), UserDefinedFileAttributeView.class)
        .write("overlay.opaque", ByteBuffer.wrap("y".getBytes(StandardCharsets.UTF_8)));

    var entries = OverlayDiffReader.userXattrsOnly().read(diff);

    assertThat(entries)
        .extracting(DiffEntry::path, DiffEntry::kind)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("dir", DiffEntry.Kind.DIRECTORY),
            org.assertj.core.groups.Tuple.tuple("dir/old.conf", DiffEntry.Kind.WHITEOUT),
            org.assertj.core.groups.Tuple.tuple("fresh", DiffEntry.Kind.OPAQUE_DIRECTORY),
            org.assertj.core.groups.Tuple.tuple("gone", DiffEntry.Kind.WHITEOUT),
            org.assertj.core.groups.Tuple.tuple("kept.txt", DiffEntry.Kind.FILE),
            org.assertj.core.groups.Tuple.tuple("link", DiffEntry.Kind.FILE),
            org.assertj.core.groups.Tuple.tuple("replaced", DiffEntry.Kind.OPAQUE_DIRECTORY),
            org.assertj.core.groups.Tuple.tuple("replaced/new", DiffEntry.Kind.FILE));
  }

  @Test
  void trustedOpaqueAttributesComeFromTheInjectedReader() throws Exception {
    Files.createDirectories(diff.resolve("opaque"));
    Files.createDirectories(diff.resolve("plain"));
    XattrReader trustedFake =
        (path, name) ->
            path.endsWith("opaque") && name.equals("trusted.overlay.opaque")
                ? Optional.of("y".getBytes(StandardCharsets.UTF_8))
                : Optional.empty();

    var entries = new OverlayDiffReader(trustedFake).read(diff);

    assertThat(entries)
        .extracting(DiffEntry::path, DiffEntry::kind)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("opaque", DiffEntry.Kind.OPAQUE_DIRECTORY),
            org.assertj.core.groups.Tuple.tuple("plain", DiffEntry.Kind.DIRECTORY));
  }

  @Test
  void userXattrReaderIgnoresOtherNamespacesAndSymlinks() throws Exception {
    Path file = Files.writeString(diff.resolve("f"), "x");
    Files.getFileAttributeView(file, UserDefinedFileAttributeView.class)
        .write("overlay.opaque", ByteBuffer.wrap(new byte[] {'y'}));
    Path link = Files.createSymbolicLink(diff.resolve("l"), file);
    UserXattrReader reader = new UserXattrReader();

    assertThat(reader.get(file, "user.overlay.opaque"))
        .hasValueSatisfying(v -> assertThat(v).containsExactly('y'));
    assertThat(reader.get(file, "trusted.overlay.opaque")).isEmpty();
    assertThat(reader.get(link, "user.overlay.opaque")).isEmpty();
    assertThat(Files.exists(link, LinkOption.NOFOLLOW_LINKS)).isTrue();
  }

  @Test
  void aRegularEmptyFileIsNotAWhiteout() throws Exception {
    Path file = Files.createFile(diff.resolve("empty"));
    assertThat(OverlayDiffReader.isWhiteoutDevice(file)).isFalse();
  }
}
