package dev.stowage.engine.transfer;

/** The stores lack an image and the pull policy forbids fetching it ({@code --pull=never}). */
public final class ImageNotPresentException extends RuntimeException {

  public ImageNotPresentException(String reference, String stores) {
    super(
        "image "
            + reference
            + " not found locally and --pull=never (searched "
            + stores
            + "); pull it first or allow pulling");
  }
}
