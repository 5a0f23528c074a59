package dev.stowage.engine.containerfile.instruction;

import dev.stowage.engine.containerfile.Location;
import dev.stowage.engine.containerfile.shell.ExpansionException;
import dev.stowage.engine.containerfile.shell.WordExpander;
import java.util.Optional;

/**
 * {@code FROM [--platform=P] image [AS name]}; the stage name is lower case.
 *
 * @param image the base as written: an image reference, {@code scratch} or an earlier stage name
 */
public record FromInstruction(
    Location location,
    String original,
    String image,
    Optional<String> platform,
    Optional<String> stageName)
    implements Instruction {

  @Override
  public FromInstruction expand(WordExpander e) throws ExpansionException {
    Optional<String> p = platform.isPresent() ? Optional.of(e.word(platform.get())) : platform;
    return new FromInstruction(location, original, e.word(image), p, stageName);
  }
}
