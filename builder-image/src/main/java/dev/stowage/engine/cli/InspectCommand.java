package dev.stowage.engine.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.engine.cli.args.Command;
import dev.stowage.engine.cli.args.CommandSpec;
import dev.stowage.engine.cli.args.Console;
import dev.stowage.engine.cli.args.PositionalSpec;
import dev.stowage.engine.json.JsonTrees;
import dev.stowage.engine.storage.ResolvedImage;
import dev.stowage.engine.storage.ResolvedLayer;
import dev.stowage.engine.storage.StoreSet;
import dev.stowage.engine.transfer.LocalImages;
import java.io.PrintWriter;

/** {@code stowage inspect}: a local image as JSON. */
public final class InspectCommand implements Command {

  private final StoreOptions store = new StoreOptions();
  private final OutputOptions output = new OutputOptions();
  private String image;

  @Override
  public CommandSpec spec() {
    return CommandSpec.named("inspect")
        .description("Prints IMAGE as JSON: id, names, digest, store, config and layers.")
        .options(store.options())
        .options(output.options())
        .positional(PositionalSpec.one("IMAGE", "Local image: name, id or digest.", v -> image = v))
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
          StoreSet stores = store.open();
          ResolvedImage resolved = LocalImages.require(stores, image);
          ObjectNode o = JsonNodeFactory.instance.objectNode();
          o.put("id", resolved.id());
          ArrayNode names = o.putArray("names");
          resolved.image().names().forEach(names::add);
          resolved.image().digest().ifPresent(d -> o.put("digest", d.toString()));
          resolved.image().created().ifPresent(c -> o.put("created", c.toString()));
          o.put("store", resolved.store().root().toString());
          o.put("readOnly", resolved.store().readOnly());
          o.set("config", JsonTrees.parse(stores.config(resolved)));
          ArrayNode layers = o.putArray("layers");
          for (ResolvedLayer layer : stores.layerChain(resolved)) {
            ObjectNode l = layers.addObject();
            l.put("id", layer.id());
            layer.layer().diffDigest().ifPresent(d -> l.put("diffId", d.toString()));
            l.put("size", layer.layer().diffSize());
            l.put("store", layer.store().root().toString());
          }
          out.println(JsonTrees.prettyText(o));
          out.flush();
          return null;
        });
  }
}
