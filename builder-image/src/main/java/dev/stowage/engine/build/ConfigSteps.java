package dev.stowage.engine.build;

import dev.stowage.engine.containerfile.instruction.ArgInstruction;
import dev.stowage.engine.containerfile.instruction.CmdInstruction;
import dev.stowage.engine.containerfile.instruction.CommandLine;
import dev.stowage.engine.containerfile.instruction.EntrypointInstruction;
import dev.stowage.engine.containerfile.instruction.EnvInstruction;
import dev.stowage.engine.containerfile.instruction.ExposeInstruction;
import dev.stowage.engine.containerfile.instruction.HealthcheckInstruction;
import dev.stowage.engine.containerfile.instruction.Instruction;
import dev.stowage.engine.containerfile.instruction.KeyValue;
import dev.stowage.engine.containerfile.instruction.LabelInstruction;
import dev.stowage.engine.containerfile.instruction.MaintainerInstruction;
import dev.stowage.engine.containerfile.instruction.OnbuildInstruction;
import dev.stowage.engine.containerfile.instruction.ShellInstruction;
import dev.stowage.engine.containerfile.instruction.StopsignalInstruction;
import dev.stowage.engine.containerfile.instruction.UserInstruction;
import dev.stowage.engine.containerfile.instruction.VolumeInstruction;
import dev.stowage.engine.containerfile.instruction.WorkdirInstruction;
import dev.stowage.engine.image.ContainerConfig;
import dev.stowage.engine.image.Healthcheck;
import dev.stowage.engine.image.ImageConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The instructions that only change the image config (ENV, LABEL, EXPOSE, USER, WORKDIR, CMD,
 * ENTRYPOINT, VOLUME, STOPSIGNAL, HEALTHCHECK, SHELL, ONBUILD, MAINTAINER, and ARG, which only
 * leaves a history entry), applied as buildah does.
 */
final class ConfigSteps {

  private ConfigSteps() {}

  /** Whether {@code i} only changes the config. */
  static boolean isConfigOnly(Instruction i) {
    return switch (i) {
      case EnvInstruction e -> true;
      case LabelInstruction l -> true;
      case ExposeInstruction e -> true;
      case UserInstruction u -> true;
      case WorkdirInstruction w -> true;
      case CmdInstruction c -> true;
      case EntrypointInstruction e -> true;
      case VolumeInstruction v -> true;
      case StopsignalInstruction s -> true;
      case HealthcheckInstruction h -> true;
      case ShellInstruction s -> true;
      case OnbuildInstruction o -> true;
      case MaintainerInstruction m -> true;
      case ArgInstruction a -> true;
      default -> false;
    };
  }

  /**
   * The config after an expanded config-only instruction.
   *
   * @param cmdSetInStage whether CMD was set earlier in this stage (ENTRYPOINT clears an inherited
   *     CMD, as Docker does)
   */
  static ImageConfig apply(ImageConfig image, Instruction i, boolean cmdSetInStage) {
    ContainerConfig c = image.config();
    List<String> shell = c.shell() == null ? CommandLine.DEFAULT_SHELL : c.shell();
    ContainerConfig next =
        switch (i) {
          case EnvInstruction e -> {
            // as buildah: a redefined variable moves to the end
            List<String> env = new ArrayList<>(c.env());
            for (KeyValue kv : e.variables()) {
              env.removeIf(v -> v.startsWith(kv.key() + "="));
              env.add(kv.key() + "=" + kv.value());
            }
            yield c.withEnv(env);
          }
          case LabelInstruction l -> {
            TreeMap<String, String> labels =
                new TreeMap<>(c.labels() == null ? java.util.Map.of() : c.labels());
            l.labels().forEach(kv -> labels.put(kv.key(), kv.value()));
            yield c.withLabels(labels);
          }
          case ExposeInstruction e -> {
            TreeSet<String> ports =
                new TreeSet<>(c.exposedPorts() == null ? java.util.Set.of() : c.exposedPorts());
            for (String p : e.ports()) {
              ports.add(p.contains("/") ? p : p + "/tcp");
            }
            yield c.withExposedPorts(ports);
          }
          case UserInstruction u -> c.withUser(u.user());
          case WorkdirInstruction w -> c.withWorkingDir(workdir(c.workingDir(), w.path()));
          case CmdInstruction cmd -> c.withCmd(cmd.command().argv(shell));
          case EntrypointInstruction ep -> {
            ContainerConfig out = c.withEntrypoint(ep.command().argv(shell));
            // an inherited CMD is cleared: buildah records it as an empty list
            yield cmdSetInStage ? out : out.withCmd(List.of());
          }
          case VolumeInstruction v -> {
            TreeSet<String> vols =
                new TreeSet<>(c.volumes() == null ? java.util.Set.of() : c.volumes());
            vols.addAll(v.paths());
            yield c.withVolumes(vols);
          }
          case StopsignalInstruction s -> c.withStopSignal(s.signal());
          case HealthcheckInstruction h -> c.withHealthcheck(healthcheck(h));
          case ShellInstruction s -> c.withShell(s.shell());
          case OnbuildInstruction o -> {
            List<String> triggers = new ArrayList<>(c.onBuild());
            triggers.add(o.triggerText());
            yield c.withOnBuild(triggers);
          }
          case MaintainerInstruction m -> c;
          case ArgInstruction a -> c;
          default -> throw new IllegalArgumentException(i.keyword() + " is not config-only");
        };
    ImageConfig out = image.withConfig(next);
    if (i instanceof MaintainerInstruction m) {
      out = out.withAuthor(m.maintainer());
    }
    return out;
  }

  /** WORKDIR {@code path} after {@code current}: relative paths continue from it. */
  static String workdir(String current, String path) {
    String base = current == null || current.isEmpty() ? "/" : current;
    return CopyDestination.clean(path.startsWith("/") ? path : base + "/" + path);
  }

  private static Healthcheck healthcheck(HealthcheckInstruction h) {
    if (h.disabled()) {
      return new Healthcheck(List.of("NONE"), null, null, null, null, null, null);
    }
    return new Healthcheck(
        h.test(),
        nonZero(h.interval()).orElse(null),
        nonZero(h.timeout()).orElse(null),
        nonZero(h.startPeriod()).orElse(null),
        nonZero(h.startInterval()).orElse(null),
        h.retries() == 0 ? null : h.retries(),
        null);
  }

  private static Optional<Duration> nonZero(Duration d) {
    return d == null || d.isZero() ? Optional.empty() : Optional.of(d);
  }
}
