package dev.stowage.engine.containerfile.instruction;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits arguments at whitespace outside quotes, keeping quotes and escapes in the words (they are
 * removed later, at expansion), as ENV, LABEL and ARG need.
 */
final class RawWords {

  private RawWords() {}

  static List<String> split(String text, char escape) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    boolean blankOk = false;
    char quote = 0;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else if (c == escape && quote != '\'') {
          if (i + 1 == n) {
            continue;
          }
          word.append(c);
          c = text.charAt(++i);
        }
        word.append(c);
        continue;
      }
      if (Character.isWhitespace(c)) {
        if (inWord && (blankOk || !word.isEmpty())) {
          words.add(word.toString());
        }
        word.setLength(0);
        inWord = false;
        blankOk = false;
        continue;
      }
      inWord = true;
      if (c == '\'' || c == '"') {
        quote = c;
        blankOk = true;
      } else if (c == escape) {
        if (i + 1 == n) {
          continue;
        }
        word.append(c);
        c = text.charAt(++i);
      }
      word.append(c);
    }
    if (inWord && (blankOk || !word.isEmpty())) {
      words.add(word.toString());
    }
    return words;
  }
}
