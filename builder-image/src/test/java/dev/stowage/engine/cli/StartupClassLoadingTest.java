package dev.stowage.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.engine.isolation.ChrootRunner;
import dev.stowage.engine.testing.registry.LocalRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a short {@code stowage} run must not start: each costs a fresh JVM a noticeable part of a
 * cached build. Checked on a real engine JVM's class-loading log.
 */
class StartupClassLoadingTest {

  @RegisterExtension static LocalRegistry registry = LocalRegistry.anonymous();

  @TempDir Path tmp;
  private Path context;
  private Path store;

  @BeforeEach
  void context() throws IOException {
    context = Files.createDirectories(tmp.resolve("context"));
    Files.writeString(context.resolve("Containerfile"), "FROM scratch\nCOPY a.txt /a.txt\n");
    Files.writeString(context.resolve("a.txt"), "a\n");
    store = tmp.resolve("store");
  }

  @Test
  void pullNeverBuildLoadsNoHttpClientAndNoTls() throws Exception {
    for (String run : List.of("cold", "warm")) {
      List<String> classes = start(run, build()).loaded();

      assertThat(classes)
          .as("%s build", run)
          .noneMatch(c -> c.startsWith("java.net.http."))
          .noneMatch(c -> c.startsWith("javax.net.ssl."))
          .noneMatch(c -> c.startsWith("sun.security.ssl."));
    }
  }

  @Test
  void pushToAPlainHttpRegistrySetsUpNoTls() throws Exception {
    start("cold", build());

    List<String> classes = start("push", push()).loaded();

    assertThat(classes)
        .contains("java.net.http.HttpClient")
        .noneMatch(c -> c.startsWith("sun.security.ssl."));
  }

  @Test
  void buildStartsNoObjectMapperNoTimeZoneDatabaseAndNoLocaleData() throws Exception {
    for (String run : List.of("cold", "warm")) {
      List<String> classes = start(run, build()).loaded();

      assertThat(classes)
          .as("%s build", run)
          .doesNotContain(
              "com.fasterxml.jackson.databind.ObjectMapper",
              "sun.util.calendar.ZoneInfoFile",
              "java.time.zone.TzdbZoneRulesProvider",
              "sun.util.cldr.CLDRLocaleProviderAdapter");
    }
  }

  @Test
  void cachedBuildBindsNoNativeCallAndSetsUpNoRunLauncher() throws Exception {
    start("cold", build());
    Run warm = start("warm", build());

    // the first FFM binding costs a JVM ~25 ms: the COPY's cache key stats through the JDK
    assertThat(warm.initialized())
        .noneMatch(c -> c.startsWith("dev.stowage.engine.fs.Libc"))
        .noneMatch(c -> c.startsWith("jdk.internal.foreign.abi."))
        .doesNotContain(ChrootRunner.class.getName());
  }

  @Test
  void aCachedBuildAndARepeatedPushInitialiseNoBigDecimal() throws Exception {
    // JDK 25 sets BigDecimal up with 5^65536 (some 30 ms); Jackson's parser initialises it
    start("cold", build());
    Run warm = start("warm", build());
    start("push", push());
    Run again = start("push-again", push());

    assertThat(warm.initialized()).doesNotContain("java.math.BigDecimal");
    assertThat(again.initialized()).doesNotContain("java.math.BigDecimal");
  }

  /** Classes a run loaded and those it initialised, in order. */
  private record Run(List<String> loaded, List<String> initialized) {}

  private List<String> build() {
    return List.of(
        "build",
        "--storage-root",
        store.toString(),
        "--pull=never",
        "--layers",
        "-t",
        "localhost/startup:1",
        context.toString());
  }

  private List<String> push() {
    return List.of(
        "push",
        "--storage-root",
        store.toString(),
        "--tls-verify=false",
        "localhost/startup:1",
        "docker://" + registry.host() + "/startup:1");
  }

  /** Runs {@code stowage args} in a new JVM and reads its class-loading log. */
  private Run start(String name, List<String> args) throws Exception {
    Path log = tmp.resolve(name + "-classes.txt");
    Path output = tmp.resolve(name + "-output.txt");
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-Xlog:class+load=info,class+init=info:file=" + log);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(args);
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(Files.readString(output)).isZero();
    List<String> loaded = new ArrayList<>();
    List<String> initialized = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      if (line.contains("[class,load] ")) {
        // [0.012s][info][class,load] java.lang.Object source: shared objects file
        int start = line.indexOf("[class,load] ") + "[class,load] ".length();
        int end = line.indexOf(' ', start);
        loaded.add(line.substring(start, end < 0 ? line.length() : end));
      } else if (line.contains(" Initializing '")) {
        // [0.020s][info][class,init] 2 Initializing 'java/lang/String' (0x…) by thread "main"
        int start = line.indexOf(" Initializing '") + " Initializing '".length();
        initialized.add(line.substring(start, line.indexOf('\'', start)).replace('/', '.'));
      }
    }
    assertThat(loaded).contains(Main.class.getName());
    assertThat(initialized).contains(Main.class.getName());
    return new Run(loaded, initialized);
  }
}
