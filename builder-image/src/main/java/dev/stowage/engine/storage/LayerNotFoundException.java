package dev.stowage.engine.storage;

/** A layer id is not recorded in any of the searched stores (a broken parent chain). */
public final class LayerNotFoundException extends StorageException {

  private final String layerId;

  public LayerNotFoundException(String layerId, String where) {
    super("layer " + layerId + " not found in " + where);
    this.layerId = layerId;
  }

  public String layerId() {
    return layerId;
  }
}
