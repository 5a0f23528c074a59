package dev.stowage.engine.cli;

import dev.stowage.engine.image.ImageReference;
import dev.stowage.engine.storage.ImageRecord;
import dev.stowage.engine.transfer.LocalImages;
import dev.stowage.engine.transfer.RootfsImporter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stowage import}: a rootfs tarball or directory as a single-layer image. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description =
        "Imports a root file system (tar, tar.gz, tar.zst or a directory) as image NAME with the"
            + " default PATH.")
public final class ImportCommand implements Callable<Integer> {

  @Mixin StoreOptions store;
  @Mixin OutputOptions output;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TARBALL")
  Path source;

  @Parameters(index = "1", paramLabel = "NAME")
  String name;

  @Override
  public Integer call() {
    return ErrorMapping.run(
        output,
        spec.commandLine().getErr(),
        ErrorMapping.Reasons.LOCAL,
        () -> {
          String stored = LocalImages.storedName(ImageReference.parse(name));
          ImageRecord image =
              new RootfsImporter(store.open(), output.log(spec.commandLine().getOut()))
                  .importRootfs(source, stored);
          return Map.of("imageId", image.id());
        });
  }
}
