package dev.stowage.engine.containerfile.instruction;

import dev.stowage.engine.containerfile.Location;
import dev.stowage.engine.containerfile.shell.ExpansionException;
import dev.stowage.engine.containerfile.shell.WordExpander;
import java.util.List;

/** {@code LABEL k=v ...} or the legacy {@code LABEL k v}. */
public record LabelInstruction(Location location, String original, List<KeyValue> labels)
    implements Instruction {

  public LabelInstruction {
    labels = List.copyOf(labels);
  }

  @Override
  public LabelInstruction expand(WordExpander e) throws ExpansionException {
    return new LabelInstruction(location, original, KeyValues.expand(labels, e));
  }
}
