package dev.stowage.engine.containerfile.instruction;

import dev.stowage.engine.containerfile.Location;
import dev.stowage.engine.containerfile.shell.ExpansionException;
import dev.stowage.engine.containerfile.shell.WordExpander;
import java.util.List;

/** {@code ENV k=v ...} or the legacy {@code ENV k v}; all pairs see the env before the line. */
public record EnvInstruction(Location location, String original, List<KeyValue> variables)
    implements Instruction {

  public EnvInstruction {
    variables = List.copyOf(variables);
  }

  @Override
  public EnvInstruction expand(WordExpander e) throws ExpansionException {
    return new EnvInstruction(location, original, KeyValues.expand(variables, e));
  }
}
