package dev.stowage.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParseResult;

class RunCommandArgumentsTest {

  @Test
  void runAcceptsTheArgumentsTheHelmChartPasses() {
    ParseResult parsed =
        Main.commandLine()
            .parseArgs("run", "--config", "/etc/stowage/config.yaml", "--no-leader-election");

    RunCommand run = (RunCommand) parsed.subcommand().commandSpec().userObject();
    assertThat(run.configFile).isEqualTo(Path.of("/etc/stowage/config.yaml"));
    assertThat(run.leaderElection).isFalse();
    assertThat(run.healthPort).isEqualTo(8081);
    assertThat(run.metricsPort).isEqualTo(8080);
  }
}
