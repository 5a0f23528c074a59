package dev.stowage.engine.cli;

import dev.stowage.engine.storage.ResolvedImage;
import dev.stowage.engine.storage.StoreSet;
import dev.stowage.engine.transfer.LocalImages;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stowage rmi}: removes names, and images with their unused layers, from our store. */
@Command(
    name = "rmi",
    mixinStandardHelpOptions = true,
    description =
        "Removes IMAGEs from our store: a name of an image that has others is only untagged;"
            + " additional stores are never changed.")
public final class RmiCommand implements Callable<Integer> {

  @Mixin StoreOptions store;
  @Mixin OutputOptions output;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "IMAGE", arity = "1..*")
  List<String> images = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    return ErrorMapping.run(
        output,
        spec.commandLine().getErr(),
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
