package dev.stowage.engine.containerfile.instruction;

import dev.stowage.engine.containerfile.Location;
import dev.stowage.engine.containerfile.shell.ExpansionException;
import dev.stowage.engine.containerfile.shell.WordExpander;

/** {@code WORKDIR path}; a relative path is resolved against the previous WORKDIR. */
public record WorkdirInstruction(Location location, String original, String path)
    implements Instruction {

  @Override
  public WorkdirInstruction expand(WordExpander e) throws ExpansionException {
    return new WorkdirInstruction(location, original, e.word(path));
  }
}
