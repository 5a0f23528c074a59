package dev.stowage.engine.cli;

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
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stowage pull}: images by name, or every base image a Containerfile needs. */
@Command(
    name = "pull",
    mixinStandardHelpOptions = true,
    description = {
      "Pulls images into the store: the IMAGEs given, or with -f (or a CONTEXT directory) every"
          + " base image the Containerfile's build needs.",
      "Writes {\"images\":[…]} to --result-file."
    })
public final class PullCommand implements Callable<Integer> {

  @Mixin StoreOptions store;
  @Mixin RegistryOptions registryOptions;
  @Mixin OutputOptions output;

  @Spec CommandSpec spec;

  @Option(
      names = "--pull",
      paramLabel = "POLICY",
      description =
          "always, missing or never (default: always for IMAGEs, missing for a Containerfile).")
  String pull;

  @Option(
      names = {"-f", "--file"},
      paramLabel = "CONTAINERFILE",
      description = "The Containerfile whose FROM images to pull (default: found in CONTEXT).")
  String file;

  @Option(names = "--build-arg", paramLabel = "NAME=VALUE", description = "Build argument.")
  List<String> buildArgs = new ArrayList<>();

  @Option(names = "--target", paramLabel = "STAGE", description = "The stage to build.")
  String target;

  @Option(
      names = "--cache-from",
      paramLabel = "REPOSITORY",
      description = "Accepted for the builder pod; registry layer caches are not supported yet.")
  String cacheFrom;

  @Parameters(paramLabel = "IMAGE|CONTEXT", arity = "1..*", description = "Images, or a context.")
  List<String> arguments = new ArrayList<>();

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    return ErrorMapping.run(
        output,
        spec.commandLine().getErr(),
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
