package dev.stowage.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.operator.api.BuildSource;
import dev.stowage.operator.api.BuildStorage.StorageMode;
import dev.stowage.operator.api.ConfigMapSource;
import dev.stowage.operator.api.GitSource;
import dev.stowage.operator.api.InlineSource;
import dev.stowage.operator.api.Reason;
import dev.stowage.operator.api.VolumeSource;
import dev.stowage.operator.config.OperatorConfig;
import dev.stowage.operator.config.OperatorConfig.StoragePolicy;
import dev.stowage.operator.testing.TestBuilds;
import dev.stowage.operator.testing.TestBuilds.SourceVariant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ImageBuildValidatorTest {

  private static final ImageBuildValidator STANDARD =
      new ImageBuildValidator(OperatorConfig.standard());

  private static OperatorConfig allowing(Set<StorageMode> modes, List<String> hostPaths) {
    OperatorConfig base = OperatorConfig.standard();
    return new OperatorConfig(
        base.builderImage(),
        base.builderImagePullPolicy(),
        base.securityMode(),
        base.fuse(),
        new StoragePolicy(modes, hostPaths, "ReadWriteOnce"),
        base.defaults());
  }

  @ParameterizedTest
  @EnumSource(SourceVariant.class)
  void everySourceKindIsValid(SourceVariant source) {
    assertThat(STANDARD.validate(TestBuilds.build().source(source).get())).isEmpty();
  }

  @Test
  void aFullyLoadedSpecIsValid() {
    var build =
        TestBuilds.build()
            .project("shop")
            .size("100Gi")
            .storageClassName("fast")
            .store("base-images", null, "store")
            .buildArg("VERSION", "1")
            .target("runtime")
            .tags("latest")
            .pushSecret("registry-push")
            .timestamp(0)
            .cache(true, "registry.example.com/team/cache")
            .timeout("1h30m")
            .serviceAccountName("builder")
            .retries(10)
            .containerfile("docker/Containerfile")
            .get();
    assertThat(STANDARD.validate(build)).isEmpty();
  }

  static Stream<Arguments> specErrors() {
    return Stream.of(
        error("spec.source", b -> b.source(new BuildSource(null, null, null, null))),
        error(
            "spec.source",
            b ->
                b.source(
                    new BuildSource(
                        new GitSource("https://x/y", null, null, null, null),
                        new ConfigMapSource("cm", null),
                        null,
                        null))),
        error(
            "spec.source.git.url",
            b ->
                b.source(
                    new BuildSource(
                        new GitSource("ftp://x/y", null, null, null, null), null, null, null))),
        error(
            "spec.source.git.depth",
            b ->
                b.source(
                    new BuildSource(
                        new GitSource("https://x/y", null, -1, null, null), null, null, null))),
        error(
            "spec.source.git.contextDir",
            b ->
                b.source(
                    new BuildSource(
                        new GitSource("https://x/y", null, null, "a/../..", null),
                        null,
                        null,
                        null))),
        error(
            "spec.source.configMap.contextDir",
            b -> b.source(new BuildSource(null, new ConfigMapSource("cm", "/abs"), null, null))),
        error(
            "spec.source.configMap.name",
            b ->
                b.source(new BuildSource(null, new ConfigMapSource("Bad_Name", null), null, null))),
        error(
            "spec.source.volume.subPath",
            b -> b.source(new BuildSource(null, null, null, new VolumeSource("pvc", "../other")))),
        error(
            "spec.source.inline.files[../etc/passwd]",
            b ->
                b.source(
                    new BuildSource(
                        null,
                        null,
                        new InlineSource("FROM x", Map.of("../etc/passwd", "")),
                        null))),
        error(
            "spec.source.inline.files[Containerfile]",
            b ->
                b.source(
                    new BuildSource(
                        null,
                        null,
                        new InlineSource("FROM x", Map.of("Containerfile", "")),
                        null))),
        error(
            "spec.source.inline",
            b ->
                b.source(
                    new BuildSource(
                        null,
                        null,
                        new InlineSource("FROM x\n" + "#".repeat(200_000), null),
                        null))),
        error("spec.containerfile", b -> b.containerfile("/etc/Containerfile")),
        error("spec.containerfile", b -> b.containerfile("../Containerfile")),
        error("spec.buildArgs[0].name", b -> b.buildArg("1BAD", "x")),
        error("spec.target", b -> b.target("-stage")),
        error("spec.timeout", b -> b.timeout("ten minutes")),
        error("spec.timeout", b -> b.timeout("0m0s")),
        error("spec.timeout", b -> b.timeout("")),
        error("spec.output.image", b -> b.image("Registry.Example.com/UPPER")),
        error("spec.output.image", b -> b.image("registry.example.com/app@sha256:abc")),
        error("spec.output.tags[1]", b -> b.tags("ok", "not ok")),
        error("spec.output.pushSecretRef.name", b -> b.pushSecret("Secret")),
        error("spec.output.timestamp", b -> b.timestamp(-1)),
        error("spec.storage.project", b -> b.mode(StorageMode.Project)),
        error("spec.storage.project", b -> b.project("Shop")),
        error("spec.storage.project", b -> b.ephemeral().projectName("shop")),
        error("spec.storage.hostPath", b -> b.mode(StorageMode.Host)),
        error("spec.storage.hostPath", b -> b.ephemeral().hostPath("/var/lib/containers")),
        error("spec.storage.hostPath", b -> b.host("relative")),
        error("spec.storage.storageClassName", b -> b.ephemeral().storageClassName("fast")),
        error("spec.storage.size", b -> b.size("20 GB")),
        error("spec.storage.additionalStores[0]", b -> b.store(null, null, null)),
        error("spec.storage.additionalStores[0]", b -> b.store("pvc", "/var/lib/shared", null)),
        error("spec.storage.additionalStores[0].subPath", b -> b.store("pvc", null, "/abs")),
        error("spec.cache.registry", b -> b.cache(true, "not a registry")),
        error("spec.serviceAccountName", b -> b.serviceAccountName("Builder")),
        error("spec.retry.infrastructureFailures", b -> b.retries(11)),
        error("metadata.name", b -> b.name("Not_A_Name")),
        error("metadata.name", b -> b.name("a".repeat(64))));
  }

  private static Arguments error(String field, UnaryOperator<TestBuilds> change) {
    return Arguments.of(field, change);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specErrors")
  void specErrorsNameTheFieldAndMeanInvalidSpec(String field, UnaryOperator<TestBuilds> change) {
    List<Violation> violations = STANDARD.validate(change.apply(TestBuilds.build()).get());
    assertThat(violations).extracting(Violation::field).contains(field);
    assertThat(violations)
        .allSatisfy(
            v -> {
              assertThat(v.kind()).isEqualTo(Violation.Kind.SPEC);
              assertThat(v.reason()).isEqualTo(Reason.InvalidSpec);
              assertThat(v.message()).isNotBlank();
            });
  }

  @Test
  void storageModeOutsideThePolicyIsNotAllowed() {
    List<Violation> violations =
        STANDARD.validate(TestBuilds.build().host("/var/lib/containers").get());
    assertThat(violations).hasSize(2);
    assertThat(violations)
        .allSatisfy(v -> assertThat(v.reason()).isEqualTo(Reason.StorageNotAllowed));
    assertThat(violations)
        .extracting(Violation::field)
        .containsExactly("spec.storage.mode", "spec.storage.hostPath");
  }

  @Test
  void defaultStorageIsCheckedAgainstThePolicyToo() {
    var validator = new ImageBuildValidator(allowing(Set.of(StorageMode.Project), List.of()));
    assertThat(validator.validate(TestBuilds.build().get()))
        .singleElement()
        .satisfies(v -> assertThat(v.field()).isEqualTo("spec.storage.mode"));
  }

  @Test
  void hostPathsAreAllowedByPrefixOnly() {
    var validator =
        new ImageBuildValidator(
            allowing(Set.of(StorageMode.values()), List.of("/var/lib/containers", "/srv/shared/")));
    assertThat(validator.validate(TestBuilds.build().host("/var/lib/containers").get())).isEmpty();
    assertThat(validator.validate(TestBuilds.build().host("/var/lib/containers/storage").get()))
        .isEmpty();
    assertThat(validator.validate(TestBuilds.build().host("/var/lib/containers-evil").get()))
        .extracting(Violation::field)
        .containsExactly("spec.storage.hostPath");
    assertThat(validator.validate(TestBuilds.build().store(null, "/srv/shared/a", null).get()))
        .isEmpty();
    assertThat(validator.validate(TestBuilds.build().store(null, "/srv/sharedx", null).get()))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.field()).isEqualTo("spec.storage.additionalStores[0].hostPath");
              assertThat(v.reason()).isEqualTo(Reason.StorageNotAllowed);
            });
  }

  @Test
  void policyIsOnlyJudgedOnceTheSpecIsWellFormed() {
    List<Violation> violations = STANDARD.validate(TestBuilds.build().mode(StorageMode.Host).get());
    assertThat(violations)
        .singleElement()
        .satisfies(v -> assertThat(v.kind()).isEqualTo(Violation.Kind.SPEC));
  }

  @Test
  void violationsReadAsFieldAndMessage() {
    assertThat(STANDARD.validate(TestBuilds.build().target("-x").get()).getFirst())
        .hasToString("spec.target: '-x' must be a stage name");
  }
}
