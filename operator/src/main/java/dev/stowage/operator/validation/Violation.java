package dev.stowage.operator.validation;

import dev.stowage.operator.api.Reason;
import java.util.Objects;

/**
 * One problem of an ImageBuild: the field path (e.g. {@code spec.storage.hostPath}), what is wrong,
 * and whether the spec itself is wrong or the operator's policy forbids it.
 */
public record Violation(String field, String message, Kind kind) {

  public Violation {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(kind, "kind");
  }

  /** The status reason a build with this violation fails with. */
  public Reason reason() {
    return kind == Kind.POLICY ? Reason.StorageNotAllowed : Reason.InvalidSpec;
  }

  @Override
  public String toString() {
    return field + ": " + message;
  }

  /** Spec errors mirror the CRD schema; policy violations come from the operator config. */
  public enum Kind {
    SPEC,
    POLICY
  }
}
