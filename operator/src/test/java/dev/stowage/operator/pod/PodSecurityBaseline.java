package dev.stowage.operator.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SELinuxOptions;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.WindowsSecurityContextOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Pod Security Standards "baseline" level written out as code, one method per control of
 * https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline.
 */
public final class PodSecurityBaseline {

  /** One failed control: its name and the field at fault. */
  public record Finding(String control, String field) {}

  static final Set<String> ALLOWED_CAPABILITIES =
      Set.of(
          "AUDIT_WRITE",
          "CHOWN",
          "DAC_OVERRIDE",
          "FOWNER",
          "FSETID",
          "KILL",
          "MKNOD",
          "NET_BIND_SERVICE",
          "SETFCAP",
          "SETGID",
          "SETPCAP",
          "SETUID",
          "SYS_CHROOT");

  static final Set<String> SAFE_SYSCTLS =
      Set.of(
          "kernel.shm_rmid_forced",
          "net.ipv4.ip_local_port_range",
          "net.ipv4.ip_unprivileged_port_start",
          "net.ipv4.tcp_syncookies",
          "net.ipv4.ping_group_range",
          "net.ipv4.ip_local_reserved_ports",
          "net.ipv4.tcp_keepalive_time",
          "net.ipv4.tcp_fin_timeout",
          "net.ipv4.tcp_keepalive_intvl",
          "net.ipv4.tcp_keepalive_probes");

  static final Set<String> SELINUX_TYPES =
      Set.of("", "container_t", "container_init_t", "container_kvm_t", "container_engine_t");

  private PodSecurityBaseline() {}

  /** Every baseline finding of {@code pod}; empty when it passes. */
  public static List<Finding> check(Pod pod) {
    List<Finding> findings = new ArrayList<>();
    PodSpec spec = pod.getSpec();
    List<Named> containers = containers(spec);
    hostProcess(spec, containers, findings);
    hostNamespaces(spec, findings);
    privileged(containers, findings);
    capabilities(containers, findings);
    hostPathVolumes(spec, findings);
    hostPorts(containers, findings);
    appArmor(pod, spec, containers, findings);
    seLinux(spec, containers, findings);
    procMount(containers, findings);
    seccomp(spec, containers, findings);
    sysctls(spec, findings);
    return findings;
  }

  private record Named(String path, Container container) {
    SecurityContext security() {
      return container.getSecurityContext();
    }
  }

  private static List<Named> containers(PodSpec spec) {
    List<Named> all = new ArrayList<>();
    List<Container> init = spec.getInitContainers() == null ? List.of() : spec.getInitContainers();
    for (int i = 0; i < init.size(); i++) {
      all.add(new Named("spec.initContainers[" + i + "]", init.get(i)));
    }
    for (int i = 0; i < spec.getContainers().size(); i++) {
      all.add(new Named("spec.containers[" + i + "]", spec.getContainers().get(i)));
    }
    // Ephemeral containers are never created by the operator; ensure none sneak in.
    if (spec.getEphemeralContainers() != null && !spec.getEphemeralContainers().isEmpty()) {
      throw new IllegalArgumentException("builder pods have no ephemeral containers");
    }
    return all;
  }

  private static void hostProcess(PodSpec spec, List<Named> containers, List<Finding> out) {
    PodSecurityContext pod = spec.getSecurityContext();
    if (pod != null && isHostProcess(pod.getWindowsOptions())) {
      out.add(new Finding("HostProcess", "spec.securityContext.windowsOptions.hostProcess"));
    }
    for (Named c : containers) {
      if (c.security() != null && isHostProcess(c.security().getWindowsOptions())) {
        out.add(new Finding("HostProcess", c.path() + ".securityContext.windowsOptions"));
      }
    }
  }

  private static boolean isHostProcess(WindowsSecurityContextOptions options) {
    return options != null && Boolean.TRUE.equals(options.getHostProcess());
  }

  private static void hostNamespaces(PodSpec spec, List<Finding> out) {
    if (Boolean.TRUE.equals(spec.getHostNetwork())) {
      out.add(new Finding("Host Namespaces", "spec.hostNetwork"));
    }
    if (Boolean.TRUE.equals(spec.getHostPID())) {
      out.add(new Finding("Host Namespaces", "spec.hostPID"));
    }
    if (Boolean.TRUE.equals(spec.getHostIPC())) {
      out.add(new Finding("Host Namespaces", "spec.hostIPC"));
    }
  }

  private static void privileged(List<Named> containers, List<Finding> out) {
    for (Named c : containers) {
      if (c.security() != null && Boolean.TRUE.equals(c.security().getPrivileged())) {
        out.add(new Finding("Privileged Containers", c.path() + ".securityContext.privileged"));
      }
    }
  }

  private static void capabilities(List<Named> containers, List<Finding> out) {
    for (Named c : containers) {
      if (c.security() == null || c.security().getCapabilities() == null) {
        continue;
      }
      List<String> add = c.security().getCapabilities().getAdd();
      for (String cap : add == null ? List.<String>of() : add) {
        if (!ALLOWED_CAPABILITIES.contains(cap)) {
          out.add(new Finding("Capabilities", c.path() + ".securityContext.capabilities.add"));
        }
      }
    }
  }

  private static void hostPathVolumes(PodSpec spec, List<Finding> out) {
    List<Volume> volumes = spec.getVolumes() == null ? List.of() : spec.getVolumes();
    for (int i = 0; i < volumes.size(); i++) {
      if (volumes.get(i).getHostPath() != null) {
        out.add(new Finding("HostPath Volumes", "spec.volumes[" + i + "].hostPath"));
      }
    }
  }

  private static void hostPorts(List<Named> containers, List<Finding> out) {
    for (Named c : containers) {
      List<ContainerPort> ports = c.container().getPorts();
      for (ContainerPort port : ports == null ? List.<ContainerPort>of() : ports) {
        if (port.getHostPort() != null && port.getHostPort() != 0) {
          out.add(new Finding("Host Ports", c.path() + ".ports.hostPort"));
        }
      }
    }
  }

  private static void appArmor(Pod pod, PodSpec spec, List<Named> containers, List<Finding> out) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    if (annotations != null) {
      annotations.forEach(
          (key, value) -> {
            if (key.startsWith("container.apparmor.security.beta.kubernetes.io/")
                && !value.equals("runtime/default")
                && !value.startsWith("localhost/")) {
              out.add(new Finding("AppArmor", "metadata.annotations[" + key + "]"));
            }
          });
    }
    if (spec.getSecurityContext() != null
        && spec.getSecurityContext().getAppArmorProfile() != null
        && !allowedProfileType(spec.getSecurityContext().getAppArmorProfile().getType())) {
      out.add(new Finding("AppArmor", "spec.securityContext.appArmorProfile.type"));
    }
    for (Named c : containers) {
      if (c.security() != null
          && c.security().getAppArmorProfile() != null
          && !allowedProfileType(c.security().getAppArmorProfile().getType())) {
        out.add(new Finding("AppArmor", c.path() + ".securityContext.appArmorProfile.type"));
      }
    }
  }

  private static boolean allowedProfileType(String type) {
    return type == null || type.equals("RuntimeDefault") || type.equals("Localhost");
  }

  private static void seLinux(PodSpec spec, List<Named> containers, List<Finding> out) {
    if (spec.getSecurityContext() != null
        && !allowedSeLinux(spec.getSecurityContext().getSeLinuxOptions())) {
      out.add(new Finding("SELinux", "spec.securityContext.seLinuxOptions"));
    }
    for (Named c : containers) {
      if (c.security() != null && !allowedSeLinux(c.security().getSeLinuxOptions())) {
        out.add(new Finding("SELinux", c.path() + ".securityContext.seLinuxOptions"));
      }
    }
  }

  private static boolean allowedSeLinux(SELinuxOptions options) {
    if (options == null) {
      return true;
    }
    boolean type = options.getType() == null || SELINUX_TYPES.contains(options.getType());
    boolean user = options.getUser() == null || options.getUser().isEmpty();
    boolean role = options.getRole() == null || options.getRole().isEmpty();
    return type && user && role;
  }

  private static void procMount(List<Named> containers, List<Finding> out) {
    for (Named c : containers) {
      if (c.security() != null
          && c.security().getProcMount() != null
          && !c.security().getProcMount().equals("Default")) {
        out.add(new Finding("/proc Mount Type", c.path() + ".securityContext.procMount"));
      }
    }
  }

  private static void seccomp(PodSpec spec, List<Named> containers, List<Finding> out) {
    if (spec.getSecurityContext() != null
        && unconfined(spec.getSecurityContext().getSeccompProfile())) {
      out.add(new Finding("Seccomp", "spec.securityContext.seccompProfile.type"));
    }
    for (Named c : containers) {
      if (c.security() != null && unconfined(c.security().getSeccompProfile())) {
        out.add(new Finding("Seccomp", c.path() + ".securityContext.seccompProfile.type"));
      }
    }
  }

  private static boolean unconfined(SeccompProfile profile) {
    return profile != null && "Unconfined".equals(profile.getType());
  }

  private static void sysctls(PodSpec spec, List<Finding> out) {
    if (spec.getSecurityContext() == null || spec.getSecurityContext().getSysctls() == null) {
      return;
    }
    for (Sysctl sysctl : spec.getSecurityContext().getSysctls()) {
      if (!SAFE_SYSCTLS.contains(sysctl.getName())) {
        out.add(new Finding("Sysctls", "spec.securityContext.sysctls[" + sysctl.getName() + "]"));
      }
    }
  }
}
