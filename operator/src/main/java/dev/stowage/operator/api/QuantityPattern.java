package dev.stowage.operator.api;

/** Regular expression for a storage size in Kubernetes quantity notation. */
public final class QuantityPattern {

  /** A positive size such as 500Mi, 20Gi, 1T or 1000000. */
  public static final String SIZE = "^[1-9][0-9]*(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$";

  private QuantityPattern() {}
}
