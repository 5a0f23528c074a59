package dev.stowage.engine.containerfile.instruction;

import dev.stowage.engine.containerfile.Location;
import dev.stowage.engine.containerfile.shell.ExpansionException;
import dev.stowage.engine.containerfile.shell.WordExpander;
import dev.stowage.engine.containerfile.syntax.Heredoc;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code RUN [--mount=...] [--network=...] [--security=...] command}. The command itself is never
 * expanded by the builder (the shell does it); mount options are.
 *
 * @param mountSpecs the {@code --mount} values as written, kept for re-expansion
 * @param heredocs here-documents of a shell-form RUN, in order
 */
public record RunInstruction(
    Location location,
    String original,
    CommandLine command,
    List<Mount> mounts,
    List<String> mountSpecs,
    NetworkMode network,
    SecurityMode security,
    List<Heredoc> heredocs)
    implements Instruction {

  /** {@code --network}. */
  public enum NetworkMode {
    DEFAULT,
    NONE,
    HOST
  }

  /** {@code --security}. */
  public enum SecurityMode {
    SANDBOX,
    INSECURE
  }

  public RunInstruction {
    mounts = List.copyOf(mounts);
    mountSpecs = List.copyOf(mountSpecs);
    heredocs = List.copyOf(heredocs);
  }

  @Override
  public RunInstruction expand(WordExpander e) throws ExpansionException {
    List<Mount> expanded = new ArrayList<>();
    for (String spec : mountSpecs) {
      expanded.add(MountParser.parse(spec, e, false));
    }
    return new RunInstruction(
        location, original, command, expanded, mountSpecs, network, security, heredocs);
  }

  /**
   * The text to give the shell, as BuildKit does: a lone {@code <<EOF} runs the heredoc body as the
   * script; otherwise heredoc bodies are appended to the line for the shell to read.
   */
  public String shellScript() {
    if (!(command instanceof CommandLine.Shell shell)) {
      throw new IllegalStateException("exec-form RUN has no shell script");
    }
    if (heredocs.isEmpty()) {
      return shell.text();
    }
    if (heredocs.size() == 1
        && shell
            .text()
            .matches(
                "0?<<-?[\"']?"
                    + java.util.regex.Pattern.quote(heredocs.getFirst().name())
                    + "[\"']?")) {
      return heredocs.getFirst().content();
    }
    StringBuilder sb = new StringBuilder(shell.text());
    for (Heredoc h : heredocs) {
      sb.append('\n').append(h.content()).append(h.name());
    }
    return sb.toString();
  }
}
