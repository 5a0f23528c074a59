package dev.stowage.engine.cli;

import dev.stowage.engine.cli.args.Command;
import dev.stowage.engine.cli.args.CommandSpec;
import dev.stowage.engine.cli.args.Console;
import dev.stowage.engine.cli.args.OptionSpec;
import dev.stowage.engine.cli.args.PositionalSpec;
import dev.stowage.engine.containerfile.ContainerfileLocator;
import dev.stowage.engine.containerfile.instruction.Containerfile;
import dev.stowage.engine.containerfile.plan.BuildOptions;
import dev.stowage.engine.containerfile.plan.BuildPlan;
import dev.stowage.engine.image.ImageReference;
import dev.stowage.engine.registry.RegistryClient;
import dev.stowage.engine.storage.StoreSet;
import dev.stowage.engine.transfer.ImagePuller;
import dev.stowage.engine.transfer.PullPolicy;
import dev.stowage.engine.transfer.PullResult;
import dev.stowage.engine.transfer.TransferLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code stowage pull}: images by name, or every base image a Containerfile needs. */
public final class PullCommand implements Command {

  private final StoreOptions store = new StoreOptions();
  private final RegistryOptions registryOptions = new RegistryOptions();
  private final OutputOptions output = new OutputOptions();
  private String pull;
  private String file;
  private final List<String> buildArgs = new ArrayList<>();
  private String target;
  private String cacheFrom;
  private final List<String> arguments = new ArrayList<>();

  @Override
  public CommandSpec spec() {
    return CommandSpec.named("pull")
        .description(
            "Pulls images into the store: the IMAGEs given, or with -f (or a CONTEXT directory)"
                + " every base image the Containerfile's build needs.",
            "Writes {\"images\":[…]} to --result-file.")
        .options(store.options())
        .options(registryOptions.options())
        .options(output.options())
        .option(
            OptionSpec.value("--pull")
                .label("POLICY")
                .help(
                    "always, missing or never (default: always for IMAGEs, missing for a"
                        + " Containerfile).")
                .to(v -> pull = v))
        .option(
            OptionSpec.value("-f", "--file")
                .label("CONTAINERFILE")
                .help("The Containerfile whose FROM images to pull (default: found in CONTEXT).")
                .to(v -> file = v))
        .option(
            OptionSpec.value("--build-arg")
                .label("NAME=VALUE")
                .help("Build argument.")
                .to(buildArgs::add))
        .option(
            OptionSpec.value("--target")
                .label("STAGE")
                .help("The stage to build.")
                .to(v -> target = v))
        .option(
            OptionSpec.value("--cache-from")
                .label("REPOSITORY")
                .help("Accepted for the builder pod; registry layer caches are not supported yet.")
                .to(v -> cacheFrom = v))
        .positional(
            PositionalSpec.oneOrMore("IMAGE|CONTEXT", "Images, or a context.", arguments::add))
        .build();
  }

  @Override
  public void argumentsRefused(String message) {
    output.argumentsRefused(message);
  }

  @Override
  public int call(Console console) {
    var out = console.out();
    return ErrorMapping.run(
        output,
        console.err(),
        ErrorMapping.Reasons.PULL,
        () -> {
          TransferLog log = output.log(out);
          boolean fromContainerfile =
              file != null
                  || (arguments.size() == 1 && Files.isDirectory(Path.of(arguments.getFirst())));
          List<String> images = fromContainerfile ? imagesOfContainerfile(log) : arguments;
          PullPolicy policy =
              pull != null
                  ? PullPolicy.parse(pull)
                  : fromContainerfile ? PullPolicy.MISSING : PullPolicy.ALWAYS;
          if (cacheFrom != null) {
            log.line(
                "Note: --cache-from "
                    + cacheFrom
                    + " ignored: registry caches are not supported yet");
          }
          List<ImageReference> refs = images.stream().map(ImageReference::parse).toList();
          StoreSet stores = store.open();
          List<String> pulled = new ArrayList<>();
          try (RegistryClient client = registryOptions.client()) {
            ImagePuller puller = new ImagePuller(stores, client, log);
            for (ImageReference ref : refs) {
              PullResult result = puller.pull(ref, policy);
              pulled.add(result.reference());
            }
          }
          Map<String, Object> result = new LinkedHashMap<>();
          result.put("images", pulled);
          return result;
        });
  }

  private List<String> imagesOfContainerfile(TransferLog log) throws Exception {
    if (arguments.size() != 1) {
      throw new IllegalArgumentException(
          "with -f give exactly one CONTEXT directory, not " + arguments);
    }
    Path context = Path.of(arguments.getFirst()).toAbsolutePath();
    if (!Files.isDirectory(context)) {
      throw new IllegalArgumentException("context " + context + " is not a directory");
    }
    Path containerfile =
        ContainerfileLocator.locate(
            context, Optional.ofNullable(file), Path.of("").toAbsolutePath());
    Containerfile parsed =
        Containerfile.read(containerfile, ContainerfileLocator.displayName(context, containerfile));
    BuildOptions options =
        BuildOptions.defaults()
            .withBuildArgs(BuildOptions.parseBuildArgs(buildArgs, System.getenv()));
    if (target != null) {
      options = options.withTarget(target);
    }
    BuildPlan plan = BuildPlan.create(parsed, options);
    plan.warnings().forEach(w -> log.line("Warning: " + w));
    return List.copyOf(plan.imagesToPull());
  }
}
