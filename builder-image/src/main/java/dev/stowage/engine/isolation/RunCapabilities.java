package dev.stowage.engine.isolation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Which capabilities a RUN keeps: those podman and buildah give a container by default, of the ones
 * the engine itself held (before it entered a user namespace of its own, where it holds all), and
 * never CAP_SYS_CHROOT.
 */
public final class RunCapabilities {

  /**
   * CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, SETGID, SETUID, SETPCAP, NET_BIND_SERVICE and
   * SETFCAP: containers.conf's default list without SYS_CHROOT.
   */
  static final long DEFAULT_SET =
      bit(0) | bit(1) | bit(3) | bit(4) | bit(5) | bit(6) | bit(7) | bit(8) | bit(10) | bit(31);

  private RunCapabilities() {}

  /** The mask for RUN steps of this engine process. */
  public static long forThisProcess(Map<String, String> environment) {
    String outer = environment.get(UserNamespaces.OUTER_CAPABILITIES_ENV);
    long held;
    if (outer != null && !outer.isBlank()) {
      held = Long.parseUnsignedLong(outer.strip(), 16);
    } else {
      // without /proc the kernel still stops whatever the engine itself may not do
      held = effective().orElse(-1L);
    }
    return held & DEFAULT_SET;
  }

  /** This process's effective capabilities (CapEff of {@code /proc/self/status}). */
  public static OptionalLong effective() {
    return effective(Path.of("/proc/self/status"));
  }

  static OptionalLong effective(Path status) {
    try {
      for (String line : Files.readAllLines(status, StandardCharsets.US_ASCII)) {
        if (line.startsWith("CapEff:")) {
          return OptionalLong.of(
              Long.parseUnsignedLong(line.substring("CapEff:".length()).strip(), 16));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // unknown
    }
    return OptionalLong.empty();
  }

  private static long bit(int cap) {
    return 1L << cap;
  }
}
