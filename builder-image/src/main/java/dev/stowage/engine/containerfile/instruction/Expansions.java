package dev.stowage.engine.containerfile.instruction;

import dev.stowage.engine.containerfile.shell.ExpansionException;
import dev.stowage.engine.containerfile.shell.WordExpander;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Expansion of word lists and optional flag values. */
final class Expansions {

  private Expansions() {}

  static List<String> words(List<String> words, WordExpander e) throws ExpansionException {
    List<String> out = new ArrayList<>(words.size());
    for (String w : words) {
      out.add(e.word(w));
    }
    return out;
  }

  static Optional<String> optional(Optional<String> value, WordExpander e)
      throws ExpansionException {
    return value.isPresent() ? Optional.of(e.word(value.get())) : value;
  }
}
