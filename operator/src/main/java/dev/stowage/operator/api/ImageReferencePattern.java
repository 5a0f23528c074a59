package dev.stowage.operator.api;

/** Regular expressions for image references, shared by the CRD schema and offline validation. */
public final class ImageReferencePattern {

  private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
  private static final String DOMAIN =
      "(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
          + "(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*"
          + "(?::[0-9]+)?)";

  /** A tag: word characters, dots and dashes, at most 128. */
  public static final String TAG = "^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$";

  /** A name with optional registry and tag, without digest. */
  public static final String REFERENCE =
      "^(?:"
          + DOMAIN
          + "/)?"
          + COMPONENT
          + "(?:/"
          + COMPONENT
          + ")*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$";

  private ImageReferencePattern() {}
}
