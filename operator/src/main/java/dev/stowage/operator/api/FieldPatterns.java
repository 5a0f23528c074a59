package dev.stowage.operator.api;

/** Regular expressions of the CRD schema, shared with offline validation so both stay equal. */
public final class FieldPatterns {

  /** A DNS-1123 subdomain: names of Secrets, ConfigMaps, PVCs and service accounts. */
  public static final String DNS_SUBDOMAIN = "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$";

  /** A project name: a DNS label short enough for {@code stowage-project-<project>}. */
  public static final String PROJECT = "^[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?$";

  /** A build argument name, as an ARG instruction accepts it. */
  public static final String BUILD_ARG_NAME = "^[A-Za-z_][A-Za-z0-9_]*$";

  /** A stage name of a multi-stage Containerfile. */
  public static final String TARGET = "^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$";

  /** A duration in hours, minutes and seconds, e.g. 1h30m. */
  public static final String TIMEOUT = "^([0-9]+h)?([0-9]+m)?([0-9]+s)?$";

  /** A git clone URL. */
  public static final String GIT_URL = "^(https?://|ssh://|git://|git@)[^\\s]+$";

  /** An absolute node path without whitespace. */
  public static final String ABSOLUTE_PATH = "^/[^\\s]*$";

  private FieldPatterns() {}
}
