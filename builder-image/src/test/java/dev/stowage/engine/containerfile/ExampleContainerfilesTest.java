package dev.stowage.engine.containerfile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.engine.containerfile.instruction.CommandLine;
import dev.stowage.engine.containerfile.instruction.Containerfile;
import dev.stowage.engine.containerfile.instruction.CopyInstruction;
import dev.stowage.engine.containerfile.instruction.EnvInstruction;
import dev.stowage.engine.containerfile.instruction.HealthcheckInstruction;
import dev.stowage.engine.containerfile.instruction.InlineSource;
import dev.stowage.engine.containerfile.instruction.Instruction;
import dev.stowage.engine.containerfile.instruction.KeyValue;
import dev.stowage.engine.containerfile.instruction.LabelInstruction;
import dev.stowage.engine.containerfile.instruction.Mount;
import dev.stowage.engine.containerfile.instruction.OnbuildInstruction;
import dev.stowage.engine.containerfile.instruction.RunInstruction;
import dev.stowage.engine.containerfile.instruction.WorkdirInstruction;
import dev.stowage.engine.containerfile.plan.Base;
import dev.stowage.engine.containerfile.plan.BuildOptions;
import dev.stowage.engine.containerfile.plan.BuildPlan;
import dev.stowage.engine.containerfile.plan.Stage;
import dev.stowage.engine.containerfile.plan.StageScope;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Realistic Containerfiles from test resources, parsed, planned and dispatched end to end. */
class ExampleContainerfilesTest {

  private static Containerfile read(String resource) throws Exception {
    return Containerfile.read(path(resource), resource);
  }

  private static Path path(String resource) throws URISyntaxException {
    return Path.of(
        ExampleContainerfilesTest.class.getResource("/containerfile/" + resource).toURI());
  }

  private static List<Instruction> dispatch(BuildPlan plan, Stage stage, Map<String, String> env)
      throws ContainerfileException {
    StageScope scope = plan.newScope(stage, env);
    List<Instruction> out = new ArrayList<>();
    for (Instruction i : stage.instructions()) {
      out.add(scope.dispatch(i));
    }
    return out;
  }

  @Test
  void goServiceBuildsOnlyWhatTheFinalStageNeeds() throws Exception {
    Containerfile cf = read("go-service/Containerfile");
    assertThat(cf.directives().syntax()).contains("docker/dockerfile:1.7");
    assertThat(cf.warnings()).isEmpty();
    BuildPlan plan =
        BuildPlan.create(cf, BuildOptions.defaults().withBuildArgs(Map.of("VERSION", "1.2.3")));
    assertThat(plan.stages())
        .extracting(Stage::displayName)
        .containsExactly("build", "test", "debug", "3");
    assertThat(plan.stagesToBuild()).extracting(Stage::displayName).containsExactly("build", "3");
    assertThat(plan.imagesToPull())
        .containsExactly("gcr.io/distroless/static-debian12:nonroot", "golang:1.23-bookworm");
    assertThat(plan.stages().getFirst().platform()).contains("linux/amd64");
    assertThat(plan.warnings()).isEmpty();

    List<Instruction> build =
        dispatch(plan, plan.stages().getFirst(), Map.of("PATH", "/usr/local/go/bin"));
    RunInstruction compile = (RunInstruction) build.get(6);
    assertThat(compile.location().line()).isEqualTo(16);
    assertThat(compile.mounts()).hasSize(2);
    assertThat(((Mount.Cache) compile.mounts().get(1)).readOnly()).isTrue();
    assertThat(((CommandLine.Shell) compile.command()).text())
        .contains("GOARCH=$TARGETARCH")
        .doesNotContain("the version ends up");

    List<Instruction> last = dispatch(plan, plan.target(), Map.of());
    assertThat(((LabelInstruction) last.get(1)).labels())
        .contains(new KeyValue("org.opencontainers.image.version", "1.2.3"));
    CopyInstruction config = (CopyInstruction) last.get(3);
    assertThat(config.inline())
        .containsExactly(new InlineSource("EOF", "listen: \":8080\"\nversion: 1.2.3\n", false));
    String from = ((CopyInstruction) last.get(2)).from().orElseThrow();
    assertThat(plan.resolveFrom(plan.target(), from, config.location()))
        .isEqualTo(new Base.StageRef(0));
    HealthcheckInstruction health = (HealthcheckInstruction) last.get(6);
    assertThat(health.test()).containsExactly("CMD", "/app", "healthcheck");
  }

  @Test
  void goServiceTestTargetNeedsOnlyTheBuildStage() throws Exception {
    BuildPlan plan =
        BuildPlan.create(
            read("go-service/Containerfile"), BuildOptions.defaults().withTarget("test"));
    assertThat(plan.stagesToBuild())
        .extracting(Stage::displayName)
        .containsExactly("build", "test");
  }

  @Test
  void webAppUsesHeredocsSecretsAndOnbuild() throws Exception {
    Containerfile cf = read("web-app/Containerfile");
    assertThat(cf.warnings()).isEmpty();
    BuildPlan plan = BuildPlan.create(cf, BuildOptions.defaults());
    assertThat(plan.stagesToBuild()).extracting(Stage::index).containsExactly(0, 1, 2);
    RunInstruction script = (RunInstruction) plan.stages().get(1).instructions().get(2);
    assertThat(script.shellScript()).isEqualTo("set -eu\nnpm run build\nnpm prune --omit=dev\n");

    List<Instruction> last = dispatch(plan, plan.target(), Map.of("PATH", "/usr/bin"));
    assertThat(((CopyInstruction) last.get(2)).destination()).isEqualTo("/usr/share/nginx/html/");
    CopyInstruction conf = (CopyInstruction) last.get(3);
    assertThat(conf.inline().getFirst().content())
        .isEqualTo("server {\n  listen 80;\n  root $HTML_ROOT;\n}\n");
    assertThat(((RunInstruction) last.get(4)).mounts().getFirst())
        .isInstanceOfSatisfying(
            Mount.Secret.class, s -> assertThat(s.env()).contains("SENTRY_TOKEN"));
    OnbuildInstruction onbuild = (OnbuildInstruction) last.get(6);
    assertThat(onbuild.triggerText()).isEqualTo("COPY site/ ${HTML_ROOT}/");
  }

  @Test
  void windowsStyleFileUsesTheBacktickEscape() throws Exception {
    Containerfile cf = read("windows-escape/Dockerfile");
    assertThat(cf.escape()).isEqualTo('`');
    BuildPlan plan = BuildPlan.create(cf, BuildOptions.defaults());
    List<Instruction> out = dispatch(plan, plan.target(), Map.of());
    assertThat(((WorkdirInstruction) out.get(1)).path()).isEqualTo("C:\\app");
    assertThat(((CopyInstruction) out.get(2)).destination()).isEqualTo("C:\\app\\");
    assertThat(((EnvInstruction) out.get(3)).variables())
        .containsExactly(new KeyValue("TOOLS", "C:\\tools"), new KeyValue("LOG", "C:\\logs"));
    assertThat(((RunInstruction) out.get(4)).command())
        .isEqualTo(
            new CommandLine.Shell(
                "New-Item -ItemType Directory -Path $env:TOOLS ;     Write-Host \"ready\""));
  }

  @Test
  void locatorFindsTheExampleFiles() throws Exception {
    Path web = path("web-app/Containerfile").getParent();
    assertThat(ContainerfileLocator.locate(web, Optional.empty(), web))
        .isEqualTo(web.resolve("Containerfile"));
  }
}
