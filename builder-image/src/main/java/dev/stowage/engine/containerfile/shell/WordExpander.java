package dev.stowage.engine.containerfile.shell;

import java.util.List;

/** Expands instruction arguments the way the builder does before it dispatches them. */
public interface WordExpander {

  /** Expands one word: quotes removed, variables substituted, never split. */
  String word(String text) throws ExpansionException;

  /** Expands and splits into words at unquoted whitespace. */
  List<String> words(String text) throws ExpansionException;

  /** An expander that leaves text untouched (for parse-time validation). */
  static WordExpander identity() {
    return new WordExpander() {
      @Override
      public String word(String text) {
        return text;
      }

      @Override
      public List<String> words(String text) {
        return List.of(text.trim().split("\\s+"));
      }
    };
  }
}
