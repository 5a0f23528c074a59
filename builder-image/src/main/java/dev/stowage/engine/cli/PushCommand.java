package dev.stowage.engine.cli;

import dev.stowage.engine.cli.args.Command;
import dev.stowage.engine.cli.args.CommandSpec;
import dev.stowage.engine.cli.args.Console;
import dev.stowage.engine.cli.args.OptionSpec;
import dev.stowage.engine.cli.args.PositionalSpec;
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
import java.util.OptionalLong;
import java.util.regex.Pattern;

/** {@code stowage push}: a local image to a registry, an OCI layout or a docker archive. */
public final class PushCommand implements Command {

  private static final Pattern BARE_TAG = Pattern.compile("[\\w][\\w.-]{0,127}");

  private final StoreOptions store = new StoreOptions();
  private final RegistryOptions registryOptions = new RegistryOptions();
  private final OutputOptions output = new OutputOptions();
  private final CompressionOptions compression = new CompressionOptions();
  private String format = "oci";
  private final List<String> tags = new ArrayList<>();
  private Long timestamp;
  private String cacheTo;
  private String image;
  private String destination;

  @Override
  public CommandSpec spec() {
    return CommandSpec.named("push")
        .description(
            "Pushes IMAGE from the stores to DEST: docker://REF (default: IMAGE itself),"
                + " oci:DIR[:NAME], oci-archive:FILE[:NAME] or docker-archive:FILE[:REF].",
            "Writes {\"digest\",\"references\",\"size\"} to --result-file.")
        .options(store.options())
        .options(registryOptions.options())
        .options(output.options())
        .options(compression.options())
        .option(
            OptionSpec.value("--format")
                .label("oci|docker")
                .help("Manifest format (default oci).")
                .to(v -> format = v))
        .option(
            OptionSpec.value("--tag")
                .label("TAG")
                .help("Also push under this tag of the same repository (or a full reference).")
                .to(tags::add))
        .option(
            OptionSpec.value("--timestamp")
                .label("EPOCH")
                .help("Clamp file times and set creation times to this many seconds since 1970.")
                .toLong(v -> timestamp = v))
        .option(
            OptionSpec.value("--cache-to")
                .label("REPOSITORY")
                .help("Accepted for the builder pod; registry layer caches are not supported yet.")
                .to(v -> cacheTo = v))
        .positional(PositionalSpec.one("IMAGE", "Local image: name, id or digest.", v -> image = v))
        .positional(
            PositionalSpec.optional(
                "DEST",
                "docker://REF, oci:DIR[:NAME], oci-archive:FILE[:NAME] or"
                    + " docker-archive:FILE[:REF].",
                v -> destination = v))
        .build();
  }

  @Override
  public void argumentsRefused(String message) {
    output.argumentsRefused(message);
  }

  @Override
  public int call(Console console) {
    return ErrorMapping.run(
        output,
        console.err(),
        ErrorMapping.Reasons.PUSH,
        () -> {
          TransferLog log = output.log(console.out());
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
    if (timestamp != null && timestamp < 0) {
      throw new IllegalArgumentException("--timestamp must not be negative: " + timestamp);
    }
    return compression.pushOptions(
        docker, timestamp == null ? OptionalLong.empty() : OptionalLong.of(timestamp));
  }
}
