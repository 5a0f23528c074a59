package dev.stowage.engine.containerfile.instruction;

import java.util.List;
import java.util.Objects;

/** A command in shell form ({@code RUN make}) or exec form ({@code RUN ["make"]}). */
public sealed interface CommandLine {

  /** The shell for shell form until a SHELL instruction changes it (Linux images). */
  List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");

  /** Shell form: run with the stage's SHELL, e.g. {@code /bin/sh -c text}. */
  record Shell(String text) implements CommandLine {
    public Shell {
      Objects.requireNonNull(text, "text");
    }

    @Override
    public List<String> argv(List<String> shell) {
      return java.util.stream.Stream.concat(shell.stream(), java.util.stream.Stream.of(text))
          .toList();
    }
  }

  /** Exec form: the JSON array, run without a shell. */
  record Exec(List<String> args) implements CommandLine {
    public Exec {
      args = List.copyOf(args);
    }

    @Override
    public List<String> argv(List<String> shell) {
      return args;
    }
  }

  /** The process arguments, given the stage's current SHELL (used only for shell form). */
  List<String> argv(List<String> shell);
}
