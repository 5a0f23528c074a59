package dev.stowage.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The userns seccomp profile on a real runtime (Podman + runc), in a container with exactly the
 * build step's capabilities and no_new_privs: it must let fuse-overlayfs mount in a user+mount
 * namespace, and still refuse what it is meant to refuse.
 */
class SeccompProfileOnRuntimeTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final String BUILD_CAPABILITIES =
      "CHOWN,DAC_OVERRIDE,FOWNER,FSETID,SETUID,SETGID,SYS_CHROOT,SETFCAP";
  private static final List<String> APPLETS =
      List.of("sh", "unshare", "mount", "umount", "cat", "ls", "mkdir", "pivot_root", "true");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Path work;
  private static Path profile;
  private static String image;

  @BeforeAll
  static void prepare() throws Exception {
    for (Path needed :
        List.of(
            Path.of("/usr/bin/podman"),
            Path.of("/bin/busybox"),
            Path.of("/usr/bin/fuse-overlayfs"),
            Path.of("/dev/fuse"))) {
      if (!Files.exists(needed)) {
        throw new IllegalStateException(
            needed
                + " is missing: run `bash scripts/test.sh` as root, which installs podman,"
                + " busybox-static and fuse-overlayfs");
      }
    }
    ChartLocation location = ChartLocation.detect();
    work = Files.createDirectories(location.workDir()).resolve("seccomp-runtime");
    Files.createDirectories(work);
    profile = location.chart().resolve("files/stowage-userns.json");
    image =
        "localhost/stowage-seccomp-test:"
            + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    Path rootfs = work.resolve("rootfs");
    ExternalCommand.run(List.of("rm", "-rf", rootfs.toString()), Map.of(), TIMEOUT);
    Path bin = Files.createDirectories(rootfs.resolve("bin"));
    Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
    Files.setPosixFilePermissions(
        bin.resolve("busybox"), PosixFilePermissions.fromString("rwxr-xr-x"));
    for (String applet : APPLETS) {
      Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
    }
    for (String dir : List.of("usr", "tmp", "proc", "dev", "sys", "etc")) {
      Files.createDirectories(rootfs.resolve(dir));
    }
    // fuse-overlayfs and its libraries come from the host's /usr, mounted read-only.
    Files.createSymbolicLink(rootfs.resolve("lib"), Path.of("usr/lib"));
    Files.createSymbolicLink(rootfs.resolve("lib64"), Path.of("usr/lib64"));
    Path tar = work.resolve("rootfs.tar");
    succeed(List.of("tar", "-C", rootfs.toString(), "-cf", tar.toString(), "."));
    succeed(List.of("podman", "import", "-q", tar.toString(), image));
  }

  @AfterAll
  static void removeImage() {
    if (image != null) {
      ExternalCommand.run(List.of("podman", "rmi", "-f", image), Map.of(), TIMEOUT);
    }
  }

  @Test
  void fuseOverlayfsMountsInsideAUserAndMountNamespace() {
    ExternalCommand.Result result =
        runWith(
            profile,
            "cd /tmp && mkdir l u w m && echo lower > l/f && unshare -U -r -m /bin/sh -c '"
                + "fuse-overlayfs -o lowerdir=/tmp/l,upperdir=/tmp/u,workdir=/tmp/w /tmp/m"
                + " && cat /tmp/m/f && echo upper > /tmp/m/g && ls /tmp/u && umount /tmp/m"
                + " && echo UNMOUNTED'");
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.stdout()).contains("lower").contains("g").contains("UNMOUNTED");
  }

  @Test
  void recursiveBindOfProcWorksButAFreshProcDoesNot() {
    ExternalCommand.Result result =
        runWith(
            profile,
            "mkdir -p /tmp/p /tmp/q && unshare -U -r -m /bin/sh -c '"
                + "mount --rbind /proc /tmp/p && echo RBIND-OK;"
                + " mount -t proc proc /tmp/q && echo FRESH-OK || echo FRESH-REFUSED'");
    assertThat(result.stdout()).as(result.output()).contains("RBIND-OK").contains("FRESH-REFUSED");
  }

  @Test
  void networkNamespacesStayRefused() {
    ExternalCommand.Result result =
        runWith(profile, "unshare -U -r -n true && echo ALLOWED || echo REFUSED");
    assertThat(result.stdout()).as(result.output()).contains("REFUSED").doesNotContain("ALLOWED");
  }

  @Test
  void pivotRootStaysRefused() {
    ExternalCommand.Result result =
        runWith(profile, "unshare -U -r -m pivot_root /tmp /tmp && echo ALLOWED || echo REFUSED");
    assertThat(result.stdout()).as(result.output()).contains("REFUSED").doesNotContain("ALLOWED");
  }

  @Test
  void mountWithoutAUserNamespaceIsStillRefusedByTheKernel() {
    ExternalCommand.Result result =
        runWith(
            profile,
            "mkdir -p /tmp/t && mount -t tmpfs none /tmp/t && echo ALLOWED || echo REFUSED");
    assertThat(result.stdout()).as(result.output()).contains("REFUSED").doesNotContain("ALLOWED");
  }

  @Test
  void withoutTheStowageRulesUnshareIsRefused() throws Exception {
    // The runtime default's shape: the same profile minus the rules Stowage adds.
    ObjectNode stripped = (ObjectNode) JSON.readTree(profile.toFile());
    ArrayNode kept = JSON.createArrayNode();
    Set<String> added = Set.of("unshare", "setns", "mount", "umount2");
    stripped
        .get("syscalls")
        .forEach(
            rule -> {
              boolean stowageRule = false;
              for (var name : rule.get("names")) {
                stowageRule |= added.contains(name.asText());
              }
              if (!stowageRule) {
                kept.add(rule);
              }
            });
    stripped.set("syscalls", kept);
    Path defaultLike = work.resolve("default-like.json");
    JSON.writeValue(defaultLike.toFile(), stripped);
    ExternalCommand.Result result =
        runWith(defaultLike, "unshare -U -r -m true && echo ALLOWED || echo REFUSED");
    assertThat(result.stdout()).as(result.output()).contains("REFUSED").doesNotContain("ALLOWED");
  }

  private static ExternalCommand.Result runWith(Path seccomp, String script) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "podman",
                "run",
                "--rm",
                // podman on these machines needs explicit limits (see the test infrastructure).
                "--ulimit",
                "nofile=1024:1024",
                "--ulimit",
                "nproc=4096:4096",
                "--cap-drop=all",
                "--cap-add=" + BUILD_CAPABILITIES,
                "--security-opt",
                "no-new-privileges",
                "--security-opt",
                "seccomp=" + seccomp,
                "--device",
                "/dev/fuse",
                "-v",
                "/usr:/usr:ro",
                "-e",
                "PATH=/bin:/usr/bin",
                image,
                "/bin/sh",
                "-c",
                script));
    return ExternalCommand.run(command, Map.of(), TIMEOUT);
  }

  private static void succeed(List<String> command) {
    ExternalCommand.Result result = ExternalCommand.run(command, Map.of(), TIMEOUT);
    if (result.exitCode() != 0) {
      throw new IllegalStateException(command + " failed: " + result.output());
    }
  }
}
