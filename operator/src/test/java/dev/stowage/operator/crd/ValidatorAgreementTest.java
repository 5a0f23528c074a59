package dev.stowage.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.stowage.operator.api.ImageBuild;
import dev.stowage.operator.config.OperatorConfig;
import dev.stowage.operator.crd.SpecCases.Case;
import dev.stowage.operator.pod.BuilderPodFactory;
import dev.stowage.operator.testing.TestBuilds;
import dev.stowage.operator.validation.ImageBuildValidator;
import dev.stowage.operator.validation.Violation;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Java validator judges every case like the API server (schema + CEL) would. */
class ValidatorAgreementTest {

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
  private static final CrdSchema SCHEMA = CrdSchema.load();
  // Policy is not the CRD's business: allow everything so only spec errors remain.
  private static final OperatorConfig PERMISSIVE = TestBuilds.permissive(OperatorConfig.standard());
  private static final ImageBuildValidator VALIDATOR = new ImageBuildValidator(PERMISSIVE);

  static List<Case> cases() {
    return SpecCases.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void javaValidatorAgreesWithTheCrd(Case c) throws Exception {
    List<String> crd =
        SCHEMA.validate(YAML.readTree(SpecCases.document(c))).stream()
            .map(CrdSchema.Error::path)
            .toList();
    List<String> java = javaFields(c);
    assertThat(java.isEmpty()).as("java %s vs crd %s", java, crd).isEqualTo(crd.isEmpty());
    for (String path : crd) {
      assertThat(java).as("crd reports %s", path).anyMatch(f -> within(f, path));
    }
    for (String field : java) {
      assertThat(crd).as("java reports %s", field).anyMatch(p -> within(field, p));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyValidCaseBecomesABuilderPod(Case c) throws Exception {
    if (!c.valid()) {
      return;
    }
    ImageBuild build = YAML.readValue(SpecCases.document(c), ImageBuild.class);
    var plan = new BuilderPodFactory(PERMISSIVE).desired(build, 1);
    assertThat(plan.pod().getSpec().getInitContainers()).hasSize(3);
  }

  private static List<String> javaFields(Case c) throws Exception {
    ImageBuild build;
    try {
      build = YAML.readValue(SpecCases.document(c), ImageBuild.class);
    } catch (JsonMappingException e) {
      // Jackson rejects what the schema's enums and types reject.
      return List.of(
          e.getPath().stream()
              .map(
                  r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
              .collect(Collectors.joining())
              .substring(1));
    }
    return VALIDATOR.validate(build).stream()
        .filter(v -> v.kind() == Violation.Kind.SPEC)
        .map(Violation::field)
        .toList();
  }

  /** Whether {@code field} is {@code path} or lies below it. */
  private static boolean within(String field, String path) {
    return path.isEmpty()
        || field.equals(path)
        || field.startsWith(path + ".")
        || field.startsWith(path + "[");
  }
}
