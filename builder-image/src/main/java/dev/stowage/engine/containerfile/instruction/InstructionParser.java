package dev.stowage.engine.containerfile.instruction;

import static dev.stowage.engine.containerfile.instruction.Flags.Kind.BOOL;
import static dev.stowage.engine.containerfile.instruction.Flags.Kind.REPEATED;
import static dev.stowage.engine.containerfile.instruction.Flags.Kind.STRING;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.engine.containerfile.ContainerfileException;
import dev.stowage.engine.containerfile.Location;
import dev.stowage.engine.containerfile.shell.ExpansionException;
import dev.stowage.engine.containerfile.shell.WordExpander;
import dev.stowage.engine.containerfile.syntax.Heredoc;
import dev.stowage.engine.containerfile.syntax.Node;
import dev.stowage.engine.containerfile.syntax.SyntaxParser;
import dev.stowage.engine.containerfile.syntax.SyntaxTree;
import dev.stowage.engine.json.JsonTrees;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Nodes to typed {@link Instruction}s, rejecting what the Dockerfile syntax does not allow. */
public final class InstructionParser {

  private static final Pattern STAGE_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9\\-_.]*");
  private static final Pattern HEREDOC_SOURCE = Pattern.compile("^\\d*<<-?(.+)$");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final List<String> KEYWORDS =
      List.of(
          "ADD",
          "ARG",
          "CMD",
          "COPY",
          "ENTRYPOINT",
          "ENV",
          "EXPOSE",
          "FROM",
          "HEALTHCHECK",
          "LABEL",
          "MAINTAINER",
          "ONBUILD",
          "RUN",
          "SHELL",
          "STOPSIGNAL",
          "USER",
          "VOLUME",
          "WORKDIR");

  private final Node node;
  private final char escape;
  private final Location loc;
  private final List<String> warnings;

  private InstructionParser(Node node, char escape, List<String> warnings) {
    this.node = node;
    this.escape = escape;
    this.loc = node.location();
    this.warnings = warnings;
  }

  /** Types every node of a syntax tree. */
  public static Containerfile parse(SyntaxTree tree) throws ContainerfileException {
    List<Instruction> out = new ArrayList<>();
    List<String> warnings = new ArrayList<>(tree.warnings());
    for (Node n : tree.nodes()) {
      out.add(new InstructionParser(n, tree.directives().escape(), warnings).instruction());
    }
    return new Containerfile(tree.file(), tree.directives(), out, warnings);
  }

  /** Types one node. */
  public static Instruction parse(Node node, char escape) throws ContainerfileException {
    return new InstructionParser(node, escape, new ArrayList<>()).instruction();
  }

  /** Parses an ONBUILD trigger stored in a base image's config, to run at the FROM that uses it. */
  public static Instruction parseTrigger(String trigger, Location from)
      throws ContainerfileException {
    SyntaxTree tree;
    try {
      tree = SyntaxParser.parse(from.file(), trigger);
    } catch (ContainerfileException e) {
      throw new ContainerfileException(
          from, "ONBUILD trigger of the base image is invalid: " + e.problem());
    }
    if (tree.nodes().size() != 1) {
      throw new ContainerfileException(
          from, "ONBUILD trigger of the base image is not one instruction: " + trigger);
    }
    Node n = tree.nodes().getFirst();
    Node at =
        new Node(n.keyword(), n.flags(), n.args(), n.original(), from, from.line(), n.heredocs());
    checkTrigger(at.keyword(), from);
    return parse(at, '\\');
  }

  private Instruction instruction() throws ContainerfileException {
    return switch (node.keyword()) {
      case "FROM" -> from();
      case "RUN" -> run();
      case "CMD" -> new CmdInstruction(loc, node.original(), command(false));
      case "ENTRYPOINT" -> new EntrypointInstruction(loc, node.original(), command(true));
      case "LABEL" -> new LabelInstruction(loc, node.original(), nameValues("LABEL"));
      case "ENV" -> new EnvInstruction(loc, node.original(), nameValues("ENV"));
      case "MAINTAINER" -> new MaintainerInstruction(loc, node.original(), text("a name"));
      case "EXPOSE" -> new ExposeInstruction(loc, node.original(), words("a port"));
      case "ADD" -> add();
      case "COPY" -> copy();
      case "VOLUME" -> volume();
      case "USER" -> new UserInstruction(loc, node.original(), text("a user"));
      case "WORKDIR" -> new WorkdirInstruction(loc, node.original(), text("a path"));
      case "STOPSIGNAL" -> new StopsignalInstruction(loc, node.original(), text("a signal"));
      case "ARG" -> arg();
      case "ONBUILD" -> onbuild();
      case "HEALTHCHECK" -> healthcheck();
      case "SHELL" -> shell();
      default -> throw unknown();
    };
  }

  private ContainerfileException unknown() {
    String k = node.keyword();
    String hint = "instructions are " + String.join(", ", KEYWORDS);
    for (String known : KEYWORDS) {
      if (editDistance(k, known) <= 2) {
        hint = "did you mean " + known + "?";
        break;
      }
    }
    return new ContainerfileException(loc, "unknown instruction: " + k, hint);
  }

  private Flags flags(Map<String, Flags.Kind> accepted) throws ContainerfileException {
    return Flags.parse(node.keyword(), node.flags(), accepted, loc);
  }

  private void noFlags() throws ContainerfileException {
    flags(Map.of());
  }

  private FromInstruction from() throws ContainerfileException {
    Flags f = flags(Flags.spec("platform", STRING));
    List<String> args = split(node.args());
    if (args.size() == 1) {
      return new FromInstruction(
          loc, node.original(), args.getFirst(), f.string("platform"), Optional.empty());
    }
    if (args.size() == 3 && args.get(1).equalsIgnoreCase("AS")) {
      String name = args.get(2);
      if (!STAGE_NAME.matcher(name).matches()) {
        throw new ContainerfileException(
            loc,
            "invalid stage name '" + name + "'",
            "start with a letter and use only letters, digits, '-', '_' and '.'");
      }
      return new FromInstruction(
          loc,
          node.original(),
          args.getFirst(),
          f.string("platform"),
          Optional.of(name.toLowerCase(Locale.ROOT)));
    }
    throw new ContainerfileException(
        loc,
        args.isEmpty() ? "FROM needs a base image" : "FROM takes an image and an optional AS name",
        "write FROM image[:tag] [AS name]");
  }

  private RunInstruction run() throws ContainerfileException {
    Flags f = flags(Flags.spec("mount", REPEATED, "network", STRING, "security", STRING));
    if (node.args().isEmpty()) {
      throw new ContainerfileException(loc, "RUN needs a command", "write RUN <command>");
    }
    List<Mount> mounts = new ArrayList<>();
    for (String spec : f.all("mount")) {
      try {
        mounts.add(MountParser.parse(spec, WordExpander.identity(), true));
      } catch (ExpansionException e) {
        throw new ContainerfileException(loc, "invalid --mount: " + e.getMessage());
      }
    }
    RunInstruction.NetworkMode network =
        enumFlag(
            f, "network", RunInstruction.NetworkMode.class, RunInstruction.NetworkMode.DEFAULT);
    RunInstruction.SecurityMode security =
        enumFlag(
            f, "security", RunInstruction.SecurityMode.class, RunInstruction.SecurityMode.SANDBOX);
    return new RunInstruction(
        loc,
        node.original(),
        command(false),
        mounts,
        f.all("mount"),
        network,
        security,
        node.heredocs());
  }

  private <E extends Enum<E>> E enumFlag(Flags f, String name, Class<E> type, E dflt)
      throws ContainerfileException {
    Optional<String> v = f.string(name);
    if (v.isEmpty()) {
      return dflt;
    }
    try {
      return Enum.valueOf(type, v.get().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      List<String> names = new ArrayList<>();
      for (E c : type.getEnumConstants()) {
        names.add(c.name().toLowerCase(Locale.ROOT));
      }
      throw new ContainerfileException(
          loc, "unsupported --" + name + "=" + v.get(), "use one of " + String.join(", ", names));
    }
  }

  /** Shell or exec form; {@code emptyAllowed} lets {@code ENTRYPOINT []} reset. */
  private CommandLine command(boolean emptyAllowed) throws ContainerfileException {
    if (!node.keyword().equals("RUN")) {
      noFlags();
    }
    String args = node.args();
    Optional<List<String>> json = maybeJson(args);
    if (json.isPresent()) {
      if (json.get().isEmpty() && !emptyAllowed && !node.keyword().equals("CMD")) {
        throw new ContainerfileException(loc, node.keyword() + " needs a command");
      }
      return new CommandLine.Exec(json.get());
    }
    if (args.isEmpty()) {
      throw new ContainerfileException(
          loc, node.keyword() + " needs a command", "write " + node.keyword() + " <command>");
    }
    return new CommandLine.Shell(args);
  }

  /**
   * The JSON string array if {@code args} is one; a malformed array falls back to shell form (as
   * Docker does) with a warning; an array of non-strings is an error.
   */
  private Optional<List<String>> maybeJson(String args) throws ContainerfileException {
    if (!args.startsWith("[")) {
      return Optional.empty();
    }
    JsonNode tree;
    try {
      tree = JsonTrees.parse(args, JsonTrees.Option.NO_TRAILING_CONTENT);
    } catch (IOException e) {
      warnings.add(
          loc
              + ": "
              + node.keyword()
              + " arguments start with '[' but are not a JSON array; treating them as shell form"
              + " (use double quotes inside [\"...\"] for exec form)");
      return Optional.empty();
    }
    List<String> out = new ArrayList<>();
    for (JsonNode element : tree) {
      if (!element.isTextual()) {
        throw new ContainerfileException(
            loc,
            "JSON arrays in " + node.keyword() + " must hold only strings, found " + element,
            "quote every element: [\"a\", \"b\"]");
      }
      out.add(element.textValue());
    }
    return Optional.of(out);
  }

  private List<String> jsonOrWords(String args) throws ContainerfileException {
    return maybeJson(args).orElseGet(() -> split(args));
  }

  private List<KeyValue> nameValues(String keyword) throws ContainerfileException {
    noFlags();
    List<String> words = RawWords.split(node.args(), escape);
    if (words.isEmpty()) {
      throw new ContainerfileException(
          loc, keyword + " needs at least one key=value", "write " + keyword + " key=value");
    }
    if (!words.getFirst().contains("=")) {
      String[] parts = WHITESPACE.split(node.args(), 2);
      if (parts.length < 2) {
        throw new ContainerfileException(
            loc,
            keyword + " " + parts[0] + " has no value",
            "write " + keyword + " " + parts[0] + "=<value>");
      }
      warnings.add(
          loc + ": legacy '" + keyword + " key value' form; prefer '" + keyword + " key=value'");
      return List.of(new KeyValue(parts[0], parts[1]));
    }
    List<KeyValue> out = new ArrayList<>();
    for (String w : words) {
      int eq = w.indexOf('=');
      if (eq < 0) {
        throw new ContainerfileException(
            loc,
            "can't find = in '" + w + "'; " + keyword + " wants name=value pairs",
            "quote values with spaces: " + keyword + " key=\"a b\"");
      }
      if (eq == 0) {
        throw new ContainerfileException(loc, keyword + " name missing before = in '" + w + "'");
      }
      out.add(new KeyValue(w.substring(0, eq), w.substring(eq + 1)));
    }
    return out;
  }

  private String text(String what) throws ContainerfileException {
    noFlags();
    if (node.args().isEmpty()) {
      throw new ContainerfileException(
          loc,
          node.keyword() + " needs " + what,
          "write " + node.keyword() + " <" + what.substring(what.indexOf(' ') + 1) + ">");
    }
    return node.args();
  }

  private List<String> words(String what) throws ContainerfileException {
    noFlags();
    List<String> w = split(node.args());
    if (w.isEmpty()) {
      throw new ContainerfileException(loc, node.keyword() + " needs at least " + what);
    }
    return w;
  }

  private VolumeInstruction volume() throws ContainerfileException {
    noFlags();
    List<String> paths = jsonOrWords(node.args());
    if (paths.isEmpty()) {
      throw new ContainerfileException(loc, "VOLUME needs at least one path");
    }
    for (String p : paths) {
      if (p.isBlank()) {
        throw new ContainerfileException(loc, "VOLUME paths must not be empty strings");
      }
    }
    return new VolumeInstruction(loc, node.original(), paths);
  }

  private record Sources(List<String> paths, List<InlineSource> inline, String destination) {}

  private Sources sources() throws ContainerfileException {
    List<String> words = jsonOrWords(node.args());
    if (words.size() < 2) {
      throw new ContainerfileException(
          loc,
          node.keyword() + " needs at least one source and a destination",
          "write " + node.keyword() + " <src>... <dest>");
    }
    List<Heredoc> pending = new ArrayList<>(node.heredocs());
    List<String> paths = new ArrayList<>();
    List<InlineSource> inline = new ArrayList<>();
    for (String w : words.subList(0, words.size() - 1)) {
      Matcher m = HEREDOC_SOURCE.matcher(w);
      if (m.matches() && !pending.isEmpty()) {
        Heredoc h = pending.removeFirst();
        inline.add(new InlineSource(h.name(), h.content(), h.expand()));
      } else {
        paths.add(w);
      }
    }
    String dest = words.getLast();
    if (HEREDOC_SOURCE.matcher(dest).matches() && !node.heredocs().isEmpty()) {
      throw new ContainerfileException(
          loc, node.keyword() + " cannot take a heredoc as its destination");
    }
    return new Sources(paths, inline, dest);
  }

  private CopyInstruction copy() throws ContainerfileException {
    Flags f =
        flags(
            Flags.spec(
                "from", STRING, "chown", STRING, "chmod", STRING, "link", BOOL, "parents", BOOL,
                "exclude", REPEATED));
    Sources s = sources();
    checkChmod(f);
    return new CopyInstruction(
        loc,
        node.original(),
        s.paths(),
        s.destination(),
        s.inline(),
        f.string("from"),
        f.string("chown"),
        f.string("chmod"),
        f.bool("link"),
        f.bool("parents"),
        f.all("exclude"));
  }

  private AddInstruction add() throws ContainerfileException {
    Flags f =
        flags(
            Flags.spec(
                "chown",
                STRING,
                "chmod",
                STRING,
                "link",
                BOOL,
                "keep-git-dir",
                BOOL,
                "checksum",
                STRING,
                "exclude",
                REPEATED));
    Sources s = sources();
    checkChmod(f);
    if (f.string("checksum").isPresent()) {
      for (String src : s.paths()) {
        if (!AddInstruction.isRemote(src)) {
          throw new ContainerfileException(
              loc,
              "ADD --checksum only applies to URL or git sources, not '" + src + "'",
              "drop --checksum or fetch the file by URL");
        }
      }
    }
    return new AddInstruction(
        loc,
        node.original(),
        s.paths(),
        s.destination(),
        s.inline(),
        f.string("chown"),
        f.string("chmod"),
        f.bool("link"),
        f.bool("keep-git-dir"),
        f.string("checksum"),
        f.all("exclude"));
  }

  private void checkChmod(Flags f) throws ContainerfileException {
    Optional<String> mode = f.string("chmod");
    if (mode.isPresent() && !mode.get().contains("$") && !FileMode.isValid(mode.get())) {
      throw new ContainerfileException(loc, FileMode.describeInvalid(mode.get()));
    }
  }

  private ArgInstruction arg() throws ContainerfileException {
    noFlags();
    List<String> words = RawWords.split(node.args(), escape);
    if (words.isEmpty()) {
      throw new ContainerfileException(
          loc, "ARG needs a name", "write ARG name or ARG name=default");
    }
    List<ArgInstruction.Declaration> decls = new ArrayList<>();
    for (String w : words) {
      int eq = w.indexOf('=');
      String name = eq < 0 ? w : w.substring(0, eq);
      if (name.isEmpty()) {
        throw new ContainerfileException(loc, "ARG name missing before = in '" + w + "'");
      }
      decls.add(
          new ArgInstruction.Declaration(
              name, eq < 0 ? Optional.empty() : Optional.of(w.substring(eq + 1))));
    }
    return new ArgInstruction(loc, node.original(), decls);
  }

  private OnbuildInstruction onbuild() throws ContainerfileException {
    String trigger = node.args();
    if (trigger.isEmpty()) {
      throw new ContainerfileException(
          loc, "ONBUILD needs an instruction", "write ONBUILD <instruction>");
    }
    Node line = SyntaxParser.parseLine(trigger, loc);
    Node inner =
        new Node(
            line.keyword(),
            line.flags(),
            line.args(),
            line.original(),
            loc,
            node.endLine(),
            node.heredocs());
    checkTrigger(inner.keyword(), loc);
    Instruction parsed = new InstructionParser(inner, escape, warnings).instruction();
    // The image config stores heredoc bodies after the line, as BuildKit does.
    StringBuilder text = new StringBuilder(trigger);
    for (Heredoc h : node.heredocs()) {
      text.append('\n').append(h.content()).append(h.name());
    }
    return new OnbuildInstruction(loc, node.original(), text.toString(), parsed);
  }

  private static void checkTrigger(String keyword, Location loc) throws ContainerfileException {
    switch (keyword) {
      case "ONBUILD" ->
          throw new ContainerfileException(
              loc, "chaining ONBUILD via ONBUILD ONBUILD isn't allowed");
      case "FROM", "MAINTAINER" ->
          throw new ContainerfileException(loc, keyword + " isn't allowed as an ONBUILD trigger");
      default -> {}
    }
  }

  private HealthcheckInstruction healthcheck() throws ContainerfileException {
    Flags f =
        flags(
            Flags.spec(
                "interval",
                STRING,
                "timeout",
                STRING,
                "start-period",
                STRING,
                "start-interval",
                STRING,
                "retries",
                STRING));
    String args = node.args();
    String[] parts = WHITESPACE.split(args, 2);
    String type = parts[0].toUpperCase(Locale.ROOT);
    if (type.equals("NONE")) {
      if (parts.length > 1 || !node.flags().isEmpty()) {
        throw new ContainerfileException(loc, "HEALTHCHECK NONE takes no other arguments or flags");
      }
      return new HealthcheckInstruction(
          loc,
          node.original(),
          List.of("NONE"),
          Duration.ZERO,
          Duration.ZERO,
          Duration.ZERO,
          Duration.ZERO,
          0);
    }
    if (!type.equals("CMD") || parts.length < 2 || parts[1].isBlank()) {
      throw new ContainerfileException(
          loc,
          "HEALTHCHECK wants NONE or CMD <command>",
          "write HEALTHCHECK [--interval=30s] CMD <command>");
    }
    List<String> test = new ArrayList<>();
    Optional<List<String>> json = maybeJson(parts[1].strip());
    if (json.isPresent()) {
      if (json.get().isEmpty()) {
        throw new ContainerfileException(loc, "HEALTHCHECK CMD needs a command");
      }
      test.add("CMD");
      test.addAll(json.get());
    } else {
      test.add("CMD-SHELL");
      test.add(parts[1].strip());
    }
    int retries = 0;
    if (f.string("retries").isPresent()) {
      try {
        retries = Integer.parseInt(f.string("retries").get());
      } catch (NumberFormatException e) {
        retries = -1;
      }
      if (retries < 0) {
        throw new ContainerfileException(
            loc,
            "--retries must be a non-negative number, not '" + f.string("retries").get() + "'");
      }
    }
    return new HealthcheckInstruction(
        loc,
        node.original(),
        test,
        duration(f, "interval"),
        duration(f, "timeout"),
        duration(f, "start-period"),
        duration(f, "start-interval"),
        retries);
  }

  private Duration duration(Flags f, String name) throws ContainerfileException {
    Optional<String> v = f.string(name);
    if (v.isEmpty()) {
      return Duration.ZERO;
    }
    Duration d;
    try {
      d = GoDuration.parse(v.get());
    } catch (IllegalArgumentException e) {
      throw new ContainerfileException(
          loc,
          "--" + name + "=" + v.get() + " is not a duration",
          "write e.g. 30s, 1m30s or 500ms");
    }
    if (d.isNegative()) {
      throw new ContainerfileException(loc, "--" + name + " cannot be negative");
    }
    if (!d.isZero() && d.compareTo(Duration.ofMillis(1)) < 0) {
      throw new ContainerfileException(loc, "--" + name + " cannot be less than 1ms");
    }
    return d;
  }

  private ShellInstruction shell() throws ContainerfileException {
    noFlags();
    Optional<List<String>> json = Optional.empty();
    if (node.args().startsWith("[")) {
      try {
        JsonNode tree = JsonTrees.parse(node.args(), JsonTrees.Option.NO_TRAILING_CONTENT);
        List<String> out = new ArrayList<>();
        boolean strings = tree.isArray();
        for (JsonNode e : tree) {
          strings &= e.isTextual();
          out.add(e.asText());
        }
        json = strings ? Optional.of(out) : Optional.empty();
      } catch (IOException e) {
        json = Optional.empty();
      }
    }
    if (json.isEmpty() || json.get().isEmpty()) {
      throw new ContainerfileException(
          loc,
          "SHELL requires a non-empty JSON array of strings",
          "write SHELL [\"/bin/bash\", \"-c\"]");
    }
    return new ShellInstruction(loc, node.original(), json.get());
  }

  private static List<String> split(String args) {
    String t = args.strip();
    return t.isEmpty() ? List.of() : List.of(WHITESPACE.split(t));
  }

  private static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
