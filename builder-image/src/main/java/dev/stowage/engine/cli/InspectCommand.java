package dev.stowage.engine.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.engine.json.JsonTrees;
import dev.stowage.engine.storage.ResolvedImage;
import dev.stowage.engine.storage.ResolvedLayer;
import dev.stowage.engine.storage.StoreSet;
import dev.stowage.engine.transfer.LocalImages;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stowage inspect}: a local image as JSON. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = "Prints IMAGE as JSON: id, names, digest, store, config and layers.")
public final class InspectCommand implements Callable<Integer> {

  @Mixin StoreOptions store;
  @Mixin OutputOptions output;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "IMAGE")
  String image;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    return ErrorMapping.run(
        output,
        spec.commandLine().getErr(),
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
