package dev.stowage.engine.isolation;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The command line that starts {@link ChrootLauncher}: this JVM's {@code java}, the jar (or class
 * directory) holding the launcher, and flags that make a short-lived JVM start fast. An optional
 * wrapper runs in front of {@code java} (tests use it to hand the launcher extra descriptors or
 * fewer capabilities).
 */
record LauncherCommand(Path java, Path classPath, List<String> jvmOptions, List<String> wrapper) {

  /**
   * Interpreter only (measured faster than C1-only for a JVM that lives ~100 ms: compiling costs
   * more than it saves), serial GC, small heap and stack, no perf-data file, no attach listener,
   * and no unified logging: the JVM logs to stdout, which is the RUN's output.
   */
  static final List<String> FAST_START =
      List.of(
          "-Xint",
          "-Xlog:disable",
          "-XX:+UseSerialGC",
          "-XX:-UsePerfData",
          "-XX:+DisableAttachMechanism",
          "-Xshare:auto",
          "-Xss512k",
          "-Xms8m",
          "-Xmx64m",
          "--enable-native-access=ALL-UNNAMED");

  LauncherCommand {
    jvmOptions = List.copyOf(jvmOptions);
    wrapper = List.copyOf(wrapper);
  }

  /** The launcher of this JVM: same {@code java}, same jar. */
  static LauncherCommand ofCurrentJvm() {
    Path java =
        ProcessHandle.current()
            .info()
            .command()
            .map(Path::of)
            .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java"));
    return new LauncherCommand(java, launcherClassPath(), FAST_START, List.of());
  }

  /**
   * Where an AOT cache for the launcher is looked for: system property {@value
   * #AOT_CACHE_PROPERTY}, else environment variable {@value #AOT_CACHE_ENV}, else {@value
   * #AOT_CACHE_FILE} next to the jar.
   */
  Path defaultAotCache() {
    String configured = System.getProperty(AOT_CACHE_PROPERTY, System.getenv(AOT_CACHE_ENV));
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    Path dir = classPath.toAbsolutePath().getParent();
    return dir == null ? Path.of(AOT_CACHE_FILE) : dir.resolve(AOT_CACHE_FILE);
  }

  static final String AOT_CACHE_PROPERTY = "stowage.launcher.aotCache";
  static final String AOT_CACHE_ENV = "STOWAGE_LAUNCHER_AOT_CACHE";
  static final String AOT_CACHE_FILE = "stowage-launcher.aot";

  /** The file whose modification time is that of the jar {@code cache} was trained on. */
  static Path jarId(Path cache) {
    return cache.resolveSibling(cache.getFileName() + ".jar-id");
  }

  /**
   * Whether {@code cache} was trained on this very jar: JDK 25.0.3 would otherwise run the classes
   * the cache holds, not the jar's (JDK-8377932).
   */
  static boolean madeFor(Path cache, Path jar) {
    try {
      return Files.getLastModifiedTime(jarId(cache)).equals(Files.getLastModifiedTime(jar));
    } catch (java.io.IOException e) {
      return false;
    }
  }

  LauncherCommand withWrapper(List<String> newWrapper) {
    return new LauncherCommand(java, classPath, jvmOptions, newWrapper);
  }

  LauncherCommand withJvmOptions(List<String> newOptions) {
    return new LauncherCommand(java, classPath, newOptions, wrapper);
  }

  /**
   * Adds {@code -XX:AOTCache=file} when the file exists (see {@link ChrootRunner#trainAotCache}).
   */
  LauncherCommand withAotCache(Optional<Path> cache) {
    if (cache.isEmpty() || !Files.isRegularFile(cache.get()) || !madeFor(cache.get(), classPath)) {
      return this;
    }
    List<String> options = new ArrayList<>(jvmOptions);
    options.remove("-Xshare:auto");
    options.add("-XX:AOTCache=" + cache.get());
    return withJvmOptions(options);
  }

  List<String> command(List<String> launcherArgs) {
    List<String> command = new ArrayList<>(wrapper);
    command.add(java.toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classPath.toString());
    command.add(ChrootLauncher.class.getName());
    command.addAll(launcherArgs);
    return command;
  }

  /** Only the launcher's own code: the shaded jar in production, target/classes in tests. */
  private static Path launcherClassPath() {
    try {
      return Path.of(
          ChrootLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IsolationException(
          IsolationException.Reason.LAUNCHER_FAILED,
          "cannot locate the jar holding " + ChrootLauncher.class.getName(),
          e);
    }
  }
}
