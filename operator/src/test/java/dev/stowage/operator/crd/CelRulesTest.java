package dev.stowage.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.stowage.operator.crd.CrdSchema.Rule;
import dev.stowage.operator.crd.SpecCases.Case;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Evaluates the generated CRD's schema and CEL rules offline against good and bad specs. */
class CelRulesTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final CrdSchema SCHEMA = CrdSchema.load();

  static List<Case> cases() {
    return SpecCases.all();
  }

  static JsonNode tree(Case c) throws Exception {
    return YAML.readTree(SpecCases.document(c));
  }

  @Test
  void theCrdCarriesCelRulesAndEachCompiles() {
    List<Rule> rules = SCHEMA.rules();
    assertThat(rules).hasSizeGreaterThanOrEqualTo(12);
    assertThat(rules)
        .extracting(Rule::path)
        .contains("", "spec", "spec.source", "spec.storage", "spec.storage.additionalStores[*]");
    rules.forEach(r -> assertThat(SCHEMA.compile(r.expression())).as(r.expression()).isNotNull());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void schemaJudgesEachCase(Case c) throws Exception {
    List<CrdSchema.Error> errors = SCHEMA.validate(tree(c));
    if (c.valid()) {
      assertThat(errors).isEmpty();
      return;
    }
    assertThat(errors).extracting(CrdSchema.Error::path).contains(c.path());
    if (c.message() != null) {
      assertThat(errors)
          .filteredOn(e -> e.path().equals(c.path()) && e.rule() != null)
          .extracting(CrdSchema.Error::message)
          .anyMatch(m -> m.contains(c.message()));
    }
  }

  @Test
  void everyCelRuleRejectsAtLeastOneCase() throws Exception {
    Set<String> failed = new HashSet<>();
    for (Case c : SpecCases.all()) {
      for (CrdSchema.Error e : SCHEMA.validate(tree(c))) {
        if (e.rule() != null) {
          failed.add(e.rule().expression());
        }
      }
    }
    assertThat(SCHEMA.rules())
        .extracting(Rule::expression)
        .allSatisfy(rule -> assertThat(failed).as("no case breaks " + rule).contains(rule));
  }

  @Test
  void everyCelRuleAcceptsAnUnsetField() {
    // Rules must guard optional fields with has(): an object with no fields passes them all
    // except the exactly-one rules, which demand a choice. Root rules always see metadata.name.
    JsonNode empty = YAML.createObjectNode();
    for (Rule rule : SCHEMA.rules().stream().filter(r -> !r.path().isEmpty()).toList()) {
      boolean passes = SCHEMA.evaluate(rule, empty);
      assertThat(passes).as(rule.expression()).isEqualTo(!rule.message().contains("exactly one"));
    }
  }
}
