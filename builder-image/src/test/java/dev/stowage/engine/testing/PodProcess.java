package dev.stowage.engine.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A child JVM of the tests' class path that runs as the builder pod's {@code build} container does:
 * root with only the contract's capabilities (bounding set, no inheritable ones) and {@code
 * no_new_privs}, through util-linux {@code setpriv}. Seccomp is the machine's, not a runtime's.
 */
public final class PodProcess {

  /** The {@code build} step's capabilities, as {@code setpriv --bounding-set} takes them. */
  public static final String BUILD_CAPABILITIES =
      "-all,+chown,+dac_override,+fowner,+fsetid,+setuid,+setgid,+sys_chroot,+setfcap";

  private PodProcess() {}

  /** The command line that runs {@code mainClass} with {@code args} in such a process. */
  public static List<String> command(String mainClass, List<String> args) {
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            "setpriv",
            "--bounding-set=" + BUILD_CAPABILITIES,
            "--inh-caps=-all",
            "--no-new-privs",
            "--",
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            mainClass));
    command.addAll(args);
    return command;
  }
}
