package dev.stowage.engine.containerfile.instruction;

import dev.stowage.engine.containerfile.ContainerfileException;
import dev.stowage.engine.containerfile.Location;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The {@code --flag[=value]} words of one instruction, checked against what it accepts. */
final class Flags {

  enum Kind {
    STRING,
    BOOL,
    REPEATED
  }

  private final Map<String, List<String>> values = new HashMap<>();

  private Flags() {}

  static Flags parse(String keyword, List<String> words, Map<String, Kind> accepted, Location loc)
      throws ContainerfileException {
    Flags flags = new Flags();
    for (String word : words) {
      String body = word.startsWith("--") ? word.substring(2) : word;
      int eq = body.indexOf('=');
      String name = eq < 0 ? body : body.substring(0, eq);
      String value = eq < 0 ? null : body.substring(eq + 1);
      Kind kind = accepted.get(name);
      if (kind == null) {
        throw new ContainerfileException(
            loc,
            "unknown flag --" + name + " for " + keyword,
            accepted.isEmpty()
                ? keyword + " takes no flags"
                : keyword + " accepts --" + String.join(", --", accepted.keySet()));
      }
      if (kind != Kind.REPEATED && flags.values.containsKey(name)) {
        throw new ContainerfileException(
            loc, "flag --" + name + " given twice", "give --" + name + " once");
      }
      if (kind == Kind.BOOL) {
        String v = value == null ? "true" : value.toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
          throw new ContainerfileException(
              loc, "flag --" + name + " wants true or false, not '" + value + "'");
        }
        value = v;
      } else if (value == null) {
        throw new ContainerfileException(
            loc, "flag --" + name + " needs a value", "write --" + name + "=<value>");
      }
      flags.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return flags;
  }

  static Map<String, Kind> spec(Object... nameKindPairs) {
    Map<String, Kind> m = new LinkedHashMap<>();
    for (int i = 0; i < nameKindPairs.length; i += 2) {
      m.put((String) nameKindPairs[i], (Kind) nameKindPairs[i + 1]);
    }
    return m;
  }

  Optional<String> string(String name) {
    List<String> v = values.get(name);
    return v == null ? Optional.empty() : Optional.of(v.getFirst());
  }

  boolean bool(String name) {
    return string(name).map(Boolean::parseBoolean).orElse(false);
  }

  List<String> all(String name) {
    return values.getOrDefault(name, List.of());
  }
}
