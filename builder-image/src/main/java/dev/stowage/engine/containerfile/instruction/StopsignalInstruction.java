package dev.stowage.engine.containerfile.instruction;

import dev.stowage.engine.containerfile.Location;
import dev.stowage.engine.containerfile.shell.ExpansionException;
import dev.stowage.engine.containerfile.shell.WordExpander;

/** {@code STOPSIGNAL SIGTERM} or a number. */
public record StopsignalInstruction(Location location, String original, String signal)
    implements Instruction {

  @Override
  public StopsignalInstruction expand(WordExpander e) throws ExpansionException {
    return new StopsignalInstruction(location, original, e.word(signal));
  }
}
