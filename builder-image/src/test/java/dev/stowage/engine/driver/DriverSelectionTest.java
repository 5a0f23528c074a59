package dev.stowage.engine.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.engine.driver.DriverSelection.Program;
import dev.stowage.engine.driver.DriverSelection.Requested;
import dev.stowage.engine.isolation.Namespaces;
import dev.stowage.engine.storage.StoreSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver choice on this machine (root, CAP_SYS_ADMIN) and on pretended weaker ones. */
class DriverSelectionTest {

  private static final long SYS_ADMIN = 1L << 21;

  @TempDir Path tmp;

  private DriverContext context() throws Exception {
    return new DriverContext(
        StoreSet.open(tmp.resolve("store"), List.of()),
        Files.createDirectories(tmp.resolve("scratch")),
        Optional.empty());
  }

  private StorageDriver select(Namespaces ns, Requested r, Program p, String path)
      throws Exception {
    return new DriverSelection(ns, path, "").select(r, p, context(), tmp.resolve("probe"));
  }

  @Test
  void rootWithSysAdminGetsTheKernelsOverlay() throws Exception {
    StorageDriver d = select(Namespaces.ofThisProcess(), Requested.AUTO, Program.AUTO, null);

    assertThat(d.info()).isEqualTo(new DriverInfo("overlay", "kernel", false, ""));
  }

  @Test
  void withoutSysAdminAutoFallsBackToNativeAndSaysWhy() throws Exception {
    StorageDriver d =
        new DriverSelection(new Namespaces(true, 0), null, "seccomp refused unshare")
            .select(Requested.AUTO, Program.AUTO, context(), tmp.resolve("probe"));

    assertThat(d.info().name()).isEqualTo("native");
    assertThat(d.info().note()).contains("no CAP_SYS_ADMIN").contains("seccomp refused unshare");
  }

  @Test
  void withoutSysAdminAnExplicitOverlayFails() {
    assertThatThrownBy(() -> select(new Namespaces(true, 0), Requested.OVERLAY, Program.AUTO, null))
        .isInstanceOf(DriverSelection.UnavailableException.class)
        .hasMessageContaining("overlay unavailable");
  }

  @Test
  void fuseOverlayfsMissingFromPathIsNamedAsTheReason() throws Exception {
    StorageDriver d =
        select(
            new Namespaces(true, SYS_ADMIN),
            Requested.AUTO,
            Program.FUSE,
            Files.createDirectories(tmp.resolve("empty-bin")).toString());

    assertThat(d.info().name()).isEqualTo("native");
    assertThat(d.info().note()).contains("fuse-overlayfs: not found on PATH");
  }

  @Test
  void fuseOverlayfsIsUsedWhenAskedFor() throws Exception {
    StorageDriver d =
        select(Namespaces.ofThisProcess(), Requested.OVERLAY, Program.FUSE, "/usr/bin:/bin");

    assertThat(d.info().mountProgram()).isEqualTo("fuse-overlayfs");
  }

  @Test
  void nativeIsNativeWithoutProbing() throws Exception {
    StorageDriver d = select(new Namespaces(true, 0), Requested.NATIVE, Program.AUTO, null);

    assertThat(d.info()).isEqualTo(new DriverInfo("native", "", false, ""));
    assertThat(tmp.resolve("probe")).doesNotExist();
  }

  @Test
  void requestedNamesParseAndUnknownOnesAreRefused() {
    assertThat(Requested.parse("Overlay")).isEqualTo(Requested.OVERLAY);
    assertThat(Requested.parse("vfs")).isEqualTo(Requested.NATIVE);
    assertThat(Program.parse("fuse-overlayfs")).isEqualTo(Program.FUSE);
    assertThatThrownBy(() -> Requested.parse("btrfs"))
        .hasMessageContaining("--storage-driver must be auto, overlay or native");
    assertThatThrownBy(() -> Program.parse("squashfs")).hasMessageContaining("--mount-program");
  }

  @Test
  void theExpectedDriverIsFoundWithoutMounting() throws Exception {
    DriverSelection here = new DriverSelection(Namespaces.ofThisProcess(), null, "");
    DriverSelection weak = new DriverSelection(new Namespaces(true, 0), null, "no unshare");

    assertThat(here.expected(Requested.AUTO, Program.AUTO))
        .isEqualTo(new DriverInfo("overlay", "kernel", false, ""));
    assertThat(weak.expected(Requested.AUTO, Program.AUTO).note()).contains("no unshare");
    assertThat(here.expected(Requested.NATIVE, Program.AUTO).name()).isEqualTo("native");
  }

  @Test
  void descriptionsSayWhatTheBuildUses() {
    assertThat(new DriverInfo("overlay", "fuse-overlayfs", true, "").describe())
        .isEqualTo("overlay (fuse-overlayfs, user namespace)");
    assertThat(new DriverInfo("native", "", false, "overlay unavailable (x)").describe())
        .isEqualTo("native: overlay unavailable (x)");
  }
}
