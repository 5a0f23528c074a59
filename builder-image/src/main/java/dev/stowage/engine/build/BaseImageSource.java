package dev.stowage.engine.build;

/**
 * Brings an image the stores lack (or, with {@code --pull=always}, a newer one) into the primary
 * store; the lead wires the registry puller here.
 */
@FunctionalInterface
public interface BaseImageSource {

  /** A source that has nothing: every missing image stays missing. */
  BaseImageSource NONE =
      reference -> {
        throw new BuildException(
            BuildException.Kind.REGISTRY,
            null,
            "image " + reference + " is not in the local stores and pulling is not available");
      };

  /**
   * Fetches {@code reference} into the primary store.
   *
   * @return how the stores now know the image: its id, or the name it was stored under
   * @throws BuildException of kind REGISTRY when the registry refuses or lacks the image
   */
  String fetch(String reference) throws BuildException;
}
