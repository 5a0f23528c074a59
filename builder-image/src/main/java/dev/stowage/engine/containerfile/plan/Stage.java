package dev.stowage.engine.containerfile.plan;

import dev.stowage.engine.containerfile.instruction.FromInstruction;
import dev.stowage.engine.containerfile.instruction.Instruction;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One build stage: its FROM (expanded with the global ARGs), what it starts from, the instructions
 * after FROM (not yet expanded), and the earlier stages it needs.
 *
 * @param platform the expanded {@code --platform}, if given
 * @param dependencies indexes of stages used as base, by {@code COPY --from} or by {@code RUN
 *     --mount from=}
 * @param images images used by {@code COPY --from} or {@code RUN --mount from=} (not the base)
 */
public record Stage(
    int index,
    Optional<String> name,
    FromInstruction from,
    Base base,
    Optional<String> platform,
    List<Instruction> instructions,
    Set<Integer> dependencies,
    Set<String> images) {

  public Stage {
    instructions = List.copyOf(instructions);
    dependencies = Set.copyOf(dependencies);
    images = Set.copyOf(images);
  }

  /** The name if the stage has one, else its index, as messages show it. */
  public String displayName() {
    return name.orElse(String.valueOf(index));
  }
}
