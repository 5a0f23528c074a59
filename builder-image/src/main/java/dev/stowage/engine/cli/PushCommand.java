package dev.stowage.engine.cli;

import dev.stowage.engine.archive.Compression;
import dev.stowage.engine.image.ImageReference;
import dev.stowage.engine.registry.RegistryClient;
import dev.stowage.engine.storage.StoreSet;
import dev.stowage.engine.transfer.Destination;
import dev.stowage.engine.transfer.ImagePusher;
import dev.stowage.engine.transfer.PushOptions;
import dev.stowage.engine.transfer.PushResult;
import dev.stowage.engine.transfer.TransferLog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stowage push}: a local image to a registry, an OCI layout or a docker archive. */
@Command(
    name = "push",
    mixinStandardHelpOptions = true,
    description = {
      "Pushes IMAGE from the stores to DEST: docker://REF (default: IMAGE itself), oci:DIR[:NAME],"
          + " oci-archive:FILE[:NAME] or docker-archive:FILE[:REF].",
      "Writes {\"digest\",\"references\",\"size\"} to --result-file."
    })
public final class PushCommand implements Callable<Integer> {

  private static final Pattern BARE_TAG = Pattern.compile("[\\w][\\w.-]{0,127}");

  @Mixin StoreOptions store;
  @Mixin RegistryOptions registryOptions;
  @Mixin OutputOptions output;

  @Spec CommandSpec spec;

  @Option(
      names = "--compression",
      paramLabel = "gzip|zstd",
      defaultValue = "gzip",
      description = "Layer compression (default gzip).")
  String compression;

  @Option(
      names = "--compression-level",
      paramLabel = "N",
      description = "gzip 0-9 (default 1, fastest), zstd 1-19 (default 3).")
  Integer compressionLevel;

  @Option(
      names = "--format",
      paramLabel = "oci|docker",
      defaultValue = "oci",
      description = "Manifest format (default oci).")
  String format;

  @Option(
      names = "--tag",
      paramLabel = "TAG",
      description = "Also push under this tag of the same repository (or a full reference).")
  List<String> tags = new ArrayList<>();

  @Option(
      names = "--timestamp",
      paramLabel = "EPOCH",
      description = "Clamp file times and set creation times to this many seconds since 1970.")
  Long timestamp;

  @Option(
      names = "--cache-to",
      paramLabel = "REPOSITORY",
      description = "Accepted for the builder pod; registry layer caches are not supported yet.")
  String cacheTo;

  @Parameters(index = "0", paramLabel = "IMAGE", description = "Local image: name, id or digest.")
  String image;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "DEST",
      description =
          "docker://REF, oci:DIR[:NAME], oci-archive:FILE[:NAME] or docker-archive:FILE[:REF].")
  String destination;

  @Override
  public Integer call() {
    return ErrorMapping.run(
        output,
        spec.commandLine().getErr(),
        ErrorMapping.Reasons.PUSH,
        () -> {
          TransferLog log = output.log(spec.commandLine().getOut());
          PushOptions options = options();
          Destination dest = Destination.parse(destination != null ? destination : image);
          List<ImageReference> extra = new ArrayList<>();
          if (dest instanceof Destination.Registry(ImageReference ref)) {
            for (String tag : tags) {
              extra.add(
                  BARE_TAG.matcher(tag).matches() ? ref.withTag(tag) : ImageReference.parse(tag));
            }
          } else if (!tags.isEmpty()) {
            throw new IllegalArgumentException("--tag needs a docker:// destination");
          }
          if (cacheTo != null) {
            log.line(
                "Note: --cache-to " + cacheTo + " ignored: registry caches are not supported yet");
          }
          StoreSet stores = store.open();
          PushResult result;
          try (RegistryClient client =
              dest instanceof Destination.Registry ? registryOptions.client() : null) {
            result = new ImagePusher(stores, client, options, log).push(image, dest, extra);
          }
          Map<String, Object> json = new LinkedHashMap<>();
          json.put("digest", result.digest().toString());
          json.put("references", result.references());
          json.put("size", result.size());
          return json;
        });
  }

  private PushOptions options() {
    boolean docker =
        switch (format.toLowerCase(java.util.Locale.ROOT)) {
          case "oci" -> false;
          case "docker", "v2s2" -> true;
          default ->
              throw new IllegalArgumentException(
                  "unknown --format '" + format + "' (want oci or docker)");
        };
    PushOptions options =
        new PushOptions(Compression.parse(compression), docker, java.util.OptionalLong.empty());
    if (compressionLevel != null) {
      options = options.withCompressionLevel(compressionLevel);
    }
    if (timestamp != null) {
      if (timestamp < 0) {
        throw new IllegalArgumentException("--timestamp must not be negative: " + timestamp);
      }
      options = options.withTimestamp(timestamp);
    }
    return options;
  }
}
