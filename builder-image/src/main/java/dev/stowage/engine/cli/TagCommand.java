package dev.stowage.engine.cli;

import dev.stowage.engine.cli.args.Command;
import dev.stowage.engine.cli.args.CommandSpec;
import dev.stowage.engine.cli.args.Console;
import dev.stowage.engine.cli.args.PositionalSpec;
import dev.stowage.engine.image.ImageReference;
import dev.stowage.engine.storage.ResolvedImage;
import dev.stowage.engine.storage.StoreSet;
import dev.stowage.engine.transfer.LocalImages;
import java.util.ArrayList;
import java.util.List;

/** {@code stowage tag}: adds names to a local image. */
public final class TagCommand implements Command {

  private final StoreOptions store = new StoreOptions();
  private final OutputOptions output = new OutputOptions();
  private String image;
  private final List<String> names = new ArrayList<>();

  @Override
  public CommandSpec spec() {
    return CommandSpec.named("tag")
        .description(
            "Adds NAMEs to IMAGE in our store (an image of an additional store is shared).")
        .options(store.options())
        .options(output.options())
        .positional(PositionalSpec.one("IMAGE", "Local image: name, id or digest.", v -> image = v))
        .positional(PositionalSpec.oneOrMore("NAME", "New name.", names::add))
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
        ErrorMapping.Reasons.LOCAL,
        () -> {
          StoreSet stores = store.open();
          ResolvedImage resolved = LocalImages.require(stores, image);
          for (String name : names) {
            String stored = LocalImages.storedName(ImageReference.parse(name));
            resolved =
                new ResolvedImage(LocalImages.name(stores, resolved, stored), stores.primary());
          }
          return null;
        });
  }
}
