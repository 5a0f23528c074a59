package dev.stowage.engine.containerfile.instruction;

import dev.stowage.engine.containerfile.Location;
import dev.stowage.engine.containerfile.shell.ExpansionException;
import dev.stowage.engine.containerfile.shell.WordExpander;

/**
 * One typed Containerfile instruction. Arguments are kept as written; {@link #expand} returns the
 * instruction with build-time variables substituted, for the instructions the Dockerfile reference
 * expands (ADD, COPY, ENV, EXPOSE, FROM, LABEL, STOPSIGNAL, USER, VOLUME, WORKDIR and RUN mount
 * options). The others return themselves.
 */
public sealed interface Instruction
    permits AddInstruction,
        ArgInstruction,
        CmdInstruction,
        CopyInstruction,
        EntrypointInstruction,
        EnvInstruction,
        ExposeInstruction,
        FromInstruction,
        HealthcheckInstruction,
        LabelInstruction,
        MaintainerInstruction,
        OnbuildInstruction,
        RunInstruction,
        ShellInstruction,
        StopsignalInstruction,
        UserInstruction,
        VolumeInstruction,
        WorkdirInstruction {

  /** Where the instruction starts. */
  Location location();

  /** The instruction as written (continuations joined), as image history records it. */
  String original();

  /** The upper-case keyword, e.g. {@code COPY}. */
  default String keyword() {
    String o = original().strip();
    int space = 0;
    while (space < o.length() && !Character.isWhitespace(o.charAt(space))) {
      space++;
    }
    return o.substring(0, space).toUpperCase(java.util.Locale.ROOT);
  }

  /**
   * This instruction with variables expanded; instructions the builder never expands return this.
   */
  default Instruction expand(WordExpander expander) throws ExpansionException {
    return this;
  }
}
