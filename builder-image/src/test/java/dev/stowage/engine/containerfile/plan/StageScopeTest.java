package dev.stowage.engine.containerfile.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.engine.containerfile.instruction.ArgInstruction;
import dev.stowage.engine.containerfile.instruction.Containerfile;
import dev.stowage.engine.containerfile.instruction.EnvInstruction;
import dev.stowage.engine.containerfile.instruction.Instruction;
import dev.stowage.engine.containerfile.instruction.KeyValue;
import dev.stowage.engine.containerfile.instruction.RunInstruction;
import dev.stowage.engine.containerfile.instruction.WorkdirInstruction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StageScopeTest {

  /** Dispatches every instruction of the target stage and returns the expanded ones. */
  private static List<Instruction> run(
      String text, Map<String, String> buildArgs, Map<String, String> baseEnv, StageScope[] out)
      throws Exception {
    BuildPlan plan =
        BuildPlan.create(
            Containerfile.parse("Containerfile", text),
            BuildOptions.defaults().withBuildArgs(buildArgs));
    StageScope scope = plan.newScope(plan.target(), baseEnv);
    List<Instruction> expanded = new ArrayList<>();
    for (Instruction i : plan.target().instructions()) {
      expanded.add(scope.dispatch(i));
    }
    out[0] = scope;
    return expanded;
  }

  @Test
  void envReplacementFollowsTheReferenceExample() throws Exception {
    StageScope[] s = new StageScope[1];
    List<Instruction> out =
        run(
            "FROM busybox\nENV abc=hello\nENV abc=bye def=$abc\nENV ghi=$abc\n",
            Map.of(),
            Map.of(),
            s);
    assertThat(((EnvInstruction) out.get(1)).variables())
        .containsExactly(new KeyValue("abc", "bye"), new KeyValue("def", "hello"));
    assertThat(s[0].environment())
        .containsEntry("abc", "bye")
        .containsEntry("def", "hello")
        .containsEntry("ghi", "bye");
  }

  @Test
  void globalArgMustBeRedeclaredInsideTheStage() throws Exception {
    StageScope[] s = new StageScope[1];
    List<Instruction> out =
        run(
            "ARG VERSION=latest\nFROM busybox:$VERSION\nWORKDIR /a/$VERSION\nARG VERSION\nWORKDIR /b/$VERSION\n",
            Map.of(),
            Map.of(),
            s);
    assertThat(((WorkdirInstruction) out.get(0)).path()).isEqualTo("/a/");
    assertThat(((WorkdirInstruction) out.get(2)).path()).isEqualTo("/b/latest");
  }

  @Test
  void buildArgOverridesStageDefaultWhichOverridesGlobalValue() throws Exception {
    StageScope[] s = new StageScope[1];
    List<Instruction> out =
        run(
            "ARG A=global\nARG B=global\nFROM x\nARG A=stage B=stage C\nWORKDIR /$A/$B/${C:-none}\n",
            Map.of("B", "cli"),
            Map.of(),
            s);
    assertThat(((ArgInstruction) out.get(0)).args())
        .containsExactly(
            new ArgInstruction.Declaration("A", Optional.of("stage")),
            new ArgInstruction.Declaration("B", Optional.of("cli")),
            new ArgInstruction.Declaration("C", Optional.empty()));
    assertThat(((WorkdirInstruction) out.get(1)).path()).isEqualTo("/stage/cli/none");
  }

  @Test
  void envWinsOverArgOfTheSameName() throws Exception {
    StageScope[] s = new StageScope[1];
    List<Instruction> out =
        run(
            "FROM ubuntu\nARG CONT_IMG_VER\nENV CONT_IMG_VER=v1.0.0\nWORKDIR /$CONT_IMG_VER\n",
            Map.of("CONT_IMG_VER", "v2.0.1"),
            Map.of(),
            s);
    assertThat(((WorkdirInstruction) out.get(2)).path()).isEqualTo("/v1.0.0");
    assertThat(s[0].runEnvironment()).containsEntry("CONT_IMG_VER", "v1.0.0");
  }

  @Test
  void argDefaultsMayUseEarlierVariablesAndBaseImageEnvironment() throws Exception {
    StageScope[] s = new StageScope[1];
    List<Instruction> out =
        run(
            "FROM x\nARG PREFIX=$HOME/opt\nENV PATH=$PREFIX/bin:$PATH\nWORKDIR $PREFIX\n",
            Map.of(),
            Map.of("PATH", "/usr/bin", "HOME", "/root"),
            s);
    assertThat(((WorkdirInstruction) out.get(2)).path()).isEqualTo("/root/opt");
    assertThat(s[0].environment()).containsEntry("PATH", "/root/opt/bin:/usr/bin");
    assertThat(s[0].declaredArgs()).containsEntry("PREFIX", "/root/opt");
  }

  @Test
  void runEnvironmentHasArgsAndProxyArgsButImageEnvironmentDoesNot() throws Exception {
    StageScope[] s = new StageScope[1];
    run(
        "FROM x\nARG TARGETARCH\nARG SECRETLESS=1\nRUN echo\n",
        Map.of("https_proxy", "http://proxy:3128"),
        Map.of("PATH", "/bin"),
        s);
    assertThat(s[0].runEnvironment())
        .containsEntry("TARGETARCH", "amd64")
        .containsEntry("SECRETLESS", "1")
        .containsEntry("https_proxy", "http://proxy:3128")
        .containsEntry("PATH", "/bin");
    assertThat(s[0].environment()).containsOnlyKeys("PATH");
    assertThat(s[0].variables().get("https_proxy")).contains("http://proxy:3128");
  }

  @Test
  void runCommandStaysUnexpandedButItsMountsExpand() throws Exception {
    StageScope[] s = new StageScope[1];
    List<Instruction> out =
        run(
            "FROM x\nARG CACHE=/c\nRUN --mount=type=cache,target=$CACHE echo $CACHE\n",
            Map.of(),
            Map.of(),
            s);
    RunInstruction run = (RunInstruction) out.get(1);
    assertThat(run.mounts().getFirst().target()).isEqualTo("/c");
    assertThat(run.original()).endsWith("echo $CACHE");
  }

  @Test
  void expansionErrorsCarryTheInstructionLine() {
    assertThatThrownBy(
            () ->
                run(
                    "FROM x\n\nWORKDIR ${DIR:?is required}\n",
                    Map.of(),
                    Map.of(),
                    new StageScope[1]))
        .hasMessage("Containerfile:3: DIR: is required");
  }
}
