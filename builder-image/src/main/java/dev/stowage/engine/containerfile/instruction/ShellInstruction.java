package dev.stowage.engine.containerfile.instruction;

import dev.stowage.engine.containerfile.Location;
import java.util.List;

/** {@code SHELL ["executable", "params"]}: the shell used for later shell-form commands. */
public record ShellInstruction(Location location, String original, List<String> shell)
    implements Instruction {

  public ShellInstruction {
    shell = List.copyOf(shell);
  }
}
