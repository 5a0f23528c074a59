package dev.stowage.engine.cli;

import dev.stowage.engine.image.ImageReference;
import dev.stowage.engine.storage.ResolvedImage;
import dev.stowage.engine.storage.StoreSet;
import dev.stowage.engine.transfer.LocalImages;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stowage tag}: adds names to a local image. */
@Command(
    name = "tag",
    mixinStandardHelpOptions = true,
    description = "Adds NAMEs to IMAGE in our store (an image of an additional store is shared).")
public final class TagCommand implements Callable<Integer> {

  @Mixin StoreOptions store;
  @Mixin OutputOptions output;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "IMAGE")
  String image;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "NAME")
  List<String> names = new ArrayList<>();

  @Override
  public Integer call() {
    return ErrorMapping.run(
        output,
        spec.commandLine().getErr(),
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
