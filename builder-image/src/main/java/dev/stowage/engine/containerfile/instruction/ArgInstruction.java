package dev.stowage.engine.containerfile.instruction;

import dev.stowage.engine.containerfile.Location;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@code ARG name[=default] ...}; defaults are expanded when the ARG is dispatched. */
public record ArgInstruction(Location location, String original, List<Declaration> args)
    implements Instruction {

  public ArgInstruction {
    args = List.copyOf(args);
  }

  /** One declared build argument with its optional default as written. */
  public record Declaration(String name, Optional<String> defaultValue) {
    public Declaration {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(defaultValue, "defaultValue");
    }
  }
}
