package dev.stowage.engine.containerfile.plan;

import dev.stowage.engine.containerfile.ContainerfileException;
import dev.stowage.engine.containerfile.instruction.ArgInstruction;
import dev.stowage.engine.containerfile.instruction.EnvInstruction;
import dev.stowage.engine.containerfile.instruction.Instruction;
import dev.stowage.engine.containerfile.instruction.KeyValue;
import dev.stowage.engine.containerfile.shell.ExpansionException;
import dev.stowage.engine.containerfile.shell.ShellLexer;
import dev.stowage.engine.containerfile.shell.Variables;
import dev.stowage.engine.containerfile.shell.WordExpander;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The variables of one stage while it is dispatched: the image environment (base image env plus
 * ENV) and the ARGs declared so far. ENV wins over ARG of the same name. Not thread-safe: one scope
 * per stage, used in instruction order.
 */
public final class StageScope {

  private final char escape;
  private final Map<String, String> buildArgs;
  private final Map<String, String> globalArgs;
  private final Map<String, String> env;
  private final Map<String, String> args = new LinkedHashMap<>();

  StageScope(
      char escape,
      Map<String, String> buildArgs,
      Map<String, String> globalArgs,
      Map<String, String> baseEnv) {
    this.escape = escape;
    this.buildArgs = buildArgs;
    this.globalArgs = globalArgs;
    this.env = new LinkedHashMap<>(baseEnv);
  }

  /**
   * Expands an instruction for execution and records what ARG and ENV declare. ARG returns with
   * each default replaced by the value in effect (empty when unset).
   */
  public Instruction dispatch(Instruction instruction) throws ContainerfileException {
    try {
      // instanceof, not a pattern switch: every build runs this, and the first pattern switch
      // of a JVM costs tens of milliseconds to bootstrap (a class is generated for it)
      if (instruction instanceof ArgInstruction arg) {
        return declare(arg);
      }
      if (instruction instanceof EnvInstruction e) {
        EnvInstruction expanded = e.expand(expander());
        for (KeyValue kv : expanded.variables()) {
          env.put(kv.key(), kv.value());
        }
        return expanded;
      }
      return instruction.expand(expander());
    } catch (ExpansionException e) {
      throw new ContainerfileException(instruction.location(), e.getMessage());
    }
  }

  private ArgInstruction declare(ArgInstruction arg) throws ExpansionException {
    WordExpander before = expander();
    List<ArgInstruction.Declaration> resolved = new ArrayList<>();
    for (ArgInstruction.Declaration d : arg.args()) {
      String value;
      if (buildArgs.containsKey(d.name())) {
        value = buildArgs.get(d.name());
      } else if (d.defaultValue().isPresent()) {
        value = before.word(d.defaultValue().get());
      } else {
        value = globalArgs.get(d.name());
      }
      if (value != null) {
        args.put(d.name(), value);
      } else {
        args.remove(d.name());
      }
      resolved.add(new ArgInstruction.Declaration(d.name(), Optional.ofNullable(value)));
    }
    return new ArgInstruction(arg.location(), arg.original(), resolved);
  }

  /** Expands words against the current variables. */
  public WordExpander expander() {
    return ShellLexer.expanding(escape, this::lookup);
  }

  private Optional<String> lookup(String name) {
    String v = env.get(name);
    if (v == null) {
      v = args.get(name);
    }
    if (v == null && PredefinedArgs.PROXY.contains(name)) {
      v = buildArgs.get(name);
    }
    return Optional.ofNullable(v);
  }

  /** The variables visible to expansion right now. */
  public Variables variables() {
    return this::lookup;
  }

  /** The image environment: base image env plus ENV so far (what the image config records). */
  public Map<String, String> environment() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(env));
  }

  /** Declared ARGs with a value, in declaration order. */
  public Map<String, String> declaredArgs() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(args));
  }

  /**
   * The environment a RUN step gets: image env, plus declared ARGs not shadowed by ENV, plus proxy
   * args given with {@code --build-arg}.
   */
  public Map<String, String> runEnvironment() {
    Map<String, String> m = new LinkedHashMap<>(env);
    args.forEach(m::putIfAbsent);
    for (String p : PredefinedArgs.PROXY) {
      if (buildArgs.containsKey(p)) {
        m.putIfAbsent(p, buildArgs.get(p));
      }
    }
    return Collections.unmodifiableMap(m);
  }
}
