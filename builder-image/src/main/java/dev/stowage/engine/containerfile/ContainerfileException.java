package dev.stowage.engine.containerfile;

import java.util.Optional;

/**
 * A Containerfile the engine cannot use; the message reads {@code file:line: what is wrong} and,
 * where one helps, a hint on what to write instead.
 */
public final class ContainerfileException extends Exception {

  private final transient Location location;
  private final String problem;
  private final String hint;

  public ContainerfileException(Location location, String problem) {
    this(location, problem, null);
  }

  public ContainerfileException(Location location, String problem, String hint) {
    super(format(location, problem, hint));
    this.location = location;
    this.problem = problem;
    this.hint = hint;
  }

  /** An error not tied to one line (a missing target stage, an unreadable file). */
  public static ContainerfileException general(String problem, String hint) {
    return new ContainerfileException(null, problem, hint);
  }

  private static String format(Location location, String problem, String hint) {
    StringBuilder sb = new StringBuilder();
    if (location != null) {
      sb.append(location).append(": ");
    }
    sb.append(problem);
    if (hint != null && !hint.isBlank()) {
      sb.append(" (hint: ").append(hint).append(')');
    }
    return sb.toString();
  }

  /** The line the error is about, empty when it concerns the whole build. */
  public Optional<Location> location() {
    return Optional.ofNullable(location);
  }

  /** What is wrong, without location or hint. */
  public String problem() {
    return problem;
  }

  public Optional<String> hint() {
    return Optional.ofNullable(hint);
  }
}
