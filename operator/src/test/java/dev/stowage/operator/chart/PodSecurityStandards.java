package dev.stowage.operator.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
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
import java.util.stream.Stream;

/**
 * The Kubernetes Pod Security Standards, written out rule by rule (kubernetes.io/docs/concepts/
 * security/pod-security-standards, policy version 1.33): "baseline" and "restricted", which is
 * baseline plus its own rules. Returns violations as text so a failing test says which rule broke.
 */
final class PodSecurityStandards {

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

  private PodSecurityStandards() {}

  /** Violations of "baseline". */
  static List<String> baseline(PodTemplateSpec pod) {
    List<String> v = new ArrayList<>();
    PodSpec spec = pod.getSpec();
    PodSecurityContext psc = spec.getSecurityContext();
    Map<String, String> annotations =
        pod.getMetadata() == null || pod.getMetadata().getAnnotations() == null
            ? Map.of()
            : pod.getMetadata().getAnnotations();

    // HostProcess
    if (psc != null && hostProcess(psc.getWindowsOptions())) {
      v.add("baseline/HostProcess: pod sets windowsOptions.hostProcess");
    }
    // Host namespaces
    if (isTrue(spec.getHostNetwork())) v.add("baseline/HostNamespaces: hostNetwork");
    if (isTrue(spec.getHostPID())) v.add("baseline/HostNamespaces: hostPID");
    if (isTrue(spec.getHostIPC())) v.add("baseline/HostNamespaces: hostIPC");
    // HostPath volumes
    for (Volume volume : volumes(spec)) {
      if (volume.getHostPath() != null) {
        v.add("baseline/HostPathVolumes: volume " + volume.getName());
      }
    }
    // AppArmor (annotations and field)
    annotations.forEach(
        (key, value) -> {
          if (key.startsWith(APPARMOR_ANNOTATION)
              && !value.equals("runtime/default")
              && !value.startsWith("localhost/")) {
            v.add("baseline/AppArmor: annotation " + key + "=" + value);
          }
        });
    if (psc != null && psc.getAppArmorProfile() != null) {
      checkAppArmorType(psc.getAppArmorProfile().getType(), "pod", v);
    }
    // SELinux, seccomp, sysctls at pod level
    if (psc != null) {
      checkSeLinux(psc.getSeLinuxOptions(), "pod", v);
      if (unconfined(psc.getSeccompProfile())) v.add("baseline/Seccomp: pod is Unconfined");
      for (Sysctl sysctl : Objects.requireNonNullElse(psc.getSysctls(), List.<Sysctl>of())) {
        if (!SAFE_SYSCTLS.contains(sysctl.getName())) {
          v.add("baseline/Sysctls: " + sysctl.getName());
        }
      }
    }
    for (Container c : containers(spec)) {
      String where = "container " + c.getName();
      SecurityContext sc = c.getSecurityContext();
      for (ContainerPort port :
          Objects.requireNonNullElse(c.getPorts(), List.<ContainerPort>of())) {
        if (port.getHostPort() != null && port.getHostPort() != 0) {
          v.add("baseline/HostPorts: " + where + " hostPort " + port.getHostPort());
        }
      }
      if (sc == null) {
        continue;
      }
      if (hostProcess(sc.getWindowsOptions())) v.add("baseline/HostProcess: " + where);
      if (isTrue(sc.getPrivileged())) v.add("baseline/Privileged: " + where);
      for (String cap : added(sc.getCapabilities())) {
        if (!BASELINE_CAPABILITIES.contains(stripCap(cap))) {
          v.add("baseline/Capabilities: " + where + " adds " + cap);
        }
      }
      if (sc.getAppArmorProfile() != null) {
        checkAppArmorType(sc.getAppArmorProfile().getType(), where, v);
      }
      checkSeLinux(sc.getSeLinuxOptions(), where, v);
      if (sc.getProcMount() != null && !sc.getProcMount().equals("Default")) {
        v.add("baseline/ProcMount: " + where + " " + sc.getProcMount());
      }
      if (unconfined(sc.getSeccompProfile())) v.add("baseline/Seccomp: " + where + " Unconfined");
    }
    return v;
  }

  /** Violations of "restricted" (every baseline rule plus the restricted ones). */
  static List<String> restricted(PodTemplateSpec pod) {
    List<String> v = new ArrayList<>(baseline(pod));
    PodSpec spec = pod.getSpec();
    PodSecurityContext psc = spec.getSecurityContext();

    // Volume types
    for (Volume volume : volumes(spec)) {
      JsonNode node = JSON.valueToTree(volume);
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String field = it.next();
        if (!field.equals("name")
            && !node.get(field).isNull()
            && !RESTRICTED_VOLUME_TYPES.contains(field)) {
          v.add("restricted/VolumeTypes: volume " + volume.getName() + " is " + field);
        }
      }
    }
    boolean podNonRoot = psc != null && isTrue(psc.getRunAsNonRoot());
    boolean podSeccomp = psc != null && confined(psc.getSeccompProfile());
    if (psc != null && psc.getRunAsUser() != null && psc.getRunAsUser() == 0) {
      v.add("restricted/RunAsUser: pod runAsUser 0");
    }
    for (Container c : containers(spec)) {
      String where = "container " + c.getName();
      SecurityContext sc =
          Objects.requireNonNullElseGet(c.getSecurityContext(), SecurityContext::new);
      // Privilege escalation
      if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
        v.add("restricted/PrivilegeEscalation: " + where + " does not set it to false");
      }
      // Running as non-root
      if (Boolean.FALSE.equals(sc.getRunAsNonRoot())
          || (!podNonRoot && !isTrue(sc.getRunAsNonRoot()))) {
        v.add("restricted/RunAsNonRoot: " + where);
      }
      // Running as non-root user
      if (sc.getRunAsUser() != null && sc.getRunAsUser() == 0) {
        v.add("restricted/RunAsUser: " + where + " runAsUser 0");
      }
      // Seccomp
      if (!(confined(sc.getSeccompProfile()) || (podSeccomp && sc.getSeccompProfile() == null))) {
        v.add("restricted/Seccomp: " + where + " has no RuntimeDefault or Localhost profile");
      }
      // Capabilities
      Capabilities caps = sc.getCapabilities();
      List<String> dropped = caps == null || caps.getDrop() == null ? List.of() : caps.getDrop();
      if (!dropped.contains("ALL")) {
        v.add("restricted/Capabilities: " + where + " does not drop ALL");
      }
      for (String cap : added(caps)) {
        if (!stripCap(cap).equals("NET_BIND_SERVICE")) {
          v.add("restricted/Capabilities: " + where + " adds " + cap);
        }
      }
    }
    return v;
  }

  private static List<Container> containers(PodSpec spec) {
    return Stream.of(spec.getInitContainers(), spec.getContainers())
        .filter(Objects::nonNull)
        .flatMap(List::stream)
        .toList();
  }

  private static List<Volume> volumes(PodSpec spec) {
    return spec.getVolumes() == null ? List.of() : spec.getVolumes();
  }

  private static List<String> added(Capabilities caps) {
    return caps == null || caps.getAdd() == null ? List.of() : caps.getAdd();
  }

  private static String stripCap(String cap) {
    return cap.startsWith("CAP_") ? cap.substring(4) : cap;
  }

  private static boolean hostProcess(WindowsSecurityContextOptions options) {
    return options != null && isTrue(options.getHostProcess());
  }

  private static void checkAppArmorType(String type, String where, List<String> v) {
    if (type != null && !type.equals("RuntimeDefault") && !type.equals("Localhost")) {
      v.add("baseline/AppArmor: " + where + " " + type);
    }
  }

  private static void checkSeLinux(SELinuxOptions options, String where, List<String> v) {
    if (options == null) {
      return;
    }
    if (options.getType() != null && !SELINUX_TYPES.contains(options.getType())) {
      v.add("baseline/SELinux: " + where + " type " + options.getType());
    }
    if (options.getUser() != null && !options.getUser().isEmpty()) {
      v.add("baseline/SELinux: " + where + " sets user");
    }
    if (options.getRole() != null && !options.getRole().isEmpty()) {
      v.add("baseline/SELinux: " + where + " sets role");
    }
  }

  private static boolean unconfined(SeccompProfile profile) {
    return profile != null && "Unconfined".equals(profile.getType());
  }

  private static boolean confined(SeccompProfile profile) {
    return profile != null
        && ("RuntimeDefault".equals(profile.getType()) || "Localhost".equals(profile.getType()));
  }

  private static boolean isTrue(Boolean b) {
    return Boolean.TRUE.equals(b);
  }
}
