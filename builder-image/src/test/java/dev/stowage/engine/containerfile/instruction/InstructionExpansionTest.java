package dev.stowage.engine.containerfile.instruction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.engine.containerfile.shell.ShellLexer;
import dev.stowage.engine.containerfile.shell.Variables;
import dev.stowage.engine.containerfile.shell.WordExpander;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InstructionExpansionTest {

  private static final WordExpander VARS =
      ShellLexer.expanding(
          '\\',
          Variables.of(
              Map.of(
                  "FOO",
                  "/bar",
                  "PORTS",
                  "80 443/udp",
                  "USER",
                  "app",
                  "SIG",
                  "SIGQUIT",
                  "UID",
                  "1000",
                  "STAGE",
                  "build",
                  "MODE",
                  "0640")));

  private static Instruction expanded(String line) throws Exception {
    return Containerfile.parse("Containerfile", line + "\n").instructions().getFirst().expand(VARS);
  }

  @Test
  void referenceExampleExpandsWorkdirAddAndEscapedCopy() throws Exception {
    assertThat(((WorkdirInstruction) expanded("WORKDIR ${FOO}")).path()).isEqualTo("/bar");
    AddInstruction add = (AddInstruction) expanded("ADD . $FOO");
    assertThat(add.destination()).isEqualTo("/bar");
    CopyInstruction copy = (CopyInstruction) expanded("COPY \\$FOO /quux");
    assertThat(copy.sources()).containsExactly("$FOO");
  }

  @Test
  void copyExpandsSourcesDestinationAndFlags() throws Exception {
    CopyInstruction c =
        (CopyInstruction)
            expanded(
                "COPY --from=$STAGE --chown=${USER}:${USER} --chmod=$MODE --exclude=$FOO/x \"$FOO/a\" ${FOO:-x}/c /dst$FOO");
    assertThat(c.from()).contains("build");
    assertThat(c.chown()).contains("app:app");
    assertThat(c.chmod()).contains("0640");
    assertThat(c.excludes()).containsExactly("/bar/x");
    assertThat(c.destination()).isEqualTo("/dst/bar");
    assertThat(c.sources()).containsExactly("/bar/a", "/bar/c");
  }

  @Test
  void chmodIsCheckedAfterExpansion() throws Exception {
    assertThat(((CopyInstruction) expanded("COPY --chmod=u+x,go-w a /b")).chmod())
        .contains("u+x,go-w");
    assertThatThrownBy(() -> expanded("COPY --chmod=$FOO a /b"))
        .hasMessageContaining("invalid --chmod=/bar");
  }

  @Test
  void shellFormSourcesSplitAtWhitespaceBeforeQuotesAreSeenAsInDocker() {
    assertThatThrownBy(() -> expanded("COPY \"a b\" /d"))
        .hasMessageContaining("matching double quote");
  }

  @Test
  void envAndLabelExpandAndUnquote() throws Exception {
    EnvInstruction env =
        (EnvInstruction) expanded("ENV A=$FOO B=\"x y\" C='$FOO' D=Rex\\ The\\ Dog");
    assertThat(env.variables())
        .containsExactly(
            new KeyValue("A", "/bar"),
            new KeyValue("B", "x y"),
            new KeyValue("C", "$FOO"),
            new KeyValue("D", "Rex The Dog"));
    LabelInstruction label =
        (LabelInstruction) expanded("LABEL \"com.example.vendor\"=\"ACME $USER\"");
    assertThat(label.labels()).containsExactly(new KeyValue("com.example.vendor", "ACME app"));
  }

  @Test
  void exposeSplitsExpandedPortsAndNormalisesThem() throws Exception {
    ExposeInstruction e = (ExposeInstruction) expanded("EXPOSE $PORTS 8000-8002");
    assertThat(e.ports()).containsExactly("80", "443/udp", "8000-8002");
    assertThat(e.exposedPorts())
        .containsExactly("80/tcp", "443/udp", "8000/tcp", "8001/tcp", "8002/tcp");
    assertThatThrownBy(() -> expanded("EXPOSE http")).hasMessageContaining("invalid port 'http'");
    assertThatThrownBy(() -> expanded("EXPOSE 90-80")).hasMessageContaining("invalid port range");
  }

  @Test
  void userStopsignalVolumeAndFromExpand() throws Exception {
    assertThat(((UserInstruction) expanded("USER ${UID}:${UID}")).user()).isEqualTo("1000:1000");
    assertThat(((StopsignalInstruction) expanded("STOPSIGNAL $SIG")).signal()).isEqualTo("SIGQUIT");
    assertThat(((VolumeInstruction) expanded("VOLUME [\"$FOO\", \"/x\"]")).paths())
        .containsExactly("/bar", "/x");
    FromInstruction from =
        (FromInstruction) expanded("FROM --platform=$MISSING img:${TAG:-latest} AS x");
    assertThat(from.image()).isEqualTo("img:latest");
    assertThat(from.platform()).contains("");
    assertThatThrownBy(() -> expanded("VOLUME $MISSING")).hasMessageContaining("empty string");
  }

  @Test
  void runCmdEntrypointHealthcheckAndShellAreNotExpanded() throws Exception {
    RunInstruction run = (RunInstruction) expanded("RUN echo $FOO");
    assertThat(run.command()).isEqualTo(new CommandLine.Shell("echo $FOO"));
    assertThat(((CmdInstruction) expanded("CMD [\"echo\", \"$FOO\"]")).command())
        .isEqualTo(new CommandLine.Exec(List.of("echo", "$FOO")));
    assertThat(((EntrypointInstruction) expanded("ENTRYPOINT $FOO")).command())
        .isEqualTo(new CommandLine.Shell("$FOO"));
    assertThat(((HealthcheckInstruction) expanded("HEALTHCHECK CMD $FOO")).test())
        .containsExactly("CMD-SHELL", "$FOO");
    assertThat(((OnbuildInstruction) expanded("ONBUILD WORKDIR $FOO")).trigger())
        .isEqualTo(
            Containerfile.parse("Containerfile", "ONBUILD WORKDIR $FOO\n").instructions().stream()
                .map(i -> ((OnbuildInstruction) i).trigger())
                .findFirst()
                .orElseThrow());
  }

  @Test
  void runMountOptionsAreExpanded() throws Exception {
    RunInstruction run =
        (RunInstruction)
            expanded("RUN --mount=type=cache,target=/cache$FOO,uid=$UID,from=$STAGE make");
    assertThat(run.mounts())
        .containsExactly(
            new Mount.Cache(
                "/cache/bar",
                "/cache/bar",
                Mount.Sharing.SHARED,
                Optional.of("build"),
                "/",
                false,
                0755,
                1000,
                0));
  }

  @Test
  void copyHeredocContentExpandsUnlessTheMarkerIsQuoted() throws Exception {
    Containerfile cf =
        Containerfile.parse(
            "Containerfile",
            "COPY <<A <<'B' /d/\nhome=$FOO \"q\" \\$FOO ${USER:-x}\\\nA\nraw=$FOO\nB\n");
    CopyInstruction c = ((CopyInstruction) cf.instructions().getFirst()).expand(VARS);
    assertThat(c.inline())
        .containsExactly(
            new InlineSource("A", "home=/bar \"q\" $FOO app\\\n", false),
            new InlineSource("B", "raw=$FOO\n", false));
  }
}
