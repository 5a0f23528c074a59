package dev.stowage.engine.containerfile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.engine.containerfile.instruction.Containerfile;
import dev.stowage.engine.containerfile.instruction.Instruction;
import dev.stowage.engine.containerfile.plan.BuildOptions;
import dev.stowage.engine.containerfile.plan.BuildPlan;
import dev.stowage.engine.containerfile.plan.Stage;
import dev.stowage.engine.containerfile.plan.StageScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random token soup must end in a Containerfile error or a plan, never in another exception. */
class GarbageInputTest {

  private static final String[] TOKENS = {
    "FROM",
    "RUN",
    "COPY",
    "ADD",
    "ENV",
    "ARG",
    "LABEL",
    "ONBUILD",
    "HEALTHCHECK",
    "SHELL",
    "CMD",
    "EXPOSE",
    "VOLUME",
    "USER",
    "WORKDIR",
    "STOPSIGNAL",
    "ENTRYPOINT",
    "MAINTAINER",
    "AS",
    "NONE",
    "alpine",
    "a",
    "0",
    "1",
    "x=y",
    "=",
    "\"",
    "'",
    "\\",
    "`",
    "$",
    "${",
    "}",
    "${A:-b}",
    "${A:?}",
    "${A#*}",
    "[",
    "]",
    "[\"a\"",
    "\"]",
    ",",
    "--from=0",
    "--from=a",
    "--mount=type=cache",
    "--mount=target=/x,type=bind,from=a",
    "--chmod=7",
    "--interval=1s",
    "--platform=$X",
    "<<EOF",
    "<<-'E'",
    "EOF",
    "E",
    "\t",
    " ",
    "  ",
    "#",
    "# escape=`",
    "\n",
    "\n",
    "\n",
    "--",
    "--link",
    "CMD",
    "[\"x\",",
    "1]",
    "*",
    "?",
    "..",
    "/",
    "-",
    "+",
    "%",
    ":",
    "::",
    "AS b",
    "FROM a AS a",
  };

  @Test
  void randomInputsNeverCrashTheFrontEnd() {
    Random random = new Random(20261128L);
    int plans = 0;
    for (int round = 0; round < 3000; round++) {
      StringBuilder text = new StringBuilder(round % 3 == 0 ? "FROM base AS a\n" : "");
      int n = 1 + random.nextInt(40);
      for (int i = 0; i < n; i++) {
        text.append(TOKENS[random.nextInt(TOKENS.length)]);
        text.append(random.nextInt(4) == 0 ? "\n" : " ");
      }
      try {
        BuildPlan plan =
            BuildPlan.create(
                Containerfile.parse("Containerfile", text.toString()),
                BuildOptions.defaults().withBuildArgs(Map.of("A", "1")));
        for (Stage s : plan.stagesToBuild()) {
          StageScope scope = plan.newScope(s, Map.of());
          List<Instruction> out = new ArrayList<>();
          for (Instruction i : s.instructions()) {
            out.add(scope.dispatch(i));
          }
        }
        plans++;
      } catch (ContainerfileException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      } catch (RuntimeException e) {
        throw new AssertionError("crash on input:\n" + text, e);
      }
    }
    assertThat(plans).isPositive();
  }
}
