package dev.stowage.engine.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserSpecTest {

  @TempDir Path tmp;
  BusyboxRoot root;

  @BeforeEach
  void rootfs() throws Exception {
    root = BusyboxRoot.create(tmp);
  }

  @Test
  void parsesUserAndGroup() {
    assertThat(UserSpec.parse("app:staff")).isEqualTo(new UserSpec("app", Optional.of("staff")));
    assertThat(UserSpec.parse("1000")).isEqualTo(new UserSpec("1000", Optional.empty()));
    assertThat(UserSpec.parse("")).isEqualTo(new UserSpec("0", Optional.empty()));
    assertThat(UserSpec.parse("app:")).isEqualTo(new UserSpec("app", Optional.empty()));
  }

  @Test
  void nameResolvesToIdsHomeAndSupplementaryGroups() {
    assertThat(UserSpec.parse("app").resolve(root.rootfs))
        .isEqualTo(new ResolvedUser(1000, 1000, List.of(10, 29), "/home/app"));
  }

  @Test
  void rootGetsItsGroupsFromTheGroupFile() {
    assertThat(UserSpec.parse("").resolve(root.rootfs))
        .isEqualTo(new ResolvedUser(0, 0, List.of(10), "/root"));
  }

  @Test
  void explicitGroupReplacesPrimaryAndSupplementaryGroups() {
    assertThat(UserSpec.parse("app:staff").resolve(root.rootfs))
        .isEqualTo(new ResolvedUser(1000, 50, List.of(), "/home/app"));
    assertThat(UserSpec.parse("app:77").resolve(root.rootfs))
        .isEqualTo(new ResolvedUser(1000, 77, List.of(), "/home/app"));
  }

  @Test
  void numericUserNeedNotExist() {
    assertThat(UserSpec.parse("4242").resolve(root.rootfs))
        .isEqualTo(new ResolvedUser(4242, 0, List.of(), "/"));
    assertThat(UserSpec.parse("4242:4343").resolve(root.rootfs))
        .isEqualTo(new ResolvedUser(4242, 4343, List.of(), "/"));
  }

  @Test
  void numericUserInPasswdTakesItsEntry() {
    assertThat(UserSpec.parse("1000").resolve(root.rootfs))
        .isEqualTo(new ResolvedUser(1000, 1000, List.of(10, 29), "/home/app"));
  }

  @Test
  void unknownNamesAreTypedErrors() {
    assertThatThrownBy(() -> UserSpec.parse("ghost").resolve(root.rootfs))
        .isInstanceOfSatisfying(
            IsolationException.class,
            e -> assertThat(e.reason()).isEqualTo(IsolationException.Reason.UNKNOWN_USER))
        .hasMessageContaining("user ghost is not in the image's /etc/passwd");
    assertThatThrownBy(() -> UserSpec.parse("app:ghosts").resolve(root.rootfs))
        .isInstanceOf(IsolationException.class)
        .hasMessageContaining("group ghosts is not in the image's /etc/group");
  }

  @Test
  void absolutePasswdSymlinkIsFollowedInsideTheRootNeverOnTheHost() throws Exception {
    // the link's absolute target exists on the host with a passwd that makes "app" uid 0, and
    // inside the root (where the kernel would look after chroot) with the real one
    Path hostTarget = Files.createDirectories(tmp.resolve("evil"));
    BusyboxRoot.write(hostTarget.resolve("passwd"), "app:x:0:0::/:/bin/sh\n");
    Path sameInRoot =
        Files.createDirectories(root.rootfs.resolve(hostTarget.toString().substring(1)));
    Path passwd = root.rootfs.resolve("etc/passwd");
    Files.move(passwd, sameInRoot.resolve("passwd"));
    Files.createSymbolicLink(passwd, hostTarget.resolve("passwd"));

    assertThat(UserSpec.parse("app").resolve(root.rootfs).uid()).isEqualTo(1000);
  }

  @Test
  void passwdSymlinkClimbingOutStaysInTheRoot() throws Exception {
    BusyboxRoot.write(tmp.resolve("passwd"), "app:x:0:0::/:/bin/sh\n");
    Path passwd = root.rootfs.resolve("etc/passwd");
    Files.move(passwd, root.rootfs.resolve("passwd"));
    Files.createSymbolicLink(passwd, Path.of("../../../passwd"));

    assertThat(UserSpec.parse("app").resolve(root.rootfs).uid()).isEqualTo(1000);
  }
}
