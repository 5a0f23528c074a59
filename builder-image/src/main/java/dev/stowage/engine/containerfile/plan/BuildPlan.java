package dev.stowage.engine.containerfile.plan;

import dev.stowage.engine.containerfile.ContainerfileException;
import dev.stowage.engine.containerfile.Location;
import dev.stowage.engine.containerfile.instruction.ArgInstruction;
import dev.stowage.engine.containerfile.instruction.Containerfile;
import dev.stowage.engine.containerfile.instruction.CopyInstruction;
import dev.stowage.engine.containerfile.instruction.EnvInstruction;
import dev.stowage.engine.containerfile.instruction.FromInstruction;
import dev.stowage.engine.containerfile.instruction.Instruction;
import dev.stowage.engine.containerfile.instruction.Mount;
import dev.stowage.engine.containerfile.instruction.RunInstruction;
import dev.stowage.engine.containerfile.shell.ExpansionException;
import dev.stowage.engine.containerfile.shell.ShellLexer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The stages of a Containerfile, the target, the stages the target needs (in the order to build
 * them), the global ARGs, and warnings such as unused build args.
 */
public final class BuildPlan {

  private final Containerfile containerfile;
  private final BuildOptions options;
  private final Map<String, String> globalArgs;
  private final List<Stage> stages;
  private final Stage target;
  private final List<Stage> stagesToBuild;
  private final List<String> warnings;

  private BuildPlan(
      Containerfile containerfile,
      BuildOptions options,
      Map<String, String> globalArgs,
      List<Stage> stages,
      Stage target,
      List<Stage> stagesToBuild,
      List<String> warnings) {
    this.containerfile = containerfile;
    this.options = options;
    this.globalArgs = Collections.unmodifiableMap(globalArgs);
    this.stages = List.copyOf(stages);
    this.target = target;
    this.stagesToBuild = List.copyOf(stagesToBuild);
    this.warnings = List.copyOf(warnings);
  }

  /** Splits a parsed Containerfile into stages and selects what to build. */
  public static BuildPlan create(Containerfile file, BuildOptions options)
      throws ContainerfileException {
    return new Planner(file, options).plan();
  }

  public Containerfile containerfile() {
    return containerfile;
  }

  public BuildOptions options() {
    return options;
  }

  /** ARGs declared before the first FROM, with their values, plus the automatic platform args. */
  public Map<String, String> globalArgs() {
    return globalArgs;
  }

  /** Every stage, by index. */
  public List<Stage> stages() {
    return stages;
  }

  /** The stage whose result is the image. */
  public Stage target() {
    return target;
  }

  /** The stages the target needs, itself last, each after the stages it uses. */
  public List<Stage> stagesToBuild() {
    return stagesToBuild;
  }

  /** Parse warnings and plan warnings (unused build args), each prefixed with file:line if any. */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * Image references the build will pull: bases of the stages to build and images named by {@code
   * --from}, sorted.
   */
  public Set<String> imagesToPull() {
    Set<String> refs = new TreeSet<>();
    for (Stage s : stagesToBuild) {
      if (s.base() instanceof Base.Image image) {
        refs.add(image.reference());
      }
      refs.addAll(s.images());
    }
    return refs;
  }

  /**
   * A fresh variable scope for dispatching {@code stage}.
   *
   * @param baseEnvironment the environment of the base image or base stage ({@code K=V} split)
   */
  public StageScope newScope(Stage stage, Map<String, String> baseEnvironment) {
    return new StageScope(containerfile.escape(), options.buildArgs(), globalArgs, baseEnvironment);
  }

  /**
   * Resolves an expanded {@code --from} value (or {@code from=} of a mount) seen in {@code stage}:
   * an earlier stage by name or index, else an image.
   */
  public Base resolveFrom(Stage stage, String from, Location where) throws ContainerfileException {
    return Planner.resolve(
        stages.stream().map(Stage::name).toList(), stage.index(), from, where, "--from");
  }

  /** Builds the plan; the state of one {@link #create} call. */
  private static final class Planner {
    private final Containerfile file;
    private final BuildOptions options;
    private final List<String> warnings;
    private final Map<String, String> globalArgs = new LinkedHashMap<>();

    Planner(Containerfile file, BuildOptions options) {
      this.file = file;
      this.options = options;
      this.warnings = new ArrayList<>(file.warnings());
    }

    BuildPlan plan() throws ContainerfileException {
      globalArgs.putAll(PredefinedArgs.platformArgs(options));
      List<Stage> stages = new ArrayList<>();
      List<Instruction> body = null;
      FromInstruction from = null;
      List<FromInstruction> froms = new ArrayList<>();
      List<List<Instruction>> bodies = new ArrayList<>();
      for (Instruction i : file.instructions()) {
        if (i instanceof FromInstruction f) {
          from = f;
          body = new ArrayList<>();
          froms.add(f);
          bodies.add(body);
        } else if (from == null) {
          if (i instanceof ArgInstruction arg) {
            declareGlobal(arg);
          } else {
            throw new ContainerfileException(
                i.location(),
                i.keyword() + " comes before the first FROM",
                "only ARG may come before FROM; start the stage with FROM <image>");
          }
        } else {
          body.add(i);
        }
      }
      if (froms.isEmpty()) {
        throw ContainerfileException.general(
            file.file() + " has no FROM instruction", "start a stage with FROM <image>");
      }
      Map<String, Integer> names = new LinkedHashMap<>();
      for (int idx = 0; idx < froms.size(); idx++) {
        FromInstruction f = froms.get(idx);
        if (f.stageName().isPresent()) {
          Integer earlier = names.putIfAbsent(f.stageName().get(), idx);
          if (earlier != null) {
            throw new ContainerfileException(
                f.location(),
                "duplicate stage name '" + f.stageName().get() + "'",
                "it is already used at " + froms.get(earlier).location() + "; rename one");
          }
        }
      }
      for (int idx = 0; idx < froms.size(); idx++) {
        stages.add(stage(idx, froms.get(idx), bodies.get(idx), froms));
      }
      Stage target = target(stages);
      List<Stage> toBuild = needed(stages, target);
      warnUnused(toBuild);
      return new BuildPlan(file, options, globalArgs, stages, target, toBuild, warnings);
    }

    private void declareGlobal(ArgInstruction arg) throws ContainerfileException {
      for (ArgInstruction.Declaration d : arg.args()) {
        String value = options.buildArgs().get(d.name());
        if (value == null && d.defaultValue().isPresent()) {
          try {
            value =
                ShellLexer.expanding(file.escape(), n -> Optional.ofNullable(globalArgs.get(n)))
                    .word(d.defaultValue().get());
          } catch (ExpansionException e) {
            throw new ContainerfileException(arg.location(), e.getMessage());
          }
        }
        if (value != null) {
          globalArgs.put(d.name(), value);
        }
      }
    }

    private Stage stage(
        int idx, FromInstruction raw, List<Instruction> body, List<FromInstruction> froms)
        throws ContainerfileException {
      FromInstruction from;
      try {
        from =
            raw.expand(
                ShellLexer.expanding(file.escape(), n -> Optional.ofNullable(globalArgs.get(n))));
      } catch (ExpansionException e) {
        throw new ContainerfileException(raw.location(), e.getMessage());
      }
      if (from.image().isBlank()) {
        throw new ContainerfileException(
            raw.location(),
            "FROM " + raw.image() + " expands to an empty image name",
            "declare the ARG before the first FROM with a default, or pass --build-arg");
      }
      Base base;
      if (from.image().equalsIgnoreCase("scratch")) {
        base = new Base.Scratch();
      } else {
        base = resolveStageName(froms, idx, from.image(), raw.location(), "FROM");
      }
      Set<Integer> deps = new LinkedHashSet<>();
      Set<String> images = new LinkedHashSet<>();
      if (base instanceof Base.StageRef ref) {
        deps.add(ref.index());
      }
      List<Optional<String>> names = froms.stream().map(FromInstruction::stageName).toList();
      // Variables known without the base image: enough for --from, which rarely uses ENV.
      StageScope scope = new StageScope(file.escape(), options.buildArgs(), globalArgs, Map.of());
      for (Instruction i : body) {
        List<String> refs = new ArrayList<>();
        if (i instanceof ArgInstruction || i instanceof EnvInstruction) {
          try {
            scope.dispatch(i);
          } catch (ContainerfileException e) {
            // Reported when the stage runs, where the base image's environment is known.
          }
        } else if (i instanceof CopyInstruction c && c.from().isPresent()) {
          try {
            refs.add(scope.expander().word(c.from().get()));
          } catch (ExpansionException e) {
            throw new ContainerfileException(i.location(), e.getMessage());
          }
        } else if (i instanceof RunInstruction r && !r.mounts().isEmpty()) {
          for (Mount m : ((RunInstruction) scope.dispatch(r)).mounts()) {
            if (m instanceof Mount.Bind b && b.from().isPresent()) {
              refs.add(b.from().get());
            } else if (m instanceof Mount.Cache c && c.from().isPresent()) {
              refs.add(c.from().get());
            }
          }
        }
        for (String ref : refs) {
          Base b = resolve(names, idx, ref, i.location(), i.keyword() + " --from");
          switch (b) {
            case Base.StageRef s -> deps.add(s.index());
            case Base.Image image -> images.add(image.reference());
            case Base.Scratch s -> {}
          }
        }
      }
      return new Stage(idx, from.stageName(), from, base, platform(from), body, deps, images);
    }

    private Optional<String> platform(FromInstruction from) throws ContainerfileException {
      Optional<String> p = from.platform().filter(v -> !v.isBlank());
      if (p.isEmpty()) {
        return p;
      }
      Platform parsed;
      try {
        parsed = Platform.parse(p.get());
      } catch (IllegalArgumentException e) {
        throw new ContainerfileException(
            from.location(), e.getMessage(), "write --platform=linux/amd64 or $BUILDPLATFORM");
      }
      if (!parsed.equals(options.targetPlatform()) && !parsed.equals(options.buildPlatform())) {
        warnings.add(
            from.location()
                + ": stage asks for platform "
                + parsed
                + " but this build runs "
                + options.targetPlatform()
                + "; RUN steps of that stage need an emulator");
      }
      return Optional.of(parsed.toString());
    }

    private static Base resolveStageName(
        List<FromInstruction> froms, int current, String image, Location where, String what)
        throws ContainerfileException {
      String lower = image.toLowerCase(Locale.ROOT);
      for (int i = 0; i < froms.size(); i++) {
        if (froms.get(i).stageName().map(lower::equals).orElse(false)) {
          if (i >= current) {
            throw new ContainerfileException(
                where,
                what
                    + " "
                    + image
                    + " refers to stage '"
                    + lower
                    + "' "
                    + (i == current ? "itself" : "defined later at " + froms.get(i).location()),
                "a stage can only use stages defined before it");
          }
          return new Base.StageRef(i);
        }
      }
      return new Base.Image(image);
    }

    static Base resolve(
        List<Optional<String>> names, int current, String from, Location where, String what)
        throws ContainerfileException {
      if (from.isBlank()) {
        throw new ContainerfileException(where, what + " is empty");
      }
      String lower = from.toLowerCase(Locale.ROOT);
      for (int i = 0; i < names.size(); i++) {
        if (names.get(i).map(lower::equals).orElse(false)) {
          if (i >= current) {
            throw new ContainerfileException(
                where,
                what
                    + "="
                    + from
                    + " refers to "
                    + (i == current ? "its own stage" : "a later stage"),
                "a stage can only use stages defined before it");
          }
          return new Base.StageRef(i);
        }
      }
      if (from.chars().allMatch(Character::isDigit) && from.length() < 9) {
        int idx = Integer.parseInt(from);
        if (idx >= current) {
          throw new ContainerfileException(
              where,
              what + "=" + from + " refers to stage " + idx + ", which is not before this one",
              "stages are numbered from 0 in order; use an earlier stage");
        }
        return new Base.StageRef(idx);
      }
      return new Base.Image(from);
    }

    private Stage target(List<Stage> stages) throws ContainerfileException {
      if (options.target().isEmpty()) {
        return stages.getLast();
      }
      String wanted = options.target().get().toLowerCase(Locale.ROOT);
      for (Stage s : stages) {
        if (s.name().map(wanted::equals).orElse(false)) {
          return s;
        }
      }
      List<String> named = new ArrayList<>();
      for (Stage s : stages) {
        s.name().ifPresent(named::add);
      }
      throw ContainerfileException.general(
          "target stage "
              + options.target().get()
              + " not found; stages are: "
              + (named.isEmpty() ? "(none named)" : String.join(", ", named)),
          named.isEmpty()
              ? "name a stage with FROM <image> AS <name>"
              : "pass one of these to --target");
    }

    private static List<Stage> needed(List<Stage> stages, Stage target) {
      Set<Integer> seen = new TreeSet<>();
      Deque<Integer> todo = new ArrayDeque<>();
      todo.push(target.index());
      while (!todo.isEmpty()) {
        int i = todo.pop();
        if (seen.add(i)) {
          stages.get(i).dependencies().forEach(todo::push);
        }
      }
      // References only point backwards, so index order is a dependency order.
      List<Stage> out = new ArrayList<>();
      for (int i : seen) {
        out.add(stages.get(i));
      }
      return out;
    }

    private void warnUnused(List<Stage> toBuild) {
      Set<String> used = new HashSet<>();
      for (Instruction i : file.instructions()) {
        if (i instanceof ArgInstruction arg && isGlobalOrBuilt(arg, toBuild)) {
          arg.args().forEach(d -> used.add(d.name()));
        }
      }
      List<String> unused = new ArrayList<>();
      for (String name : options.buildArgs().keySet()) {
        if (!used.contains(name) && !PredefinedArgs.isPredefined(name)) {
          unused.add(name);
        }
      }
      if (!unused.isEmpty()) {
        warnings.add(
            "build-args not consumed by any ARG of the stages built: " + String.join(", ", unused));
      }
    }

    private boolean isGlobalOrBuilt(ArgInstruction arg, List<Stage> toBuild) {
      for (Stage s : toBuild) {
        if (s.instructions().contains(arg)) {
          return true;
        }
      }
      int firstFrom = Integer.MAX_VALUE;
      for (Instruction i : file.instructions()) {
        if (i instanceof FromInstruction f) {
          firstFrom = f.location().line();
          break;
        }
      }
      return arg.location().line() < firstFrom;
    }
  }
}
