package dev.stowage.engine.storage;

/** An image found in one of the stores. */
public record ResolvedImage(ImageRecord image, ImageStore store) {

  public String id() {
    return image.id();
  }
}
