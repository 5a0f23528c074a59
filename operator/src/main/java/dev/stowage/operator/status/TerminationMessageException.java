package dev.stowage.operator.status;

/** A builder step's termination message is not the JSON line the pod contract promises. */
public final class TerminationMessageException extends RuntimeException {

  public TerminationMessageException(String step, String problem, Throwable cause) {
    super(
        "termination message of step '"
            + step
            + "' "
            + problem
            + "; the builder image and the operator may disagree on the pod contract"
            + " (check both versions)",
        cause);
  }
}
