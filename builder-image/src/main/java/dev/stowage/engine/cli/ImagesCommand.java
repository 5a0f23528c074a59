package dev.stowage.engine.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.engine.cli.args.Command;
import dev.stowage.engine.cli.args.CommandSpec;
import dev.stowage.engine.cli.args.Console;
import dev.stowage.engine.cli.args.OptionSpec;
import dev.stowage.engine.json.JsonTrees;
import dev.stowage.engine.storage.ImageSummary;
import dev.stowage.engine.transfer.TransferLog;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** {@code stowage images}: the images of our store and the additional stores. */
public final class ImagesCommand implements Command {

  private static final DateTimeFormatter CREATED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private final StoreOptions store = new StoreOptions();
  private final OutputOptions output = new OutputOptions();
  private String format = "table";

  @Override
  public CommandSpec spec() {
    return CommandSpec.named("images")
        .description("Lists images; those of read-only additional stores are marked R/O.")
        .options(store.options())
        .options(output.options())
        .option(
            OptionSpec.value("--format")
                .label("table|json")
                .help("Output format (default table).")
                .to(v -> format = v))
        .build();
  }

  @Override
  public void argumentsRefused(String message) {
    output.argumentsRefused(message);
  }

  @Override
  public int call(Console console) {
    PrintWriter out = console.out();
    return ErrorMapping.run(
        output,
        console.err(),
        ErrorMapping.Reasons.LOCAL,
        () -> {
          List<ImageSummary> images = store.open().images();
          switch (format) {
            case "json" -> out.println(json(images));
            case "table" -> table(images, out);
            default ->
                throw new IllegalArgumentException(
                    "unknown --format '" + format + "' (want table or json)");
          }
          out.flush();
          return null;
        });
  }

  private static String json(List<ImageSummary> images) throws Exception {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    for (ImageSummary image : images) {
      ObjectNode o = array.addObject();
      o.put("id", image.id());
      ArrayNode names = o.putArray("names");
      image.names().forEach(names::add);
      image.digest().ifPresent(d -> o.put("digest", d.toString()));
      image.created().ifPresent(c -> o.put("created", c.toString()));
      o.put("size", image.size());
      o.put("store", image.store().toString());
      o.put("readOnly", image.readOnly());
    }
    return JsonTrees.prettyText(array);
  }

  private static void table(List<ImageSummary> images, PrintWriter out) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE", ""});
    for (ImageSummary image : images) {
      List<String> names = image.names().isEmpty() ? List.of("") : image.names();
      for (String name : names) {
        String[] repoTag = split(name);
        rows.add(
            new String[] {
              repoTag[0],
              repoTag[1],
              image.id().substring(0, Math.min(12, image.id().length())),
              image.created().map(CREATED::format).orElse(""),
              image.size() < 0 ? "?" : TransferLog.bytes(image.size()),
              image.readOnly() ? "R/O" : ""
            });
      }
    }
    int[] widths = new int[6];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(row[i]).append(" ".repeat(widths[i] - row[i].length() + 2));
      }
      out.println(line.toString().stripTrailing());
    }
  }

  /** {@code repo:tag} → {repo, tag}; {@code repo@digest} and unnamed images get {@code <none>}. */
  static String[] split(String name) {
    if (name.isEmpty()) {
      return new String[] {"<none>", "<none>"};
    }
    int at = name.indexOf('@');
    if (at >= 0) {
      return new String[] {name.substring(0, at), "<none>"};
    }
    int colon = name.lastIndexOf(':');
    if (colon > name.lastIndexOf('/')) {
      return new String[] {name.substring(0, colon), name.substring(colon + 1)};
    }
    return new String[] {name, "<none>"};
  }
}
