package dev.stowage.engine.containerfile.instruction;

import dev.stowage.engine.containerfile.Location;
import dev.stowage.engine.containerfile.shell.ExpansionException;
import dev.stowage.engine.containerfile.shell.WordExpander;
import java.util.List;
import java.util.Optional;

/**
 * {@code COPY [--from] [--chown] [--chmod] [--link] [--parents] [--exclude]... src... dest}.
 *
 * @param sources context paths (globs allowed) or, with {@code from}, paths in that stage/image
 * @param inline heredoc sources ({@code COPY <<EOF /dest}), written as files named after them
 * @param from a stage name, stage index or image reference
 */
public record CopyInstruction(
    Location location,
    String original,
    List<String> sources,
    String destination,
    List<InlineSource> inline,
    Optional<String> from,
    Optional<String> chown,
    Optional<String> chmod,
    boolean link,
    boolean parents,
    List<String> excludes)
    implements Instruction {

  public CopyInstruction {
    sources = List.copyOf(sources);
    inline = List.copyOf(inline);
    excludes = List.copyOf(excludes);
  }

  @Override
  public CopyInstruction expand(WordExpander e) throws ExpansionException {
    return new CopyInstruction(
        location,
        original,
        Expansions.words(sources, e),
        e.word(destination),
        InlineSource.expand(inline, e),
        Expansions.optional(from, e),
        Expansions.optional(chown, e),
        checkedMode(Expansions.optional(chmod, e)),
        link,
        parents,
        Expansions.words(excludes, e));
  }

  private static java.util.Optional<String> checkedMode(java.util.Optional<String> mode)
      throws ExpansionException {
    if (mode.isPresent() && !FileMode.isValid(mode.get())) {
      throw new ExpansionException(FileMode.describeInvalid(mode.get()));
    }
    return mode;
  }
}
