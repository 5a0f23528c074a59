package dev.stowage.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.SELinuxOptions;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.WindowsSecurityContextOptions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The Kubernetes Pod Security Standards (policy version 1.33) written out as code, one method per
 * control of kubernetes.io/docs/concepts/security/pod-security-standards: "baseline", and
 * "restricted", which is baseline plus its own controls.
 */
public final class PodSecurityStandards {

  /** The level a control belongs to; both levels have a control named "Capabilities". */
  public enum Level {
    BASELINE,
    RESTRICTED
  }

  /** One failed control: its level, its name as the standard spells it, and the field at fault. */
  public record Finding(Level level, String control, String field) {}

  private static final Set<String> BASELINE_CAPABILITIES =
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
  private static final Set<String> SAFE_SYSCTLS =
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
  private static final Set<String> SELINUX_TYPES =
      Set.of("", "container_t", "container_init_t", "container_kvm_t", "container_engine_t");
  private static final Set<String> RESTRICTED_VOLUME_TYPES =
      Set.of(
          "configMap",
          "csi",
          "downwardAPI",
          "emptyDir",
          "ephemeral",
          "persistentVolumeClaim",
          "projected",
          "secret");
  private static final String APPARMOR_ANNOTATION =
      "container.apparmor.security.beta.kubernetes.io/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ObjectMeta metadata;
  private final PodSpec spec;
  private final PodSecurityContext podSecurity;
  private final List<ContainerView> containers;
  private final List<Finding> findings = new ArrayList<>();

  private PodSecurityStandards(ObjectMeta metadata, PodSpec spec) {
    this.metadata = metadata == null ? new ObjectMeta() : metadata;
    this.spec = spec;
    this.podSecurity = spec.getSecurityContext();
    this.containers = containers(spec);
  }

  /** Every "baseline" finding of {@code pod}; empty when it passes. */
  public static List<Finding> baseline(Pod pod) {
    return new PodSecurityStandards(pod.getMetadata(), pod.getSpec()).checkBaseline().findings;
  }

  /** Every "baseline" finding of a workload's pod template; empty when it passes. */
  public static List<Finding> baseline(PodTemplateSpec template) {
    return new PodSecurityStandards(template.getMetadata(), template.getSpec())
        .checkBaseline()
        .findings;
  }

  /** Every "restricted" finding (baseline ones included) of {@code pod}; empty when it passes. */
  public static List<Finding> restricted(Pod pod) {
    return new PodSecurityStandards(pod.getMetadata(), pod.getSpec())
        .checkBaseline()
        .checkRestricted()
        .findings;
  }

  /** Every "restricted" finding (baseline ones included) of a workload's pod template. */
  public static List<Finding> restricted(PodTemplateSpec template) {
    return new PodSecurityStandards(template.getMetadata(), template.getSpec())
        .checkBaseline()
        .checkRestricted()
        .findings;
  }

  private PodSecurityStandards checkBaseline() {
    hostProcess();
    hostNamespaces();
    privilegedContainers();
    baselineCapabilities();
    hostPathVolumes();
    hostPorts();
    appArmor();
    seLinux();
    procMountType();
    baselineSeccomp();
    sysctls();
    return this;
  }

  private PodSecurityStandards checkRestricted() {
    volumeTypes();
    privilegeEscalation();
    runningAsNonRoot();
    runningAsNonRootUser();
    restrictedSeccomp();
    restrictedCapabilities();
    return this;
  }

  // --- baseline ---

  private void hostProcess() {
    if (podSecurity != null && isHostProcess(podSecurity.getWindowsOptions())) {
      baseline("HostProcess", "spec.securityContext.windowsOptions.hostProcess");
    }
    for (ContainerView c : containers) {
      if (c.security() != null && isHostProcess(c.security().getWindowsOptions())) {
        baseline("HostProcess", c.path() + ".securityContext.windowsOptions.hostProcess");
      }
    }
  }

  private void hostNamespaces() {
    if (isTrue(spec.getHostNetwork())) baseline("Host Namespaces", "spec.hostNetwork");
    if (isTrue(spec.getHostPID())) baseline("Host Namespaces", "spec.hostPID");
    if (isTrue(spec.getHostIPC())) baseline("Host Namespaces", "spec.hostIPC");
  }

  private void privilegedContainers() {
    for (ContainerView c : containers) {
      if (c.security() != null && isTrue(c.security().getPrivileged())) {
        baseline("Privileged Containers", c.path() + ".securityContext.privileged");
      }
    }
  }

  private void baselineCapabilities() {
    for (ContainerView c : containers) {
      for (String cap : added(c.capabilities())) {
        if (!BASELINE_CAPABILITIES.contains(cap)) {
          baseline("Capabilities", c.path() + ".securityContext.capabilities.add[" + cap + "]");
        }
      }
    }
  }

  private void hostPathVolumes() {
    List<Volume> volumes = volumes();
    for (int i = 0; i < volumes.size(); i++) {
      if (volumes.get(i).getHostPath() != null) {
        baseline("HostPath Volumes", "spec.volumes[" + i + "].hostPath");
      }
    }
  }

  private void hostPorts() {
    for (ContainerView c : containers) {
      for (ContainerPort port : c.ports()) {
        if (port.getHostPort() != null && port.getHostPort() != 0) {
          baseline("Host Ports", c.path() + ".ports.hostPort");
        }
      }
    }
  }

  private void appArmor() {
    Map<String, String> annotations =
        Objects.requireNonNullElse(metadata.getAnnotations(), Map.of());
    annotations.forEach(
        (key, value) -> {
          if (key.startsWith(APPARMOR_ANNOTATION)
              && !value.equals("runtime/default")
              && !value.startsWith("localhost/")) {
            baseline("AppArmor", "metadata.annotations[" + key + "]");
          }
        });
    if (podSecurity != null
        && podSecurity.getAppArmorProfile() != null
        && !allowedAppArmorType(podSecurity.getAppArmorProfile().getType())) {
      baseline("AppArmor", "spec.securityContext.appArmorProfile.type");
    }
    for (ContainerView c : containers) {
      if (c.security() != null
          && c.security().getAppArmorProfile() != null
          && !allowedAppArmorType(c.security().getAppArmorProfile().getType())) {
        baseline("AppArmor", c.path() + ".securityContext.appArmorProfile.type");
      }
    }
  }

  private void seLinux() {
    if (podSecurity != null && !allowedSeLinux(podSecurity.getSeLinuxOptions())) {
      baseline("SELinux", "spec.securityContext.seLinuxOptions");
    }
    for (ContainerView c : containers) {
      if (c.security() != null && !allowedSeLinux(c.security().getSeLinuxOptions())) {
        baseline("SELinux", c.path() + ".securityContext.seLinuxOptions");
      }
    }
  }

  private void procMountType() {
    for (ContainerView c : containers) {
      if (c.security() != null
          && c.security().getProcMount() != null
          && !c.security().getProcMount().equals("Default")) {
        baseline("/proc Mount Type", c.path() + ".securityContext.procMount");
      }
    }
  }

  private void baselineSeccomp() {
    if (podSecurity != null && unconfined(podSecurity.getSeccompProfile())) {
      baseline("Seccomp", "spec.securityContext.seccompProfile.type");
    }
    for (ContainerView c : containers) {
      if (c.security() != null && unconfined(c.security().getSeccompProfile())) {
        baseline("Seccomp", c.path() + ".securityContext.seccompProfile.type");
      }
    }
  }

  private void sysctls() {
    if (podSecurity == null) {
      return;
    }
    for (Sysctl sysctl : Objects.requireNonNullElse(podSecurity.getSysctls(), List.<Sysctl>of())) {
      if (!SAFE_SYSCTLS.contains(sysctl.getName())) {
        baseline("Sysctls", "spec.securityContext.sysctls[" + sysctl.getName() + "]");
      }
    }
  }

  // --- restricted ---

  private void volumeTypes() {
    List<Volume> volumes = volumes();
    for (int i = 0; i < volumes.size(); i++) {
      JsonNode node = JSON.valueToTree(volumes.get(i));
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String type = it.next();
        if (!type.equals("name")
            && !node.get(type).isNull()
            && !RESTRICTED_VOLUME_TYPES.contains(type)) {
          restricted("Volume Types", "spec.volumes[" + i + "]." + type);
        }
      }
    }
  }

  private void privilegeEscalation() {
    for (ContainerView c : containers) {
      if (c.security() == null
          || !Boolean.FALSE.equals(c.security().getAllowPrivilegeEscalation())) {
        restricted("Privilege Escalation", c.path() + ".securityContext.allowPrivilegeEscalation");
      }
    }
  }

  private void runningAsNonRoot() {
    boolean podNonRoot = podSecurity != null && isTrue(podSecurity.getRunAsNonRoot());
    for (ContainerView c : containers) {
      Boolean own = c.security() == null ? null : c.security().getRunAsNonRoot();
      // A container may not opt out of the pod's setting, and must set it when the pod does not.
      if (Boolean.FALSE.equals(own) || (!podNonRoot && !isTrue(own))) {
        restricted("Running as Non-root", c.path() + ".securityContext.runAsNonRoot");
      }
    }
  }

  private void runningAsNonRootUser() {
    if (podSecurity != null && isZero(podSecurity.getRunAsUser())) {
      restricted("Running as Non-root user", "spec.securityContext.runAsUser");
    }
    for (ContainerView c : containers) {
      if (c.security() != null && isZero(c.security().getRunAsUser())) {
        restricted("Running as Non-root user", c.path() + ".securityContext.runAsUser");
      }
    }
  }

  private void restrictedSeccomp() {
    boolean podConfined = podSecurity != null && confined(podSecurity.getSeccompProfile());
    for (ContainerView c : containers) {
      SeccompProfile own = c.security() == null ? null : c.security().getSeccompProfile();
      if (!(confined(own) || (podConfined && own == null))) {
        restricted("Seccomp", c.path() + ".securityContext.seccompProfile.type");
      }
    }
  }

  private void restrictedCapabilities() {
    for (ContainerView c : containers) {
      Capabilities caps = c.capabilities();
      List<String> dropped = caps == null || caps.getDrop() == null ? List.of() : caps.getDrop();
      if (!dropped.contains("ALL")) {
        restricted("Capabilities", c.path() + ".securityContext.capabilities.drop");
      }
      for (String cap : added(caps)) {
        if (!cap.equals("NET_BIND_SERVICE")) {
          restricted("Capabilities", c.path() + ".securityContext.capabilities.add[" + cap + "]");
        }
      }
    }
  }

  // --- helpers ---

  private void baseline(String control, String field) {
    findings.add(new Finding(Level.BASELINE, control, field));
  }

  private void restricted(String control, String field) {
    findings.add(new Finding(Level.RESTRICTED, control, field));
  }

  /** A container of any kind (init, regular, ephemeral) with its path in the pod. */
  private record ContainerView(String path, SecurityContext security, List<ContainerPort> ports) {
    Capabilities capabilities() {
      return security == null ? null : security.getCapabilities();
    }
  }

  private static List<ContainerView> containers(PodSpec spec) {
    List<ContainerView> all = new ArrayList<>();
    List<Container> init = Objects.requireNonNullElse(spec.getInitContainers(), List.of());
    for (int i = 0; i < init.size(); i++) {
      all.add(view("spec.initContainers[" + i + "]", init.get(i)));
    }
    List<Container> regular = Objects.requireNonNullElse(spec.getContainers(), List.of());
    for (int i = 0; i < regular.size(); i++) {
      all.add(view("spec.containers[" + i + "]", regular.get(i)));
    }
    List<EphemeralContainer> ephemeral =
        Objects.requireNonNullElse(spec.getEphemeralContainers(), List.of());
    for (int i = 0; i < ephemeral.size(); i++) {
      EphemeralContainer e = ephemeral.get(i);
      all.add(
          new ContainerView(
              "spec.ephemeralContainers[" + i + "]",
              e.getSecurityContext(),
              Objects.requireNonNullElse(e.getPorts(), List.of())));
    }
    return all;
  }

  private static ContainerView view(String path, Container c) {
    return new ContainerView(
        path, c.getSecurityContext(), Objects.requireNonNullElse(c.getPorts(), List.of()));
  }

  private List<Volume> volumes() {
    return Objects.requireNonNullElse(spec.getVolumes(), List.of());
  }

  private static List<String> added(Capabilities caps) {
    return caps == null || caps.getAdd() == null ? List.of() : caps.getAdd();
  }

  private static boolean isHostProcess(WindowsSecurityContextOptions options) {
    return options != null && isTrue(options.getHostProcess());
  }

  private static boolean allowedAppArmorType(String type) {
    return type == null || type.equals("RuntimeDefault") || type.equals("Localhost");
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

  private static boolean unconfined(SeccompProfile profile) {
    return profile != null && "Unconfined".equals(profile.getType());
  }

  private static boolean confined(SeccompProfile profile) {
    return profile != null
        && ("RuntimeDefault".equals(profile.getType()) || "Localhost".equals(profile.getType()));
  }

  private static boolean isZero(Long id) {
    return id != null && id == 0;
  }

  private static boolean isTrue(Boolean b) {
    return Boolean.TRUE.equals(b);
  }
}
