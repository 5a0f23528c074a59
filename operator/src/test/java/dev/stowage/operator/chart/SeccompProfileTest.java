package dev.stowage.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The userns seccomp profile: runtime default plus exactly the namespace and mount calls. */
class SeccompProfileTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long CLONE_NEWNS = 0x00020000L;
  private static final long CLONE_NEWUSER = 0x10000000L;
  private static final long CLONE_NEWNET = 0x40000000L;
  private static final long CLONE_NEWPID = 0x20000000L;
  private static final long CLONE_NEWUTS = 0x04000000L;
  private static final long CLONE_NEWIPC = 0x08000000L;
  private static final long CLONE_NEWCGROUP = 0x02000000L;
  private static final long CLONE_NEWTIME = 0x00000080L;
  private static final int ENOSYS = 38;

  private static Helm helm;
  private static ChartLocation location;
  private static JsonNode profile;

  @BeforeAll
  static void load() throws Exception {
    location = ChartLocation.detect();
    helm = Helm.fromEnvironment();
    profile = JSON.readTree(Files.readString(profilePath()));
  }

  @Test
  void deniesEverythingNotListed() {
    assertThat(profile.get("defaultAction").asText()).isEqualTo("SCMP_ACT_ERRNO");
    // Only fields both containerd (OCI runtime-spec format) and CRI-O (Docker format) read.
    Set<String> keys = new HashSet<>();
    profile.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactlyInAnyOrder("defaultAction", "architectures", "syscalls");
  }

  @Test
  void allowsTheNamespaceAndMountCallsTheEngineNeeds() {
    assertThat(unconditionallyAllowed()).contains("mount", "umount2", "chroot");
    assertThat(allowedSomehow()).contains("unshare", "setns", "clone");
  }

  @Test
  void keepsDangerousCallsOut() {
    assertThat(allowedSomehow())
        .doesNotContain(
            "pivot_root",
            "keyctl",
            "add_key",
            "request_key",
            "bpf",
            "perf_event_open",
            "kexec_load",
            "init_module",
            "finit_module",
            "open_by_handle_at",
            "userfaultfd",
            "io_uring_setup",
            "io_uring_enter",
            "syslog",
            "acct",
            "reboot",
            "swapon",
            "settimeofday",
            "clock_settime",
            "sethostname",
            "setdomainname",
            "quotactl",
            "umount");
  }

  @Test
  void unshareCreatesOnlyUserAndMountNamespaces() {
    JsonNode rule = onlyRule("unshare");
    JsonNode arg = rule.get("args").get(0);
    assertThat(arg.get("index").asInt()).isZero();
    assertThat(arg.get("op").asText()).isEqualTo("SCMP_CMP_MASKED_EQ");
    assertThat(arg.get("valueTwo").asLong()).isZero();
    long forbidden = arg.get("value").asLong();
    assertThat(forbidden & (CLONE_NEWUSER | CLONE_NEWNS)).isZero();
    for (long flag :
        new long[] {
          CLONE_NEWNET, CLONE_NEWPID, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWCGROUP, CLONE_NEWTIME
        }) {
      assertThat(forbidden & flag).as("flag 0x%x is refused", flag).isEqualTo(flag);
    }
  }

  @Test
  void cloneStillCreatesNoNamespaceAndClone3FallsBackToClone() {
    JsonNode arg = onlyRule("clone").get("args").get(0);
    long all =
        CLONE_NEWNS
            | CLONE_NEWUSER
            | CLONE_NEWNET
            | CLONE_NEWPID
            | CLONE_NEWUTS
            | CLONE_NEWIPC
            | CLONE_NEWCGROUP;
    assertThat(arg.get("op").asText()).isEqualTo("SCMP_CMP_MASKED_EQ");
    assertThat(arg.get("value").asLong()).isEqualTo(all);
    JsonNode clone3 = onlyRule("clone3");
    assertThat(clone3.get("action").asText()).isEqualTo("SCMP_ACT_ERRNO");
    assertThat(clone3.get("errnoRet").asInt()).isEqualTo(ENOSYS);
  }

  @Test
  void setnsJoinsOnlyUserOrMountNamespaces() {
    List<Long> types = new ArrayList<>();
    for (JsonNode rule : rulesFor("setns")) {
      JsonNode arg = rule.get("args").get(0);
      assertThat(arg.get("index").asInt()).isEqualTo(1);
      assertThat(arg.get("op").asText()).isEqualTo("SCMP_CMP_EQ");
      types.add(arg.get("value").asLong());
    }
    assertThat(types).containsExactlyInAnyOrder(CLONE_NEWUSER, CLONE_NEWNS);
  }

  @Test
  void newMountApiReportsNotImplementedSoToolsFallBackToMount() {
    for (String call :
        List.of(
            "fsopen",
            "fsconfig",
            "fsmount",
            "fspick",
            "move_mount",
            "open_tree",
            "mount_setattr")) {
      JsonNode rule = onlyRule(call);
      assertThat(rule.get("action").asText()).isEqualTo("SCMP_ACT_ERRNO");
      assertThat(rule.get("errnoRet").asInt()).isEqualTo(ENOSYS);
    }
  }

  @Test
  void configMapShipsTheProfileFileUnchanged() throws Exception {
    ConfigMap map =
        RenderedChart.render(helm, location).named("ConfigMap", "stowage-seccomp", ConfigMap.class);
    assertThat(JSON.readTree(map.getData().get("stowage-userns.json"))).isEqualTo(profile);
  }

  @Test
  void installerCopiesTheProfileIntoTheKubeletSeccompRoot() {
    RenderedChart chart =
        RenderedChart.render(
            helm, location, "-f", location.resource("values-seccomp-installer.yaml").toString());
    DaemonSet installer = chart.one("DaemonSet", DaemonSet.class);
    var pod = installer.getSpec().getTemplate().getSpec();
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getHostPath() != null)
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.getHostPath().getPath()).isEqualTo("/var/lib/kubelet/seccomp");
              assertThat(v.getHostPath().getType()).isEqualTo("DirectoryOrCreate");
            });
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getConfigMap() != null)
        .singleElement()
        .satisfies(v -> assertThat(v.getConfigMap().getName()).isEqualTo("stowage-seccomp"));
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getNodeSelector()).containsEntry("stowage.dev/builds", "true");
    Container install = pod.getContainers().getFirst();
    assertThat(String.join(" ", install.getCommand()))
        .contains("/host-seccomp/stowage-userns.json")
        .contains("mv -f");
    assertThat(install.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(
            chart
                .named("ConfigMap", "stowage-config", ConfigMap.class)
                .getData()
                .get("config.yaml"))
        .contains("seccompProfile: \"stowage-userns.json\"");
  }

  @Test
  void installerIsOffByDefault() {
    assertThat(RenderedChart.render(helm, location).ofKind("DaemonSet")).isEmpty();
  }

  @Test
  void securityProfilesOperatorGetsTheSameProfileAndTheOperatorItsPath() {
    RenderedChart chart =
        RenderedChart.render(
            helm, location, "-f", location.resource("values-seccomp-spo.yaml").toString());
    GenericKubernetesResource spo = chart.one("SeccompProfile", GenericKubernetesResource.class);
    assertThat(spo.getApiVersion()).isEqualTo("security-profiles-operator.x-k8s.io/v1beta1");
    JsonNode spec = JSON.valueToTree(spo.getAdditionalProperties().get("spec"));
    assertThat(spec).isEqualTo(profile);
    assertThat(
            chart
                .named("ConfigMap", "stowage-config", ConfigMap.class)
                .getData()
                .get("config.yaml"))
        .contains("seccompProfile: \"operator/stowage-system/stowage-userns.json\"");
  }

  private static Path profilePath() {
    return location.chart().resolve("files/stowage-userns.json");
  }

  private static List<JsonNode> rulesFor(String call) {
    List<JsonNode> rules = new ArrayList<>();
    for (JsonNode rule : profile.get("syscalls")) {
      for (JsonNode name : rule.get("names")) {
        if (name.asText().equals(call)) {
          rules.add(rule);
        }
      }
    }
    return rules;
  }

  private static JsonNode onlyRule(String call) {
    List<JsonNode> rules = rulesFor(call);
    assertThat(rules).as("rules for %s", call).hasSize(1);
    return rules.getFirst();
  }

  private static Set<String> unconditionallyAllowed() {
    Set<String> names = new HashSet<>();
    for (JsonNode rule : profile.get("syscalls")) {
      if (rule.get("action").asText().equals("SCMP_ACT_ALLOW") && !rule.has("args")) {
        rule.get("names").forEach(n -> names.add(n.asText()));
      }
    }
    return names;
  }

  private static Set<String> allowedSomehow() {
    Set<String> names = new HashSet<>();
    for (JsonNode rule : profile.get("syscalls")) {
      if (rule.get("action").asText().equals("SCMP_ACT_ALLOW")) {
        rule.get("names").forEach(n -> names.add(n.asText()));
      }
    }
    return names;
  }
}
