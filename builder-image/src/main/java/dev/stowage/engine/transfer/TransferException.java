package dev.stowage.engine.transfer;

/** A transfer could not finish for a reason that is not the registry's or the store's. */
public class TransferException extends RuntimeException {

  public TransferException(String message) {
    super(message);
  }

  public TransferException(String message, Throwable cause) {
    super(message, cause);
  }
}
