package dev.stowage.engine.containerfile.instruction;

import dev.stowage.engine.containerfile.Location;
import dev.stowage.engine.containerfile.shell.ExpansionException;
import dev.stowage.engine.containerfile.shell.WordExpander;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code ADD [--chown] [--chmod] [--link] [--keep-git-dir] [--checksum] [--exclude]... src...
 * dest}; sources may be context paths (local tars are extracted), URLs or git repositories.
 */
public record AddInstruction(
    Location location,
    String original,
    List<String> sources,
    String destination,
    List<InlineSource> inline,
    Optional<String> chown,
    Optional<String> chmod,
    boolean link,
    boolean keepGitDir,
    Optional<String> checksum,
    List<String> excludes)
    implements Instruction {

  public AddInstruction {
    sources = List.copyOf(sources);
    inline = List.copyOf(inline);
    excludes = List.copyOf(excludes);
  }

  @Override
  public AddInstruction expand(WordExpander e) throws ExpansionException {
    return new AddInstruction(
        location,
        original,
        Expansions.words(sources, e),
        e.word(destination),
        InlineSource.expand(inline, e),
        Expansions.optional(chown, e),
        checkedMode(Expansions.optional(chmod, e)),
        link,
        keepGitDir,
        Expansions.optional(checksum, e),
        Expansions.words(excludes, e));
  }

  /** Whether a source is fetched over the network rather than read from the context. */
  public static boolean isRemote(String source) {
    String s = source.toLowerCase(Locale.ROOT);
    return s.startsWith("http://")
        || s.startsWith("https://")
        || s.startsWith("git@")
        || s.startsWith("git://")
        || s.endsWith(".git") && s.contains("://");
  }

  private static java.util.Optional<String> checkedMode(java.util.Optional<String> mode)
      throws ExpansionException {
    if (mode.isPresent() && !FileMode.isValid(mode.get())) {
      throw new ExpansionException(FileMode.describeInvalid(mode.get()));
    }
    return mode;
  }
}
