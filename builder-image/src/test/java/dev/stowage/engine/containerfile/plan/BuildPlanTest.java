package dev.stowage.engine.containerfile.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.engine.containerfile.ContainerfileException;
import dev.stowage.engine.containerfile.Location;
import dev.stowage.engine.containerfile.instruction.Containerfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuildPlanTest {

  private static final String MULTI_STAGE =
      """
      ARG GO_VERSION=1.23
      ARG BASE=alpine:3.20
      FROM golang:${GO_VERSION} AS build
      RUN go build -o /out/app .

      FROM build AS test
      RUN go test ./...

      FROM node:22 AS assets
      RUN npm run build

      FROM ${BASE} AS unused
      RUN echo never

      FROM $BASE
      COPY --from=build /out/app /usr/local/bin/app
      COPY --from=assets /dist /srv
      """;

  private static BuildPlan plan(String text, BuildOptions options) throws ContainerfileException {
    return BuildPlan.create(Containerfile.parse("Containerfile", text), options);
  }

  @Test
  void defaultTargetIsTheLastStageAndOnlyNeededStagesAreBuilt() throws Exception {
    BuildPlan p = plan(MULTI_STAGE, BuildOptions.defaults());
    assertThat(p.stages())
        .extracting(Stage::displayName)
        .containsExactly("build", "test", "assets", "unused", "4");
    assertThat(p.target().index()).isEqualTo(4);
    assertThat(p.stagesToBuild())
        .extracting(Stage::displayName)
        .containsExactly("build", "assets", "4");
    assertThat(p.target().base()).isEqualTo(new Base.Image("alpine:3.20"));
    assertThat(p.target().dependencies()).containsExactlyInAnyOrder(0, 2);
    assertThat(p.stages().get(0).from().image()).isEqualTo("golang:1.23");
    assertThat(p.imagesToPull()).containsExactly("alpine:3.20", "golang:1.23", "node:22");
  }

  @Test
  void targetSelectsAStageAndItsBaseChain() throws Exception {
    BuildPlan p = plan(MULTI_STAGE, BuildOptions.defaults().withTarget("TEST"));
    assertThat(p.target().displayName()).isEqualTo("test");
    assertThat(p.target().base()).isEqualTo(new Base.StageRef(0));
    assertThat(p.stagesToBuild()).extracting(Stage::index).containsExactly(0, 1);
    assertThat(p.imagesToPull()).containsExactly("golang:1.23");
  }

  @Test
  void unknownTargetListsTheStages() {
    assertThatThrownBy(() -> plan(MULTI_STAGE, BuildOptions.defaults().withTarget("prod")))
        .isInstanceOf(ContainerfileException.class)
        .hasMessageStartingWith(
            "target stage prod not found; stages are: build, test, assets, unused");
  }

  @Test
  void buildArgsOverrideGlobalDefaultsInFromLines() throws Exception {
    BuildPlan p =
        plan(MULTI_STAGE, BuildOptions.defaults().withBuildArgs(Map.of("GO_VERSION", "1.22")));
    assertThat(p.stages().get(0).from().image()).isEqualTo("golang:1.22");
    assertThat(p.globalArgs())
        .containsEntry("GO_VERSION", "1.22")
        .containsEntry("BASE", "alpine:3.20");
  }

  @Test
  void platformArgsAreAutomaticInGlobalScope() throws Exception {
    BuildPlan p =
        plan(
            "FROM --platform=$BUILDPLATFORM golang AS b\nFROM scratch\nCOPY --from=b /x /x\n",
            BuildOptions.defaults());
    assertThat(p.stages().get(0).platform()).contains("linux/amd64");
    assertThat(p.globalArgs())
        .containsEntry("TARGETPLATFORM", "linux/amd64")
        .containsEntry("TARGETOS", "linux")
        .containsEntry("TARGETARCH", "amd64")
        .containsEntry("TARGETVARIANT", "")
        .containsEntry("BUILDARCH", "amd64");
    assertThat(p.stages().get(1).base()).isEqualTo(new Base.Scratch());
  }

  @Test
  void undeclaredBuildArgIsNotUsableInFromAndIsReportedUnused() throws Exception {
    BuildPlan p =
        plan(
            "FROM alpine:${TAG:-3.19}\nARG USED\nRUN true\n",
            BuildOptions.defaults()
                .withBuildArgs(Map.of("TAG", "edge", "USED", "1", "HTTP_PROXY", "http://p")));
    assertThat(p.target().from().image()).isEqualTo("alpine:3.19");
    assertThat(p.warnings())
        .containsExactly("build-args not consumed by any ARG of the stages built: TAG");
  }

  @Test
  void argsOfSkippedStagesDoNotCountAsConsumed() throws Exception {
    BuildPlan p =
        plan(
            "FROM a AS skipped\nARG ONLY_HERE\nFROM b\n",
            BuildOptions.defaults().withBuildArgs(Map.of("ONLY_HERE", "x")));
    assertThat(p.stagesToBuild()).hasSize(1);
    assertThat(p.warnings()).singleElement().asString().endsWith("ONLY_HERE");
  }

  @Test
  void fromIndexAndImageReferences() throws Exception {
    BuildPlan p =
        plan(
            """
            FROM alpine
            RUN echo 0
            FROM busybox AS second
            FROM scratch
            COPY --from=0 /a /a
            COPY --from=nginx:latest /etc/nginx/nginx.conf /nginx.conf
            RUN --mount=type=bind,from=second,target=/s --mount=type=cache,from=debian,target=/c true
            """,
            BuildOptions.defaults());
    Stage last = p.target();
    assertThat(last.dependencies()).containsExactlyInAnyOrder(0, 1);
    assertThat(last.images()).containsExactlyInAnyOrder("nginx:latest", "debian");
    assertThat(p.imagesToPull()).containsExactly("alpine", "busybox", "debian", "nginx:latest");
    assertThat(p.resolveFrom(last, "SECOND", last.from().location()))
        .isEqualTo(new Base.StageRef(1));
    assertThat(p.resolveFrom(last, "redis", last.from().location()))
        .isEqualTo(new Base.Image("redis"));
  }

  @Test
  void fromExpandsWithArgsDeclaredInTheStage() throws Exception {
    BuildPlan p =
        plan(
            "FROM a AS one\nFROM b AS two\nFROM c\nARG SRC=one\nCOPY --from=${SRC} /x /x\n",
            BuildOptions.defaults().withBuildArgs(Map.of("SRC", "two")));
    assertThat(p.stagesToBuild()).extracting(Stage::displayName).containsExactly("two", "2");
  }

  @Test
  void forwardAndSelfReferencesAreRejected() {
    assertThatThrownBy(
            () ->
                plan("FROM a\nCOPY --from=later /x /x\nFROM b AS later\n", BuildOptions.defaults()))
        .hasMessageStartingWith("Containerfile:2: COPY --from=later refers to a later stage");
    assertThatThrownBy(() -> plan("FROM a\nCOPY --from=1 /x /x\nFROM b\n", BuildOptions.defaults()))
        .hasMessageStartingWith(
            "Containerfile:2: COPY --from=1 refers to stage 1, which is not before this one");
    assertThatThrownBy(() -> plan("FROM a AS a\nFROM b\n", BuildOptions.defaults()))
        .hasMessageStartingWith("Containerfile:1: FROM a refers to stage 'a' itself");
    assertThatThrownBy(() -> plan("FROM later\nFROM b AS later\n", BuildOptions.defaults()))
        .hasMessageStartingWith(
            "Containerfile:1: FROM later refers to stage 'later' defined later at Containerfile:2");
  }

  @Test
  void structuralErrors() {
    assertThatThrownBy(() -> plan("RUN true\nFROM a\n", BuildOptions.defaults()))
        .hasMessageStartingWith("Containerfile:1: RUN comes before the first FROM");
    assertThatThrownBy(() -> plan("ARG A=1\n", BuildOptions.defaults()))
        .hasMessageStartingWith("Containerfile has no FROM instruction");
    assertThatThrownBy(() -> plan("FROM a AS x\nFROM b AS X\n", BuildOptions.defaults()))
        .hasMessageStartingWith("Containerfile:2: duplicate stage name 'x'")
        .hasMessageContaining("Containerfile:1");
    assertThatThrownBy(() -> plan("ARG IMG\nFROM $IMG\n", BuildOptions.defaults()))
        .hasMessageStartingWith("Containerfile:2: FROM $IMG expands to an empty image name");
    assertThatThrownBy(() -> plan("FROM ${IMG:?required}\n", BuildOptions.defaults()))
        .hasMessage("Containerfile:1: IMG: required");
  }

  @Test
  void platformFlagIsCheckedAndForeignPlatformsWarn() throws Exception {
    BuildPlan p =
        plan(
            "ARG P\nFROM --platform=$P a AS x\nFROM --platform=linux/arm64 b\n",
            BuildOptions.defaults());
    assertThat(p.stages().get(0).platform()).isEmpty();
    assertThat(p.stages().get(1).platform()).contains("linux/arm64");
    assertThat(p.warnings())
        .singleElement()
        .asString()
        .startsWith("Containerfile:3: stage asks for platform linux/arm64");
    assertThatThrownBy(() -> plan("FROM --platform=amd64 a\n", BuildOptions.defaults()))
        .hasMessageStartingWith("Containerfile:1: platform 'amd64' is not os/arch[/variant]");
  }

  @Test
  void noNamedStagesGivesAHelpfulTargetError() {
    assertThatThrownBy(() -> plan("FROM a\n", BuildOptions.defaults().withTarget("x")))
        .hasMessageContaining("stages are: (none named)")
        .hasMessageContaining("FROM <image> AS <name>");
  }

  @Test
  void parseWarningsAreCarriedIntoThePlan() throws Exception {
    BuildPlan p = plan("FROM a\nENV K V\n", BuildOptions.defaults());
    assertThat(p.warnings()).singleElement().asString().startsWith("Containerfile:2: legacy");
  }

  @Test
  void buildArgsFromTheCommandLine() {
    assertThat(
            BuildOptions.parseBuildArgs(
                List.of("A=1", "B=", "FROM_ENV", "NOT_IN_ENV", "C=x=y"), Map.of("FROM_ENV", "e")))
        .containsExactly(
            Map.entry("A", "1"),
            Map.entry("B", ""),
            Map.entry("FROM_ENV", "e"),
            Map.entry("C", "x=y"));
    assertThatThrownBy(() -> BuildOptions.parseBuildArgs(List.of("=x"), Map.of()))
        .hasMessageContaining("no name");
  }

  @Test
  void platformParsing() {
    assertThat(Platform.parse("linux/arm/v7")).isEqualTo(new Platform("linux", "arm", "v7"));
    assertThat(Platform.parse("linux/arm64").toString()).isEqualTo("linux/arm64");
    assertThatThrownBy(() -> Platform.parse("linux")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void stageLocationsPointAtTheirFromLine() throws Exception {
    BuildPlan p = plan(MULTI_STAGE, BuildOptions.defaults());
    assertThat(p.stages().get(2).from().location()).isEqualTo(new Location("Containerfile", 9));
    assertThat(p.stages().get(2).instructions()).hasSize(1);
  }
}
