package dev.stowage.engine.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserNamespacesTest {

  @TempDir Path tmp;

  @Test
  void theChildMapsEveryIdOfOursToItself() throws Exception {
    Path initial = Files.writeString(tmp.resolve("init"), "         0          0 4294967295\n");
    Path pod = Files.writeString(tmp.resolve("pod"), "0 100000 65536\n65536 900000 10\n");

    assertThat(UserNamespaces.identityMap(initial)).isEqualTo("0 0 4294967295\n");
    assertThat(UserNamespaces.identityMap(pod)).isEqualTo("0 0 65536\n65536 65536 10\n");
  }

  @Test
  void anEmptyMapIsAnError() throws Exception {
    Path none = Files.writeString(tmp.resolve("none"), "");

    assertThatThrownBy(() -> UserNamespaces.identityMap(none)).hasMessageContaining("no id range");
  }

  @Test
  void theChildIsKnownByItsEnvironment() {
    assertThat(UserNamespaces.inChild(Map.of(UserNamespaces.CHILD_ENV, "1"))).isTrue();
    assertThat(UserNamespaces.inChild(Map.of())).isFalse();
  }

  @Test
  void runCapabilitiesAreTheDefaultsOfWhatTheEngineHeldOutside() {
    // CHOWN | SETUID | SYS_CHROOT | SYS_ADMIN held outside: CHOWN and SETUID remain
    long outside = (1L) | (1L << 7) | (1L << 18) | (1L << 21);

    long mask =
        RunCapabilities.forThisProcess(
            Map.of(UserNamespaces.OUTER_CAPABILITIES_ENV, Long.toHexString(outside)));

    assertThat(mask).isEqualTo(1L | (1L << 7));
  }
}
