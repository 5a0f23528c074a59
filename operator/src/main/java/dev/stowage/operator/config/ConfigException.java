package dev.stowage.operator.config;

/** The operator configuration is unreadable or holds a bad value; names the key at fault. */
public final class ConfigException extends RuntimeException {

  private final String key;

  public ConfigException(String key, String message) {
    super(key + ": " + message);
    this.key = key;
  }

  public ConfigException(String key, String message, Throwable cause) {
    super(key + ": " + message, cause);
    this.key = key;
  }

  /** The YAML key path (e.g. {@code storage.allowedModes}) or environment variable at fault. */
  public String key() {
    return key;
  }
}
