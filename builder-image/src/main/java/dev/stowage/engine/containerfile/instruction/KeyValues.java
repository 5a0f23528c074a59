package dev.stowage.engine.containerfile.instruction;

import dev.stowage.engine.containerfile.shell.ExpansionException;
import dev.stowage.engine.containerfile.shell.WordExpander;
import java.util.ArrayList;
import java.util.List;

/** Expansion shared by ENV and LABEL. */
final class KeyValues {

  private KeyValues() {}

  static List<KeyValue> expand(List<KeyValue> pairs, WordExpander e) throws ExpansionException {
    List<KeyValue> out = new ArrayList<>(pairs.size());
    for (KeyValue kv : pairs) {
      out.add(new KeyValue(e.word(kv.key()), e.word(kv.value())));
    }
    return out;
  }
}
