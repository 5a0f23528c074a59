package dev.stowage.engine.parity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.engine.fs.Posix;
import dev.stowage.engine.fs.Xattrs;
import dev.stowage.engine.storage.Store;
import dev.stowage.engine.storage.StoreSet;
import dev.stowage.engine.testing.BaseImages;
import dev.stowage.engine.testing.ContainersStore;
import dev.stowage.engine.testing.ExternalCommand;
import dev.stowage.engine.testing.ScratchDirectory;
import dev.stowage.engine.testing.TarballImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The listing of an image whose content we chose (busybox plus a hand-made layer with a whiteout,
 * an opaque directory, setuid and sticky modes, owners, links and an xattr) says exactly that, read
 * from our store and from buildah's alike. Needs root and skopeo.
 */
class KnownImageListingTest {

  private ScratchDirectory scratch;

  @BeforeEach
  void scratch() throws Exception {
    scratch = ScratchDirectory.create("known-image");
  }

  @AfterEach
  void cleanUp() throws Exception {
    scratch.close();
  }

  @Test
  void listingShowsWhatTheLayersSayInBothStores() throws Exception {
    TarballImage busybox = BaseImages.busybox();
    Path top = topLayerTar(Files.createDirectories(scratch.resolve("top")));
    TarballImage image =
        TarballImage.of(
            "localhost/known/image:1",
            List.of(busybox.layers().getFirst(), top),
            List.of("sh"),
            Instant.parse("2025-01-01T00:00:00Z"),
            "known");
    ContainersStore buildah = ContainersStore.create(scratch.resolve("buildah"));
    image.importInto(buildah, scratch.path());
    image.importInto(Store.open(scratch.resolve("stowage")));

    ImageListing theirs = ImageListing.of(buildah.open(), image.name());
    ImageListing ours =
        ImageListing.of(StoreSet.open(scratch.resolve("stowage"), List.of()), image.name());

    ParityDiff diff = ParityDiff.between("stowage", ours, "buildah", theirs);
    assertThat(diff.isEmpty()).as(diff.explain()).isTrue();
    assertThat(ours.layerCount()).isEqualTo(2);
    assertThat(ours.files()).doesNotContainKey("etc/hostname").containsKey("etc/hosts");
    assertThat(ours.files().keySet().stream().filter(p -> p.startsWith("root/")))
        .containsExactly("root/.profile");
    assertThat(ours.lines())
        .contains(
            "/bin/busybox file 0755 0:0 size=%d sha256=%s"
                .formatted(ours.files().get("bin/busybox").size(), shortHash(ours, "bin/busybox")),
            "/bin/sh symlink 0777 0:0 -> busybox",
            "/root dir 0700 0:0",
            "/srv dir 0755 0:0",
            "/srv/data.txt file 0640 1000:1001 size=5 sha256=6667b2d1aab6a00c…"
                + " xattrs={user.comment=6869}",
            "/srv/hard.txt file 0640 1000:1001 size=5 sha256=6667b2d1aab6a00c…"
                + " hardlink=/srv/data.txt xattrs={user.comment=6869}",
            "/srv/link symlink 0777 0:0 -> data.txt",
            "/srv/shared dir 1777 0:0",
            "/usr/local/bin/su file 4755 0:0 size=7 sha256=fcd249947a42433f…");
    assertThat(ours.layers().getLast().entries())
        .extracting(FileEntry::toString)
        .contains("/etc/hostname whiteout", "/root dir 0700 0:0 opaque");
    assertThat(ours.effects().getLast().removed()).contains("etc/hostname");
    assertThat(ours.config().env()).containsExactly(TarballImage.DEFAULT_PATH);
    assertThat(ours.config().cmd()).containsExactly("sh");
    assertThat(ours.history()).extracting(HistoryLine::emptyLayer).containsExactly(false, false);
  }

  private static String shortHash(ImageListing listing, String path) {
    return listing.files().get(path).sha256().substring(0, 16) + "…";
  }

  /** A layer tar made by GNU tar, with whiteout and opaque markers as a registry would carry. */
  private static Path topLayerTar(Path dir) throws Exception {
    Path etc = Files.createDirectories(dir.resolve("etc"));
    Files.createFile(etc.resolve(".wh.hostname"));
    Path root = Files.createDirectories(dir.resolve("root"));
    Posix.chmod(root, 0700);
    Files.createFile(root.resolve(".wh..wh..opq"));
    Files.writeString(root.resolve(".profile"), "PS1='# '\n");
    Path bin = Files.createDirectories(dir.resolve("usr/local/bin"));
    Files.writeString(bin.resolve("su"), "setuid\n");
    Posix.chmod(bin.resolve("su"), 04755);
    Path srv = Files.createDirectories(dir.resolve("srv"));
    Path shared = Files.createDirectories(srv.resolve("shared"));
    Posix.chmod(shared, 01777);
    Path data = Files.writeString(srv.resolve("data.txt"), "data\n");
    Posix.lchown(data, 1000, 1001);
    Posix.chmod(data, 0640);
    Xattrs.set(data, "user.comment", "hi".getBytes(StandardCharsets.UTF_8));
    Files.createLink(srv.resolve("hard.txt"), data);
    Files.createSymbolicLink(srv.resolve("link"), Path.of("data.txt"));
    Path tar = dir.resolveSibling("top.tar");
    ExternalCommand.of(
            List.of(
                "tar",
                "--create",
                "--file=" + tar,
                "--directory=" + dir,
                "--format=posix",
                "--numeric-owner",
                "--xattrs",
                "--xattrs-include=user.*",
                "--sort=name",
                "--mtime=@1700000000",
                "--pax-option=delete=atime,delete=ctime",
                "etc",
                "root",
                "srv",
                "usr"),
            Map.of())
        .run();
    return tar;
  }
}
