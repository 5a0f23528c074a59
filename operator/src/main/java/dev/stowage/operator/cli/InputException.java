package dev.stowage.operator.cli;

import java.util.List;

/** The render input is unusable; each problem names the file, line or field at fault. */
public final class InputException extends RuntimeException {

  private final List<String> problems;

  public InputException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  public InputException(String problem) {
    this(List.of(problem));
  }

  /** One line per problem. */
  public List<String> problems() {
    return problems;
  }
}
