package dev.stowage.engine.image;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The execution defaults of an image ({@code config} in the image config JSON). {@code entrypoint},
 * {@code cmd} and {@code shell} are null when unset, which differs from empty: {@code CMD []}
 * clears an inherited command. Other absent members are empty or null.
 */
public record ContainerConfig(
    String user,
    Set<String> exposedPorts,
    List<String> env,
    List<String> entrypoint,
    List<String> cmd,
    Set<String> volumes,
    String workingDir,
    SortedMap<String, String> labels,
    String stopSignal,
    Boolean argsEscaped,
    Healthcheck healthcheck,
    List<String> shell,
    List<String> onBuild,
    UnknownFields unknown) {

  /** No defaults at all. */
  public static final ContainerConfig EMPTY =
      new ContainerConfig(
          null, null, null, null, null, null, null, null, null, null, null, null, null, null);

  private static final Set<String> KNOWN =
      Set.of(
          "User",
          "ExposedPorts",
          "Env",
          "Entrypoint",
          "Cmd",
          "Volumes",
          "WorkingDir",
          "Labels",
          "StopSignal",
          "ArgsEscaped",
          "Healthcheck",
          "Shell",
          "OnBuild");

  public ContainerConfig {
    exposedPorts = JsonFields.sortedSet(exposedPorts);
    env = env == null ? List.of() : List.copyOf(env);
    entrypoint = JsonFields.copyOrNull(entrypoint);
    cmd = JsonFields.copyOrNull(cmd);
    volumes = JsonFields.sortedSet(volumes);
    labels = JsonFields.sortedCopy(labels);
    shell = JsonFields.copyOrNull(shell);
    onBuild = onBuild == null ? List.of() : List.copyOf(onBuild);
    unknown = unknown == null ? UnknownFields.NONE : unknown;
    for (String e : env) {
      if (e.indexOf('=') <= 0) {
        throw new ImageFormatException("environment entry must be NAME=value: '" + e + "'");
      }
    }
  }

  /** The value of environment variable {@code name}, or null. */
  public String envValue(String name) {
    String prefix = name + "=";
    for (int i = env.size() - 1; i >= 0; i--) {
      if (env.get(i).startsWith(prefix)) {
        return env.get(i).substring(prefix.length());
      }
    }
    return null;
  }

  /** A copy with {@code name=value} set, replacing an earlier value in place. */
  public ContainerConfig withEnv(String name, String value) {
    List<String> next = new ArrayList<>(env.size() + 1);
    boolean replaced = false;
    for (String e : env) {
      if (e.startsWith(name + "=")) {
        if (!replaced) {
          next.add(name + "=" + value);
          replaced = true;
        }
      } else {
        next.add(e);
      }
    }
    if (!replaced) {
      next.add(name + "=" + value);
    }
    return withEnv(next);
  }

  public ContainerConfig withEnv(List<String> newEnv) {
    return new ContainerConfig(
        user,
        exposedPorts,
        newEnv,
        entrypoint,
        cmd,
        volumes,
        workingDir,
        labels,
        stopSignal,
        argsEscaped,
        healthcheck,
        shell,
        onBuild,
        unknown);
  }

  public ContainerConfig withUser(String newUser) {
    return new ContainerConfig(
        newUser,
        exposedPorts,
        env,
        entrypoint,
        cmd,
        volumes,
        workingDir,
        labels,
        stopSignal,
        argsEscaped,
        healthcheck,
        shell,
        onBuild,
        unknown);
  }

  public ContainerConfig withEntrypoint(List<String> newEntrypoint) {
    return new ContainerConfig(
        user,
        exposedPorts,
        env,
        newEntrypoint,
        cmd,
        volumes,
        workingDir,
        labels,
        stopSignal,
        argsEscaped,
        healthcheck,
        shell,
        onBuild,
        unknown);
  }

  public ContainerConfig withCmd(List<String> newCmd) {
    return new ContainerConfig(
        user,
        exposedPorts,
        env,
        entrypoint,
        newCmd,
        volumes,
        workingDir,
        labels,
        stopSignal,
        argsEscaped,
        healthcheck,
        shell,
        onBuild,
        unknown);
  }

  public ContainerConfig withWorkingDir(String newWorkingDir) {
    return new ContainerConfig(
        user,
        exposedPorts,
        env,
        entrypoint,
        cmd,
        volumes,
        newWorkingDir,
        labels,
        stopSignal,
        argsEscaped,
        healthcheck,
        shell,
        onBuild,
        unknown);
  }

  public ContainerConfig withLabels(Map<String, String> newLabels) {
    return new ContainerConfig(
        user,
        exposedPorts,
        env,
        entrypoint,
        cmd,
        volumes,
        workingDir,
        new TreeMap<>(newLabels),
        stopSignal,
        argsEscaped,
        healthcheck,
        shell,
        onBuild,
        unknown);
  }

  public ContainerConfig withExposedPorts(Set<String> newPorts) {
    return new ContainerConfig(
        user,
        new TreeSet<>(newPorts),
        env,
        entrypoint,
        cmd,
        volumes,
        workingDir,
        labels,
        stopSignal,
        argsEscaped,
        healthcheck,
        shell,
        onBuild,
        unknown);
  }

  public ContainerConfig withVolumes(Set<String> newVolumes) {
    return new ContainerConfig(
        user,
        exposedPorts,
        env,
        entrypoint,
        cmd,
        new TreeSet<>(newVolumes),
        workingDir,
        labels,
        stopSignal,
        argsEscaped,
        healthcheck,
        shell,
        onBuild,
        unknown);
  }

  public ContainerConfig withStopSignal(String newStopSignal) {
    return new ContainerConfig(
        user,
        exposedPorts,
        env,
        entrypoint,
        cmd,
        volumes,
        workingDir,
        labels,
        newStopSignal,
        argsEscaped,
        healthcheck,
        shell,
        onBuild,
        unknown);
  }

  public ContainerConfig withArgsEscaped(Boolean newArgsEscaped) {
    return new ContainerConfig(
        user,
        exposedPorts,
        env,
        entrypoint,
        cmd,
        volumes,
        workingDir,
        labels,
        stopSignal,
        newArgsEscaped,
        healthcheck,
        shell,
        onBuild,
        unknown);
  }

  public ContainerConfig withHealthcheck(Healthcheck newHealthcheck) {
    return new ContainerConfig(
        user,
        exposedPorts,
        env,
        entrypoint,
        cmd,
        volumes,
        workingDir,
        labels,
        stopSignal,
        argsEscaped,
        newHealthcheck,
        shell,
        onBuild,
        unknown);
  }

  public ContainerConfig withShell(List<String> newShell) {
    return new ContainerConfig(
        user,
        exposedPorts,
        env,
        entrypoint,
        cmd,
        volumes,
        workingDir,
        labels,
        stopSignal,
        argsEscaped,
        healthcheck,
        newShell,
        onBuild,
        unknown);
  }

  public ContainerConfig withOnBuild(List<String> newOnBuild) {
    return new ContainerConfig(
        user,
        exposedPorts,
        env,
        entrypoint,
        cmd,
        volumes,
        workingDir,
        labels,
        stopSignal,
        argsEscaped,
        healthcheck,
        shell,
        newOnBuild,
        unknown);
  }

  static ContainerConfig fromJson(JsonFields f) {
    JsonFields hc = f.object("Healthcheck");
    return new ContainerConfig(
        f.text("User"),
        f.keySet("ExposedPorts"),
        f.strings("Env"),
        f.strings("Entrypoint"),
        f.strings("Cmd"),
        f.keySet("Volumes"),
        f.text("WorkingDir"),
        f.stringMap("Labels"),
        f.text("StopSignal"),
        f.bool("ArgsEscaped"),
        hc == null ? null : Healthcheck.fromJson(hc),
        f.strings("Shell"),
        f.strings("OnBuild"),
        f.unknown(KNOWN));
  }

  ObjectNode toJson() {
    ObjectNode o = CanonicalJson.object();
    JsonFields.putNonEmpty(o, "User", user);
    JsonFields.putKeySet(o, "ExposedPorts", exposedPorts);
    JsonFields.putNonEmptyStrings(o, "Env", env);
    JsonFields.putStrings(o, "Entrypoint", entrypoint);
    JsonFields.putStrings(o, "Cmd", cmd);
    JsonFields.putKeySet(o, "Volumes", volumes);
    JsonFields.putNonEmpty(o, "WorkingDir", workingDir);
    JsonFields.putMap(o, "Labels", labels);
    JsonFields.putNonEmpty(o, "StopSignal", stopSignal);
    if (argsEscaped != null) {
      o.put("ArgsEscaped", argsEscaped);
    }
    if (healthcheck != null) {
      o.set("Healthcheck", healthcheck.toJson());
    }
    JsonFields.putStrings(o, "Shell", shell);
    JsonFields.putNonEmptyStrings(o, "OnBuild", onBuild);
    unknown.writeTo(o);
    return o;
  }
}
