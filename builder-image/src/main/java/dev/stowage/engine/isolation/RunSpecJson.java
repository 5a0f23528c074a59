package dev.stowage.engine.isolation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of a {@link RunSpec} passed from the engine to the launcher. Hand-written so the
 * launcher JVM loads no JSON library: it starts once per RUN and its start-up is the overhead.
 */
final class RunSpecJson {

  private final String text;
  private int pos;

  private RunSpecJson(String text) {
    this.text = text;
  }

  static String write(RunSpec spec) {
    StringBuilder out = new StringBuilder(256);
    out.append("{\"rootfs\":");
    string(out, spec.rootfs().toString());
    out.append(",\"argv\":");
    strings(out, spec.argv());
    out.append(",\"env\":");
    strings(out, spec.env());
    out.append(",\"workdir\":");
    string(out, spec.workdir());
    out.append(",\"uid\":").append(spec.uid());
    out.append(",\"gid\":").append(spec.gid());
    out.append(",\"groups\":[");
    for (int i = 0; i < spec.groups().size(); i++) {
      out.append(i == 0 ? "" : ",").append(spec.groups().get(i));
    }
    out.append("],\"umask\":").append(spec.umask());
    out.append(",\"hostname\":");
    if (spec.hostname() == null) {
      out.append("null");
    } else {
      string(out, spec.hostname());
    }
    out.append(",\"mounts\":");
    strings(out, spec.mounts());
    out.append(",\"capabilities\":").append(spec.capabilities());
    return out.append('}').toString();
  }

  static RunSpec read(String json) {
    RunSpecJson parser = new RunSpecJson(json);
    Object value = parser.value();
    parser.skipSpace();
    if (parser.pos != json.length() || !(value instanceof Map<?, ?> map)) {
      throw parser.error("expected one JSON object");
    }
    List<Integer> groups = new ArrayList<>();
    for (Object g : list(map, "groups")) {
      groups.add(number(g, "groups"));
    }
    return new RunSpec(
        Path.of(require(map, "rootfs", String.class)),
        stringList(map, "argv"),
        stringList(map, "env"),
        require(map, "workdir", String.class),
        number(map.get("uid"), "uid"),
        number(map.get("gid"), "gid"),
        groups,
        number(map.get("umask"), "umask"),
        map.get("hostname") instanceof String h ? h : null,
        map.containsKey("mounts") ? stringList(map, "mounts") : List.of(),
        map.get("capabilities") instanceof Long c ? c : RunSpec.ALL_BUT_CHROOT);
  }

  private static <T> T require(Map<?, ?> map, String key, Class<T> type) {
    Object v = map.get(key);
    if (!type.isInstance(v)) {
      throw new IllegalArgumentException("run spec: \"" + key + "\" missing or not a string");
    }
    return type.cast(v);
  }

  private static List<?> list(Map<?, ?> map, String key) {
    Object v = map.get(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> l)) {
      throw new IllegalArgumentException("run spec: \"" + key + "\" is not an array");
    }
    return l;
  }

  private static List<String> stringList(Map<?, ?> map, String key) {
    List<String> out = new ArrayList<>();
    for (Object o : list(map, key)) {
      if (!(o instanceof String s)) {
        throw new IllegalArgumentException("run spec: \"" + key + "\" must hold strings");
      }
      out.add(s);
    }
    return out;
  }

  private static int number(Object v, String key) {
    if (!(v instanceof Long l) || l < 0 || l > 0xFFFF_FFFEL) {
      throw new IllegalArgumentException("run spec: \"" + key + "\" must be an id, got " + v);
    }
    return (int) (long) l;
  }

  private static void strings(StringBuilder out, List<String> values) {
    out.append('[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      string(out, values.get(i));
    }
    out.append(']');
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private Object value() {
    skipSpace();
    if (pos >= text.length()) {
      throw error("unexpected end");
    }
    char c = text.charAt(pos);
    return switch (c) {
      case '{' -> object();
      case '[' -> array();
      case '"' -> string();
      case 'n' -> literal("null", null);
      case 't' -> literal("true", Boolean.TRUE);
      case 'f' -> literal("false", Boolean.FALSE);
      default -> number();
    };
  }

  private Map<String, Object> object() {
    Map<String, Object> map = new LinkedHashMap<>();
    pos++;
    skipSpace();
    if (peek() == '}') {
      pos++;
      return map;
    }
    while (true) {
      skipSpace();
      if (peek() != '"') {
        throw error("expected a key");
      }
      String key = string();
      skipSpace();
      expect(':');
      map.put(key, value());
      skipSpace();
      if (peek() == ',') {
        pos++;
      } else {
        expect('}');
        return map;
      }
    }
  }

  private List<Object> array() {
    List<Object> list = new ArrayList<>();
    pos++;
    skipSpace();
    if (peek() == ']') {
      pos++;
      return list;
    }
    while (true) {
      list.add(value());
      skipSpace();
      if (peek() == ',') {
        pos++;
      } else {
        expect(']');
        return list;
      }
    }
  }

  private String string() {
    pos++;
    StringBuilder out = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw error("unterminated string");
      }
      char c = text.charAt(pos++);
      if (c == '"') {
        return out.toString();
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = text.charAt(pos++);
      switch (e) {
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'u' -> {
          out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
          pos += 4;
        }
        default -> out.append(e);
      }
    }
  }

  private Long number() {
    int start = pos;
    while (pos < text.length()
        && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '-')) {
      pos++;
    }
    if (start == pos) {
      throw error("unexpected character '" + text.charAt(pos) + "'");
    }
    return Long.parseLong(text.substring(start, pos));
  }

  private Object literal(String word, Object value) {
    if (!text.startsWith(word, pos)) {
      throw error("expected " + word);
    }
    pos += word.length();
    return value;
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("run spec JSON: " + what + " at offset " + pos);
  }
}
