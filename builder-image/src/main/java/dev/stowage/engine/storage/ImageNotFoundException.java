package dev.stowage.engine.storage;

/** No image in the searched stores matches a name, id, id prefix or digest. */
public final class ImageNotFoundException extends StorageException {

  private final String reference;

  public ImageNotFoundException(String reference, String where) {
    super("image " + reference + " not found in " + where);
    this.reference = reference;
  }

  public String reference() {
    return reference;
  }
}
