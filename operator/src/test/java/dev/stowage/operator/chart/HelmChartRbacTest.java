package dev.stowage.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The operator's RBAC is exactly what it needs: no wildcard, no Secrets, no extra verb. */
class HelmChartRbacTest {

  /** group/resource → verbs the reconciler uses, per watched namespace (or cluster-wide). */
  private static final Map<String, Set<String>> BUILD_RIGHTS =
      Map.of(
          "stowage.dev/imagebuilds", Set.of("get", "list", "watch", "patch", "update"),
          "stowage.dev/imagebuilds/status", Set.of("get", "patch", "update"),
          "stowage.dev/imagebuilds/finalizers", Set.of("update"),
          "/pods", Set.of("get", "list", "watch", "create", "delete"),
          "/persistentvolumeclaims", Set.of("get", "list", "watch", "create"),
          "/events", Set.of("create", "patch"),
          "events.k8s.io/events", Set.of("create", "patch"));

  /** Leader election, in the operator's own namespace only. */
  private static final Map<String, Set<String>> LEASE_RIGHTS =
      Map.of("coordination.k8s.io/leases", Set.of("get", "create", "update"));

  private static Helm helm;
  private static ChartLocation location;

  @BeforeAll
  static void helm() {
    location = ChartLocation.detect();
    helm = Helm.fromEnvironment();
  }

  @Test
  void clusterScopeGrantsExactlyTheReconcilerRightsClusterWide() {
    RenderedChart chart = RenderedChart.render(helm, location);
    Grants grants = Grants.of(chart);
    assertThat(grants.clusterWide()).isEqualTo(BUILD_RIGHTS);
    assertThat(grants.perNamespace())
        .containsOnlyKeys(ChartLocation.NAMESPACE)
        .containsEntry(ChartLocation.NAMESPACE, LEASE_RIGHTS);
  }

  @Test
  void namespacedScopeGrantsTheReconcilerRightsOnlyInWatchedNamespaces() {
    RenderedChart chart =
        RenderedChart.render(
            helm, location, "-f", location.resource("values-namespaced.yaml").toString());
    Grants grants = Grants.of(chart);
    assertThat(grants.clusterWide()).isEmpty();
    assertThat(chart.ofKind("ClusterRole")).isEmpty();
    assertThat(chart.ofKind("ClusterRoleBinding")).isEmpty();
    assertThat(grants.perNamespace())
        .containsOnlyKeys("team-a", "team-b", ChartLocation.NAMESPACE)
        .containsEntry("team-a", BUILD_RIGHTS)
        .containsEntry("team-b", BUILD_RIGHTS)
        .containsEntry(ChartLocation.NAMESPACE, LEASE_RIGHTS);
  }

  @Test
  void operatorRulesUseNoWildcardAndNeverTouchSecrets() {
    for (String values : List.of("", "values-namespaced.yaml")) {
      RenderedChart chart =
          values.isEmpty()
              ? RenderedChart.render(helm, location)
              : RenderedChart.render(helm, location, "-f", location.resource(values).toString());
      assertThat(Grants.rulesBoundToOperator(chart))
          .isNotEmpty()
          .allSatisfy(HelmChartRbacTest::assertNoWildcardNoSecrets)
          .allSatisfy(rule -> assertThat(rule.getResourceNames()).isNullOrEmpty());
    }
  }

  @Test
  void aggregatedUserRolesOnlyCoverImageBuilds() {
    RenderedChart chart = RenderedChart.render(helm, location);
    List<ClusterRole> aggregated =
        chart.all("ClusterRole", ClusterRole.class).stream()
            .filter(
                r ->
                    r.getMetadata().getLabels().keySet().stream()
                        .anyMatch(k -> k.startsWith("rbac.authorization.k8s.io/aggregate-to-")))
            .toList();
    assertThat(aggregated)
        .extracting(r -> r.getMetadata().getName())
        .containsExactlyInAnyOrder("stowage-edit", "stowage-view");
    for (ClusterRole role : aggregated) {
      assertThat(role.getRules())
          .allSatisfy(HelmChartRbacTest::assertNoWildcardNoSecrets)
          .allSatisfy(rule -> assertThat(rule.getApiGroups()).containsExactly("stowage.dev"));
    }
    ClusterRole view = chart.named("ClusterRole", "stowage-view", ClusterRole.class);
    assertThat(view.getRules())
        .allSatisfy(
            r -> assertThat(r.getVerbs()).containsExactlyInAnyOrder("get", "list", "watch"));
  }

  @Test
  void aggregatedUserRolesAreNotGrantedToTheOperator() {
    // stowage-edit may create and delete ImageBuilds, but it is bound to no one by the chart.
    RenderedChart chart = RenderedChart.render(helm, location);
    assertThat(
            chart
                .named("ClusterRole", "stowage-edit", ClusterRole.class)
                .getRules()
                .getFirst()
                .getVerbs())
        .contains("create", "delete");
    assertThat(Grants.of(chart).clusterWide().get("stowage.dev/imagebuilds"))
        .doesNotContain("create", "delete");
  }

  private static void assertNoWildcardNoSecrets(PolicyRule rule) {
    assertThat(rule.getApiGroups()).doesNotContain("*");
    assertThat(rule.getResources()).doesNotContain("*", "secrets").isNotEmpty();
    assertThat(rule.getVerbs()).doesNotContain("*", "escalate", "bind", "impersonate");
    assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
  }

  /** What the operator's ServiceAccount may do, resolved through the bindings. */
  private record Grants(
      Map<String, Set<String>> clusterWide, Map<String, Map<String, Set<String>>> perNamespace) {

    static Grants of(RenderedChart chart) {
      Map<String, Set<String>> cluster = new TreeMap<>();
      for (ClusterRoleBinding binding : chart.all("ClusterRoleBinding", ClusterRoleBinding.class)) {
        if (bindsOperator(binding.getSubjects())) {
          add(cluster, clusterRole(chart, binding.getRoleRef()).getRules());
        }
      }
      Map<String, Map<String, Set<String>>> namespaced = new TreeMap<>();
      for (RoleBinding binding : chart.all("RoleBinding", RoleBinding.class)) {
        if (bindsOperator(binding.getSubjects())) {
          String ns = binding.getMetadata().getNamespace();
          List<PolicyRule> rules =
              binding.getRoleRef().getKind().equals("ClusterRole")
                  ? clusterRole(chart, binding.getRoleRef()).getRules()
                  : role(chart, ns, binding.getRoleRef().getName()).getRules();
          add(namespaced.computeIfAbsent(ns, k -> new TreeMap<>()), rules);
        }
      }
      return new Grants(cluster, namespaced);
    }

    static List<PolicyRule> rulesBoundToOperator(RenderedChart chart) {
      List<PolicyRule> rules = new ArrayList<>();
      for (ClusterRoleBinding b : chart.all("ClusterRoleBinding", ClusterRoleBinding.class)) {
        if (bindsOperator(b.getSubjects()))
          rules.addAll(clusterRole(chart, b.getRoleRef()).getRules());
      }
      for (RoleBinding b : chart.all("RoleBinding", RoleBinding.class)) {
        if (bindsOperator(b.getSubjects())) {
          rules.addAll(
              role(chart, b.getMetadata().getNamespace(), b.getRoleRef().getName()).getRules());
        }
      }
      return rules;
    }

    private static boolean bindsOperator(List<Subject> subjects) {
      return subjects.stream()
          .anyMatch(
              s ->
                  s.getKind().equals("ServiceAccount")
                      && s.getName().equals("stowage")
                      && s.getNamespace().equals(ChartLocation.NAMESPACE));
    }

    private static ClusterRole clusterRole(RenderedChart chart, RoleRef ref) {
      return chart.named("ClusterRole", ref.getName(), ClusterRole.class);
    }

    private static Role role(RenderedChart chart, String namespace, String name) {
      return chart.all("Role", Role.class).stream()
          .filter(r -> sameName(r, name) && namespace.equals(r.getMetadata().getNamespace()))
          .findFirst()
          .orElseThrow(
              () -> new AssertionError("binding to missing Role " + namespace + "/" + name));
    }

    private static boolean sameName(HasMetadata o, String name) {
      return name.equals(o.getMetadata().getName());
    }

    private static void add(Map<String, Set<String>> into, List<PolicyRule> rules) {
      for (PolicyRule rule : rules) {
        for (String group : rule.getApiGroups()) {
          for (String resource : rule.getResources()) {
            into.computeIfAbsent(group + "/" + resource, k -> new TreeSet<>())
                .addAll(rule.getVerbs());
          }
        }
      }
    }
  }
}
