package dev.stowage.engine.cli;

import dev.stowage.engine.cli.args.Command;
import dev.stowage.engine.cli.args.CommandSpec;
import dev.stowage.engine.cli.args.Console;
import dev.stowage.engine.cli.args.PositionalSpec;
import dev.stowage.engine.storage.ResolvedImage;
import dev.stowage.engine.storage.StoreSet;
import dev.stowage.engine.transfer.LocalImages;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** {@code stowage rmi}: removes names, and images with their unused layers, from our store. */
public final class RmiCommand implements Command {

  private final StoreOptions store = new StoreOptions();
  private final OutputOptions output = new OutputOptions();
  private final List<String> images = new ArrayList<>();

  @Override
  public CommandSpec spec() {
    return CommandSpec.named("rmi")
        .description(
            "Removes IMAGEs from our store: a name of an image that has others is only untagged;"
                + " additional stores are never changed.")
        .options(store.options())
        .options(output.options())
        .positional(PositionalSpec.oneOrMore("IMAGE", "Name, id or digest.", images::add))
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
          for (String text : images) {
            ResolvedImage image = LocalImages.require(stores, text);
            if (image.store().readOnly()) {
              throw new IllegalArgumentException(
                  "image "
                      + text
                      + " lives in the read-only store "
                      + image.store().root()
                      + "; stowage never removes images from additional stores");
            }
            String name =
                image.image().names().contains(text)
                    ? text
                    : LocalImages.normalise(text)
                        .filter(image.image().names()::contains)
                        .orElse(null);
            if (name != null && image.image().names().size() > 1) {
              stores.primary().untag(name);
              out.println("Untagged: " + name);
            } else {
              for (String n : image.image().names()) {
                out.println("Untagged: " + n);
              }
              stores.primary().deleteImage(image.id());
              out.println("Deleted: " + image.id());
            }
          }
          out.flush();
          return null;
        });
  }
}
