package dev.stowage.engine.cli;

import dev.stowage.engine.cli.args.Command;
import dev.stowage.engine.cli.args.CommandSpec;
import dev.stowage.engine.cli.args.Console;
import dev.stowage.engine.cli.args.PositionalSpec;
import dev.stowage.engine.image.ImageReference;
import dev.stowage.engine.storage.ImageRecord;
import dev.stowage.engine.transfer.LocalImages;
import dev.stowage.engine.transfer.RootfsImporter;
import java.nio.file.Path;
import java.util.Map;

/** {@code stowage import}: a rootfs tarball or directory as a single-layer image. */
public final class ImportCommand implements Command {

  private final StoreOptions store = new StoreOptions();
  private final OutputOptions output = new OutputOptions();
  private Path source;
  private String name;

  @Override
  public CommandSpec spec() {
    return CommandSpec.named("import")
        .description(
            "Imports a root file system (tar, tar.gz, tar.zst or a directory) as image NAME with"
                + " the default PATH.")
        .options(store.options())
        .options(output.options())
        .positional(
            PositionalSpec.one("TARBALL", "The root file system.", v -> source = Path.of(v)))
        .positional(PositionalSpec.one("NAME", "Name of the image.", v -> name = v))
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
          String stored = LocalImages.storedName(ImageReference.parse(name));
          ImageRecord image =
              new RootfsImporter(store.open(), output.log(console.out()))
                  .importRootfs(source, stored);
          return Map.of("imageId", image.id());
        });
  }
}
