package dev.stowage.engine.containerfile.instruction;

import dev.stowage.engine.containerfile.shell.ExpansionException;
import dev.stowage.engine.containerfile.shell.WordExpander;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the CSV value of {@code RUN --mount=}; values are expanded with the given expander. */
final class MountParser {

  private static final Pattern SIZE = Pattern.compile("(\\d+)([kmgKMG]?)[bB]?");

  private MountParser() {}

  /**
   * @param lenient at parse time variables are not known yet: skip checks of values holding {@code
   *     $}
   */
  static Mount parse(String spec, WordExpander expander, boolean lenient)
      throws ExpansionException {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String field : splitCsv(spec)) {
      String f = field.strip();
      if (f.isEmpty()) {
        continue;
      }
      int eq = f.indexOf('=');
      String key = (eq < 0 ? f : f.substring(0, eq)).toLowerCase(Locale.ROOT);
      String value = eq < 0 ? null : expander.word(f.substring(eq + 1));
      key =
          switch (key) {
            case "dst", "destination" -> "target";
            case "src" -> "source";
            case "ro" -> "readonly";
            case "rw" -> "readwrite";
            default -> key;
          };
      if (fields.containsKey(key)) {
        throw new ExpansionException("mount option '" + key + "' given twice in '" + spec + "'");
      }
      fields.put(key, value);
    }
    String type = fields.getOrDefault("type", "bind");
    if (type == null) {
      throw new ExpansionException(
          "mount option 'type' needs a value: bind, cache, tmpfs or secret");
    }
    Options o = new Options(spec, fields, lenient);
    Mount mount =
        switch (type.toLowerCase(Locale.ROOT)) {
          case "bind" -> {
            o.allow("type", "target", "source", "from", "readonly", "readwrite");
            yield new Mount.Bind(
                o.required("target"),
                o.string("source").orElse("/"),
                o.string("from"),
                o.readWrite(false));
          }
          case "cache" -> {
            o.allow(
                "type",
                "target",
                "id",
                "sharing",
                "from",
                "source",
                "readonly",
                "readwrite",
                "mode",
                "uid",
                "gid");
            String target = o.required("target");
            yield new Mount.Cache(
                target,
                o.string("id").orElse(target),
                o.sharing(),
                o.string("from"),
                o.string("source").orElse("/"),
                !o.readWrite(true),
                o.octal("mode", 0755),
                o.integer("uid", 0),
                o.integer("gid", 0));
          }
          case "tmpfs" -> {
            o.allow("type", "target", "size");
            yield new Mount.Tmpfs(o.required("target"), o.size());
          }
          case "secret" -> {
            o.allow(
                "type",
                "id",
                "target",
                "env",
                "required",
                "mode",
                "uid",
                "gid",
                "readonly",
                "readwrite");
            Optional<String> target = o.string("target");
            Optional<String> env = o.string("env");
            String id =
                o.string("id")
                    .orElseGet(
                        () -> target.map(t -> t.substring(t.lastIndexOf('/') + 1)).orElse(""));
            if (id.isEmpty()) {
              id = env.orElse("");
            }
            if (id.isEmpty()) {
              throw new ExpansionException(
                  "secret mount '" + spec + "' needs id= (or a target or env to derive it from)");
            }
            String path = target.orElse(env.isPresent() ? "" : "/run/secrets/" + id);
            yield new Mount.Secret(
                id,
                path,
                env,
                o.bool("required", false),
                o.octal("mode", 0400),
                o.integer("uid", 0),
                o.integer("gid", 0));
          }
          case "ssh" ->
              throw new ExpansionException(
                  "mount type ssh is not supported by stowage: builds hold no agent socket; fetch"
                      + " private sources in the source step instead");
          default ->
              throw new ExpansionException(
                  "unknown mount type '" + type + "'; use bind, cache, tmpfs or secret");
        };
    return mount;
  }

  /** Splits on commas outside double quotes, removing the quotes (like Go's encoding/csv). */
  private static List<String> splitCsv(String spec) throws ExpansionException {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < spec.length(); i++) {
      char c = spec.charAt(i);
      if (c == '"') {
        if (quoted && i + 1 < spec.length() && spec.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else {
          quoted = !quoted;
        }
      } else if (c == ',' && !quoted) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    if (quoted) {
      throw new ExpansionException("unbalanced double quote in mount '" + spec + "'");
    }
    out.add(cur.toString());
    return out;
  }

  private record Options(String spec, Map<String, String> fields, boolean lenient) {

    void allow(String... keys) throws ExpansionException {
      List<String> allowed = List.of(keys);
      for (String k : fields.keySet()) {
        if (!allowed.contains(k)) {
          throw new ExpansionException(
              "mount option '"
                  + k
                  + "' is not valid for type "
                  + fields.getOrDefault("type", "bind")
                  + " in '"
                  + spec
                  + "'; valid: "
                  + String.join(", ", allowed));
        }
      }
    }

    Optional<String> string(String key) throws ExpansionException {
      if (!fields.containsKey(key)) {
        return Optional.empty();
      }
      String v = fields.get(key);
      if (v == null) {
        throw new ExpansionException("mount option '" + key + "' needs a value in '" + spec + "'");
      }
      return Optional.of(v);
    }

    String required(String key) throws ExpansionException {
      Optional<String> v = string(key);
      if (v.isEmpty() || v.get().isEmpty()) {
        throw new ExpansionException("mount '" + spec + "' needs " + key + "=");
      }
      return v.get();
    }

    boolean bool(String key, boolean dflt) throws ExpansionException {
      if (!fields.containsKey(key)) {
        return dflt;
      }
      String v = fields.get(key);
      if (v == null) {
        return true;
      }
      return switch (v.toLowerCase(Locale.ROOT)) {
        case "true", "1" -> true;
        case "false", "0" -> false;
        default -> {
          if (lenient && v.contains("$")) {
            yield dflt;
          }
          throw new ExpansionException(
              "mount option '" + key + "' wants true or false, got '" + v + "'");
        }
      };
    }

    boolean readWrite(boolean dflt) throws ExpansionException {
      if (fields.containsKey("readwrite") && fields.containsKey("readonly")) {
        throw new ExpansionException("mount '" + spec + "' is both readonly and readwrite");
      }
      if (fields.containsKey("readwrite")) {
        return bool("readwrite", true);
      }
      if (fields.containsKey("readonly")) {
        return !bool("readonly", true);
      }
      return dflt;
    }

    Mount.Sharing sharing() throws ExpansionException {
      Optional<String> v = string("sharing");
      if (v.isEmpty()) {
        return Mount.Sharing.SHARED;
      }
      try {
        return Mount.Sharing.valueOf(v.get().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        if (lenient && v.get().contains("$")) {
          return Mount.Sharing.SHARED;
        }
        throw new ExpansionException(
            "cache sharing '" + v.get() + "' is not shared, private or locked");
      }
    }

    int integer(String key, int dflt) throws ExpansionException {
      Optional<String> v = string(key);
      if (v.isEmpty() || (lenient && v.get().contains("$"))) {
        return dflt;
      }
      try {
        int n = Integer.parseInt(v.get());
        if (n < 0) {
          throw new NumberFormatException();
        }
        return n;
      } catch (NumberFormatException e) {
        throw new ExpansionException(
            "mount option '" + key + "' wants a non-negative number, got '" + v.get() + "'");
      }
    }

    int octal(String key, int dflt) throws ExpansionException {
      Optional<String> v = string(key);
      if (v.isEmpty() || (lenient && v.get().contains("$"))) {
        return dflt;
      }
      try {
        int n = Integer.parseInt(v.get(), 8);
        if (n < 0 || n > 07777) {
          throw new NumberFormatException();
        }
        return n;
      } catch (NumberFormatException e) {
        throw new ExpansionException(
            "mount option '"
                + key
                + "' wants octal permission bits like 0755, got '"
                + v.get()
                + "'");
      }
    }

    long size() throws ExpansionException {
      Optional<String> v = string("size");
      if (v.isEmpty() || (lenient && v.get().contains("$"))) {
        return 0;
      }
      Matcher m = SIZE.matcher(v.get());
      if (!m.matches()) {
        throw new ExpansionException("tmpfs size '" + v.get() + "' is not like 64m or 1g");
      }
      long n;
      try {
        n = Long.parseLong(m.group(1));
      } catch (NumberFormatException e) {
        throw new ExpansionException("tmpfs size '" + v.get() + "' is too large");
      }
      if (n > (1L << 40)) {
        throw new ExpansionException("tmpfs size '" + v.get() + "' is too large");
      }
      return switch (m.group(2).toLowerCase(Locale.ROOT)) {
        case "k" -> n << 10;
        case "m" -> n << 20;
        case "g" -> n << 30;
        default -> n;
      };
    }
  }
}
