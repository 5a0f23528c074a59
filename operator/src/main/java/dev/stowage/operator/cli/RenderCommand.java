package dev.stowage.operator.cli;

import dev.stowage.operator.api.ImageBuild;
import dev.stowage.operator.config.ConfigException;
import dev.stowage.operator.config.OperatorConfig;
import dev.stowage.operator.config.OperatorConfigLoader;
import dev.stowage.operator.pod.BuilderPlan;
import dev.stowage.operator.pod.BuilderPodFactory;
import dev.stowage.operator.validation.ImageBuildValidator;
import dev.stowage.operator.validation.Violation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code render}: prints the builder pod (and project PVC) of an ImageBuild without a cluster,
 * exactly as the operator would create them.
 */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description = {
      "Print the builder pod (and project PVC, first) an ImageBuild becomes, as YAML.",
      "Needs no cluster. Exit code 2 when the input is invalid."
    })
public final class RenderCommand implements Callable<Integer> {

  /** Exit code for unusable input (file, YAML, kind, spec, policy, config). */
  public static final int INVALID_INPUT = 2;

  /** Namespace used when the ImageBuild names none. */
  public static final String DEFAULT_NAMESPACE = "default";

  /** Stand-in for the uid the API server would assign. */
  public static final String PLACEHOLDER_UID = "00000000-0000-0000-0000-000000000000";

  @Spec CommandSpec spec;

  @Option(
      names = {"-f", "--filename"},
      required = true,
      paramLabel = "FILE",
      description = "ImageBuild YAML file, or - for standard input.")
  String file;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Operator configuration YAML; default /etc/stowage/config.yaml if present, else the"
              + " built-in defaults. STOWAGE_* environment variables override it.")
  Path config;

  @Option(
      names = "--attempt",
      defaultValue = "1",
      paramLabel = "N",
      description = "Attempt number (1 + infrastructure retries so far); default ${DEFAULT-VALUE}.")
  int attempt;

  private final Map<String, String> environment;
  private final InputStream stdin;

  /** A command reading the process environment and standard input. */
  public RenderCommand() {
    this(System.getenv(), System.in);
  }

  /** A command with an explicit environment and standard input, for tests. */
  public RenderCommand(Map<String, String> environment, InputStream stdin) {
    this.environment = Map.copyOf(environment);
    this.stdin = stdin;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      if (attempt < 1) {
        throw new InputException("--attempt: must be 1 or more, was " + attempt);
      }
      OperatorConfig operatorConfig = loadConfig();
      ImageBuild build = ImageBuildReader.read(readInput(), file.equals("-") ? "stdin" : file);
      out.print(render(build, operatorConfig, attempt));
      out.flush();
      return 0;
    } catch (InputException e) {
      e.problems().forEach(p -> err.println("error: " + p));
      err.flush();
      return INVALID_INPUT;
    }
  }

  /** The YAML stream for {@code build}: PVC (if any) first, then the pod. */
  static String render(ImageBuild build, OperatorConfig config, int attempt) {
    if (build.getMetadata().getNamespace() == null) {
      build.getMetadata().setNamespace(DEFAULT_NAMESPACE);
    }
    if (build.getMetadata().getUid() == null) {
      build.getMetadata().setUid(PLACEHOLDER_UID);
    }
    List<Violation> violations = new ImageBuildValidator(config).validate(build);
    if (!violations.isEmpty()) {
      throw new InputException(
          violations.stream()
              .map(
                  v ->
                      v.field()
                          + ": "
                          + v.message()
                          + (v.kind() == Violation.Kind.POLICY ? " (operator policy)" : ""))
              .toList());
    }
    BuilderPlan plan = new BuilderPodFactory(config).desired(build, attempt);
    List<HasMetadata> objects = new ArrayList<>();
    plan.projectVolume().ifPresent(objects::add);
    objects.add(plan.pod());
    return ManifestYaml.write(objects);
  }

  private OperatorConfig loadConfig() {
    try {
      return new OperatorConfigLoader(environment).load(Optional.ofNullable(config));
    } catch (ConfigException e) {
      throw new InputException("operator config: " + e.getMessage());
    }
  }

  private String readInput() {
    try {
      if (file.equals("-")) {
        return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
      }
      return Files.readString(Path.of(file));
    } catch (NoSuchFileException e) {
      throw new InputException(file + ": no such file");
    } catch (IOException e) {
      throw new InputException(file + ": cannot read: " + e.getMessage());
    }
  }
}
