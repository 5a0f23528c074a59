package dev.stowage.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.operator.api.BuildOutput;
import dev.stowage.operator.api.BuildSource;
import dev.stowage.operator.api.BuildStorage;
import dev.stowage.operator.api.ImageBuild;
import dev.stowage.operator.api.ImageBuildSpec;
import dev.stowage.operator.api.InlineSource;
import dev.stowage.operator.api.Reason;
import dev.stowage.operator.config.OperatorConfig;
import dev.stowage.operator.validation.ImageBuildValidator;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

class ValidatorSpecCheckTest {

  private final ValidatorSpecCheck check =
      new ValidatorSpecCheck(new ImageBuildValidator(OperatorConfig.standard()));

  @Test
  void acceptsAValidBuild() {
    assertThat(check.check(build(null))).isEmpty();
  }

  @Test
  void hostStorageIsRefusedAsPolicyUnlessTheConfigAllowsIt() {
    BuildStorage host =
        new BuildStorage(
            BuildStorage.StorageMode.Host, null, null, null, "/var/lib/containers", null);

    var rejection = check.check(build(host)).orElseThrow();

    assertThat(rejection.reason()).isEqualTo(Reason.StorageNotAllowed);
    assertThat(rejection.message()).contains("spec.storage");
  }

  private static ImageBuild build(BuildStorage storage) {
    ImageBuild build =
        new ImageBuild(
            new ImageBuildSpec(
                new BuildSource(null, null, new InlineSource("FROM scratch\n", null), null),
                null,
                null,
                null,
                new BuildOutput(
                    "registry.example.com/a/b:1", null, null, null, null, null, null, null),
                storage,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null));
    build.setMetadata(
        new ObjectMetaBuilder().withName("b").withNamespace("ns").withUid("u").build());
    return build;
  }
}
