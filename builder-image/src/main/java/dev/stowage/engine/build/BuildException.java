package dev.stowage.engine.build;

import dev.stowage.engine.containerfile.Location;
import java.util.Optional;

/** A build that cannot go on: what failed, where (file:line when an instruction is to blame). */
public final class BuildException extends Exception {

  /** Whose fault it is, as the CLI maps it to an exit code. */
  public enum Kind {
    /** Containerfile, context, arguments or a failing RUN step. */
    USER,
    /** A registry refused or failed while pulling a base image. */
    REGISTRY,
    /** The machine refused: permissions, devices, space. */
    ENVIRONMENT,
    /** A bug or an unexpected state in the engine. */
    INTERNAL
  }

  private final Kind kind;
  private final transient Location location;

  public BuildException(Kind kind, Location location, String message, Throwable cause) {
    super(location == null ? message : location + ": " + message, cause);
    this.kind = kind;
    this.location = location;
  }

  public BuildException(Kind kind, Location location, String message) {
    this(kind, location, message, null);
  }

  /** A user error at an instruction. */
  public static BuildException user(Location location, String message) {
    return new BuildException(Kind.USER, location, message);
  }

  public Kind kind() {
    return kind;
  }

  public Optional<Location> location() {
    return Optional.ofNullable(location);
  }
}
