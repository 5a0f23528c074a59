package dev.stowage.engine.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.engine.fs.Posix;
import dev.stowage.engine.fs.Xattrs;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Extraction with only the capabilities of a builder pod (no CAP_SYS_ADMIN, no CAP_MKNOD), in a
 * child JVM started through {@code setpriv}: trusted.* xattrs cannot be set there.
 */
class PodCapabilitiesTest {

  static final String POD_CAPS =
      "-all,+chown,+dac_override,+fowner,+fsetid,+setuid,+setgid,+sys_chroot,+setfcap";

  @TempDir Path tmp;

  /** Entry point of the child JVM: extract args[0] as an overlay diff into args[1]. */
  public static void main(String[] args) throws Exception {
    try (var in = Files.newInputStream(Path.of(args[0]))) {
      new LayerExtractor(ExtractOptions.overlayDiff()).extract(in, Path.of(args[1]));
    }
  }

  @Test
  void overlayDiffWithoutSysAdminMarksOpaqueWithTheUserXattrAndKeepsCapabilities()
      throws Exception {
    Path layer = tmp.resolve("layer.tar");
    TreeMap<String, byte[]> xattrs = new TreeMap<>();
    xattrs.put("security.capability", SampleTree.CAPABILITY);
    xattrs.put("trusted.secret", new byte[] {1});
    xattrs.put("user.kept", new byte[] {2});
    try (OutputStream out = Files.newOutputStream(layer);
        TarWriter tar = new TarWriter(out)) {
      tar.putEntry(TarEntry.directory("app", 0755));
      tar.putEntry(TarEntry.file("app/.wh..wh..opq", 0, 0));
      tar.putEntry(TarEntry.file("app/.wh.old", 0, 0));
      tar.putEntry(TarEntry.file("app/ping", 0755, 0).withXattrs(xattrs));
    }
    Path diff = tmp.resolve("diff");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Shell.ok(
        tmp,
        "setpriv",
        "--bounding-set=" + POD_CAPS,
        "--inh-caps=-all",
        java,
        "--enable-native-access=ALL-UNNAMED",
        "-cp",
        System.getProperty("java.class.path"),
        PodCapabilitiesTest.class.getName(),
        layer.toString(),
        diff.toString());

    assertThat(Xattrs.get(diff.resolve("app"), "trusted.overlay.opaque")).isNull();
    assertThat(Xattrs.get(diff.resolve("app"), "user.overlay.opaque")).containsExactly('y');
    assertThat(diff.resolve("app/.wh..wh..opq")).doesNotExist();
    assertThat(Posix.lstat(diff.resolve("app/old")).isOverlayWhiteout()).isTrue();
    assertThat(Xattrs.get(diff.resolve("app/ping"), "security.capability"))
        .isEqualTo(SampleTree.CAPABILITY);
    assertThat(Xattrs.get(diff.resolve("app/ping"), "user.kept")).containsExactly(2);
    assertThat(Xattrs.get(diff.resolve("app/ping"), "trusted.secret")).isNull();
  }
}
