package dev.stowage.engine.isolation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Measures the per-RUN overhead of the launcher JVM (a benchmark, not a test): runs {@code true}
 * through {@link ChrootRunner} with several JVM flag sets, interleaved so machine load hits all
 * alike, and through coreutils {@code chroot} for comparison. Usage: {@code java
 * --enable-native-access=ALL-UNNAMED -cp stowage.jar:test-classes …LauncherOverheadMain [runs]}.
 */
public final class LauncherOverheadMain {

  private LauncherOverheadMain() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    Path dir = Files.createTempDirectory("stowage-overhead");
    BusyboxRoot root = BusyboxRoot.create(dir);
    RunSpec spec = RunSpec.of(root.rootfs, List.of("/bin/true"));
    List<Runner> runners = new ArrayList<>();
    runners.add(
        new Runner(
            "coreutils chroot (baseline)",
            () ->
                new ProcessBuilder("/usr/sbin/chroot", root.rootfs.toString(), "/bin/true")
                    .start()
                    .waitFor()));
    LauncherCommand interpreter = LauncherCommand.ofCurrentJvm();
    List<String> c1Options = new ArrayList<>(interpreter.jvmOptions());
    c1Options.set(c1Options.indexOf("-Xint"), "-XX:TieredStopAtLevel=1");
    LauncherCommand c1 = interpreter.withJvmOptions(c1Options);
    for (var variant :
        List.of(new Variant("-Xint (default)", interpreter), new Variant("C1 only", c1))) {
      ChrootRunner runner = new ChrootRunner(variant.command());
      runners.add(new Runner(variant.name(), () -> runner.run(spec, (s, l) -> {})));
      Path cache = dir.resolve(variant.name().replaceAll("\\W", "") + ".aot");
      long start = System.nanoTime();
      if (runner.trainAotCache(cache)) {
        System.out.printf(
            "trained AOT cache for %s in %d ms (%d MB)%n",
            variant.name(), (System.nanoTime() - start) / 1_000_000, Files.size(cache) >> 20);
        ChrootRunner cached = runner.withAotCache(cache);
        runners.add(
            new Runner(variant.name() + " + AOT cache", () -> cached.run(spec, (s, l) -> {})));
      }
    }
    for (Runner r : runners) {
      r.call.run(); // warm-up
    }
    for (int i = 0; i < runs; i++) {
      for (Runner r : runners) {
        long start = System.nanoTime();
        r.call.run();
        r.millis.add((System.nanoTime() - start) / 1e6);
      }
    }
    for (Runner r : runners) {
      Collections.sort(r.millis);
      double mean = r.millis.stream().mapToDouble(Double::doubleValue).average().orElse(0);
      System.out.printf(
          "%-30s median %6.1f ms  mean %6.1f ms  min %6.1f ms  (%d runs)%n",
          r.name, r.millis.get(r.millis.size() / 2), mean, r.millis.getFirst(), runs);
    }
  }

  private record Variant(String name, LauncherCommand command) {}

  private interface Call {
    void run() throws Exception;
  }

  private record Runner(String name, Call call, List<Double> millis) {
    Runner(String name, Call call) {
      this(name, call, new ArrayList<>());
    }
  }
}
