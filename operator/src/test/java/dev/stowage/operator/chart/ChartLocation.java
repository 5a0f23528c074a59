package dev.stowage.operator.chart;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the chart, the chart test resources and the scratch directory of these tests are. */
record ChartLocation(Path repoRoot, Path moduleDir) {

  static final String RELEASE = "stowage";
  static final String NAMESPACE = "stowage-system";

  /** Finds the repository from Maven's properties, or by walking up from the working directory. */
  static ChartLocation detect() {
    Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    String root = System.getProperty("stowage.repoRoot");
    Path repo = root != null ? Path.of(root) : module;
    while (repo != null && !Files.isRegularFile(repo.resolve("helm/stowage/Chart.yaml"))) {
      repo = repo.getParent();
    }
    if (repo == null) {
      throw new IllegalStateException("cannot find helm/stowage/Chart.yaml above " + module);
    }
    Path operator = repo.resolve("operator");
    return new ChartLocation(repo.toAbsolutePath(), operator.toAbsolutePath());
  }

  Path chart() {
    return repoRoot.resolve("helm/stowage");
  }

  /** A values file or golden file under src/test/resources/chart. */
  Path resource(String name) {
    return moduleDir.resolve("src/test/resources/chart").resolve(name);
  }

  Path workDir() {
    return moduleDir.resolve("target/chart-tests");
  }
}
