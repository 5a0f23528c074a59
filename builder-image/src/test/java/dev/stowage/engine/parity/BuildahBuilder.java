package dev.stowage.engine.parity;

import dev.stowage.engine.testing.ContainersStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference builder: {@code buildah bud --format docker --layers --isolation chroot
 * --pull=never} into a private overlay store that already holds the base images.
 */
public final class BuildahBuilder implements ImageBuilder {

  private final ContainersStore store;

  public BuildahBuilder(ContainersStore store) {
    this.store = store;
  }

  @Override
  public String name() {
    return "buildah";
  }

  @Override
  public BuiltImage build(BuildRequest request) throws IOException, InterruptedException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "bud",
                "--format",
                "docker",
                "--layers",
                "--isolation",
                "chroot",
                "--pull=never",
                "--quiet",
                "-t",
                request.tag(),
                "-f",
                request.containerfile().toString()));
    for (String arg : request.buildArgs()) {
      args.add("--build-arg");
      args.add(arg);
    }
    request.target().ifPresent(t -> args.addAll(List.of("--target", t)));
    args.add(request.context().toString());
    store.buildah(args.toArray(String[]::new));
    return new BuiltImage(name(), request.tag(), store.open());
  }
}
