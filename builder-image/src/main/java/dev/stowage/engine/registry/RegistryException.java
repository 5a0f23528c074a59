package dev.stowage.engine.registry;

import java.util.List;

/**
 * A registry operation that failed; says which registry, repository and action (e.g. "pushing blob
 * sha256:… to localhost:5000/x"), with the HTTP status (0 when none arrived).
 */
public class RegistryException extends RuntimeException {

  private final String registry;
  private final String repository;
  private final String action;
  private final int statusCode;
  private final List<String> errorCodes;

  public RegistryException(
      String registry,
      String repository,
      String action,
      int statusCode,
      List<String> errorCodes,
      String detail,
      Throwable cause) {
    super(action + " failed: " + detail, cause);
    this.registry = registry;
    this.repository = repository;
    this.action = action;
    this.statusCode = statusCode;
    this.errorCodes = List.copyOf(errorCodes);
  }

  public String registry() {
    return registry;
  }

  public String repository() {
    return repository;
  }

  public String action() {
    return action;
  }

  /** The HTTP status, or 0 when no response arrived. */
  public int statusCode() {
    return statusCode;
  }

  /** The registry's error codes, e.g. {@code MANIFEST_UNKNOWN}. */
  public List<String> errorCodes() {
    return errorCodes;
  }

  /** Whether the registry refused our credentials (401) or permissions (403). */
  public boolean isAuthFailure() {
    return statusCode == 401 || statusCode == 403;
  }

  /** Whether the thing asked for does not exist. */
  public boolean isNotFound() {
    return statusCode == 404;
  }
}
