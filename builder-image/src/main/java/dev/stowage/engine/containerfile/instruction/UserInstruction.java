package dev.stowage.engine.containerfile.instruction;

import dev.stowage.engine.containerfile.Location;
import dev.stowage.engine.containerfile.shell.ExpansionException;
import dev.stowage.engine.containerfile.shell.WordExpander;
import java.util.Optional;

/** {@code USER user[:group]} (names or numeric ids). */
public record UserInstruction(Location location, String original, String user)
    implements Instruction {

  @Override
  public UserInstruction expand(WordExpander e) throws ExpansionException {
    return new UserInstruction(location, original, e.word(user));
  }

  /** The part before {@code :}. */
  public String userPart() {
    int colon = user.indexOf(':');
    return colon < 0 ? user : user.substring(0, colon);
  }

  /** The part after {@code :}, if any. */
  public Optional<String> groupPart() {
    int colon = user.indexOf(':');
    return colon < 0 ? Optional.empty() : Optional.of(user.substring(colon + 1));
  }
}
