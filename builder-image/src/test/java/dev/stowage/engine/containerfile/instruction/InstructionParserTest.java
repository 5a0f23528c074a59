package dev.stowage.engine.containerfile.instruction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.engine.containerfile.ContainerfileException;
import dev.stowage.engine.containerfile.Location;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InstructionParserTest {

  private static Instruction one(String line) throws ContainerfileException {
    return Containerfile.parse("Containerfile", line + "\n").instructions().getFirst();
  }

  private static <T extends Instruction> T one(String line, Class<T> type)
      throws ContainerfileException {
    return type.cast(one(line));
  }

  @Test
  void fromWithPlatformAndLowerCasedStageName() throws Exception {
    FromInstruction f =
        one("FROM --platform=$BUILDPLATFORM golang:1.23 AS Build-Env", FromInstruction.class);
    assertThat(f.image()).isEqualTo("golang:1.23");
    assertThat(f.platform()).contains("$BUILDPLATFORM");
    assertThat(f.stageName()).contains("build-env");
    assertThat(f.location()).isEqualTo(new Location("Containerfile", 1));
    assertThat(f.keyword()).isEqualTo("FROM");
    assertThat(one("from alpine", FromInstruction.class).stageName()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "FROM|FROM needs a base image",
        "FROM a b|FROM takes an image and an optional AS name",
        "FROM a AS b c|FROM takes an image and an optional AS name",
        "FROM a AS 1st|invalid stage name '1st'",
        "FROM --platfrom=linux/amd64 a|unknown flag --platfrom for FROM",
      })
  void fromErrorsSayWhatIsWrongAndWhere(String line, String message) {
    assertThatThrownBy(() -> one(line))
        .isInstanceOf(ContainerfileException.class)
        .hasMessageStartingWith("Containerfile:1: " + message)
        .hasMessageContaining("hint:");
  }

  @Test
  void runShellAndExecForms() throws Exception {
    RunInstruction shell = one("RUN echo $HOME && ls", RunInstruction.class);
    assertThat(shell.command()).isEqualTo(new CommandLine.Shell("echo $HOME && ls"));
    assertThat(shell.command().argv(List.of("/bin/sh", "-c")))
        .containsExactly("/bin/sh", "-c", "echo $HOME && ls");
    RunInstruction exec = one("RUN [\"/bin/bash\", \"-c\", \"echo hello\"]", RunInstruction.class);
    assertThat(exec.command())
        .isEqualTo(new CommandLine.Exec(List.of("/bin/bash", "-c", "echo hello")));
    assertThat(exec.network()).isEqualTo(RunInstruction.NetworkMode.DEFAULT);
    assertThat(exec.security()).isEqualTo(RunInstruction.SecurityMode.SANDBOX);
  }

  @Test
  void runWithSingleQuotedJsonIsShellFormWithAWarning() throws Exception {
    Containerfile cf = Containerfile.parse("Containerfile", "RUN ['echo', 'hi']\n");
    assertThat(((RunInstruction) cf.instructions().getFirst()).command())
        .isEqualTo(new CommandLine.Shell("['echo', 'hi']"));
    assertThat(cf.warnings()).singleElement().asString().startsWith("Containerfile:1: RUN");
  }

  @Test
  void jsonArrayOfNonStringsIsAnError() {
    assertThatThrownBy(() -> one("CMD [\"echo\", 1]"))
        .hasMessageStartingWith("Containerfile:1: JSON arrays in CMD must hold only strings");
  }

  @Test
  void runMountsAreParsedToRecords() throws Exception {
    RunInstruction run =
        one(
            "RUN --mount=type=cache,target=/root/.cache/go-build,sharing=locked,id=gocache"
                + " --mount=type=secret,id=npmrc,target=/root/.npmrc,required"
                + " --mount=type=bind,from=build,source=/out,target=/mnt"
                + " --mount=target=/ctx,rw"
                + " --mount=type=tmpfs,target=/tmp,size=64m"
                + " --mount=type=secret,id=token,env=TOKEN"
                + " --network=none --security=insecure go build",
            RunInstruction.class);
    assertThat(run.mounts())
        .containsExactly(
            new Mount.Cache(
                "/root/.cache/go-build",
                "gocache",
                Mount.Sharing.LOCKED,
                Optional.empty(),
                "/",
                false,
                0755,
                0,
                0),
            new Mount.Secret("npmrc", "/root/.npmrc", Optional.empty(), true, 0400, 0, 0),
            new Mount.Bind("/mnt", "/out", Optional.of("build"), false),
            new Mount.Bind("/ctx", "/", Optional.empty(), true),
            new Mount.Tmpfs("/tmp", 64L << 20),
            new Mount.Secret("token", "", Optional.of("TOKEN"), false, 0400, 0, 0));
    assertThat(run.network()).isEqualTo(RunInstruction.NetworkMode.NONE);
    assertThat(run.security()).isEqualTo(RunInstruction.SecurityMode.INSECURE);
  }

  @Test
  void secretMountDefaultsItsTargetFromTheId() throws Exception {
    RunInstruction run =
        one("RUN --mount=type=secret,id=aws cat /run/secrets/aws", RunInstruction.class);
    assertThat(run.mounts())
        .containsExactly(
            new Mount.Secret("aws", "/run/secrets/aws", Optional.empty(), false, 0400, 0, 0));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "RUN --mount=type=nfs,target=/x true|unknown mount type 'nfs'",
        "RUN --mount=type=cache true|needs target=",
        "RUN --mount=type=cache,target=/x,sharing=sometimes true|cache sharing 'sometimes'",
        "RUN --mount=type=cache,target=/x,mode=999 true|octal permission bits",
        "RUN --mount=type=tmpfs,target=/x,from=a true|mount option 'from' is not valid for type tmpfs",
        "RUN --mount=type=ssh true|mount type ssh is not supported",
        "RUN --mount=type=tmpfs,target=/t,size=99999999999999999999m true|is too large",
        "RUN --network=bridge true|unsupported --network=bridge",
        "RUN --security=privileged true|unsupported --security=privileged",
        "RUN --mount true|flag --mount needs a value",
        "RUN --network=none --network=host true|flag --network given twice",
        "RUN|RUN needs a command",
        "RUN --foo true|unknown flag --foo for RUN",
      })
  void runErrorsSayWhatIsWrong(String line, String message) {
    assertThatThrownBy(() -> one(line))
        .isInstanceOf(ContainerfileException.class)
        .hasMessageStartingWith("Containerfile:1: ")
        .hasMessageContaining(message);
  }

  @Test
  void runHeredocBecomesTheScript() throws Exception {
    Containerfile cf =
        Containerfile.parse(
            "Containerfile",
            "RUN <<EOF\napk add git\ngit --version\nEOF\nRUN python3 <<EOF > /out\nprint(1)\nEOF\n");
    RunInstruction simple = (RunInstruction) cf.instructions().get(0);
    assertThat(simple.shellScript()).isEqualTo("apk add git\ngit --version\n");
    RunInstruction fed = (RunInstruction) cf.instructions().get(1);
    assertThat(fed.shellScript()).isEqualTo("python3 <<EOF > /out\nprint(1)\nEOF");
  }

  @Test
  void cmdAndEntrypointForms() throws Exception {
    assertThat(one("CMD [\"nginx\", \"-g\", \"daemon off;\"]", CmdInstruction.class).command())
        .isEqualTo(new CommandLine.Exec(List.of("nginx", "-g", "daemon off;")));
    assertThat(one("CMD echo \"This is a test.\" | wc -", CmdInstruction.class).command())
        .isEqualTo(new CommandLine.Shell("echo \"This is a test.\" | wc -"));
    assertThat(one("ENTRYPOINT []", EntrypointInstruction.class).command())
        .isEqualTo(new CommandLine.Exec(List.of()));
    assertThat(one("ENTRYPOINT exec top -b", EntrypointInstruction.class).command())
        .isEqualTo(new CommandLine.Shell("exec top -b"));
    assertThatThrownBy(() -> one("CMD")).hasMessageContaining("CMD needs a command");
    assertThatThrownBy(() -> one("CMD --x y")).hasMessageContaining("unknown flag --x for CMD");
  }

  @Test
  void labelPairsAndLegacyForm() throws Exception {
    LabelInstruction l =
        one(
            "LABEL \"com.example.vendor\"=\"ACME Incorporated\" version=1.0 description=\"multi\\ word\"",
            LabelInstruction.class);
    assertThat(l.labels())
        .containsExactly(
            new KeyValue("\"com.example.vendor\"", "\"ACME Incorporated\""),
            new KeyValue("version", "1.0"),
            new KeyValue("description", "\"multi\\ word\""));
    assertThat(one("LABEL maintainer Jane Doe <jane@example.com>", LabelInstruction.class).labels())
        .containsExactly(new KeyValue("maintainer", "Jane Doe <jane@example.com>"));
    assertThatThrownBy(() -> one("LABEL a=b c"))
        .hasMessageStartingWith("Containerfile:1: can't find = in 'c'");
    assertThatThrownBy(() -> one("LABEL"))
        .hasMessageContaining("LABEL needs at least one key=value");
  }

  @Test
  void envPairsAndLegacyFormFromTheReference() throws Exception {
    assertThat(
            one(
                    "ENV MY_NAME=\"John Doe\" MY_DOG=Rex\\ The\\ Dog MY_CAT=fluffy",
                    EnvInstruction.class)
                .variables())
        .extracting(KeyValue::key)
        .containsExactly("MY_NAME", "MY_DOG", "MY_CAT");
    assertThat(one("ENV ONE TWO= THREE=world", EnvInstruction.class).variables())
        .containsExactly(new KeyValue("ONE", "TWO= THREE=world"));
    assertThatThrownBy(() -> one("ENV LONELY")).hasMessageContaining("ENV LONELY has no value");
    assertThatThrownBy(() -> one("ENV =x")).hasMessageContaining("name missing");
  }

  @Test
  void simpleTextInstructions() throws Exception {
    assertThat(one("MAINTAINER Jane <j@x>", MaintainerInstruction.class).maintainer())
        .isEqualTo("Jane <j@x>");
    assertThat(one("EXPOSE 80/tcp 53/udp", ExposeInstruction.class).ports())
        .containsExactly("80/tcp", "53/udp");
    UserInstruction u = one("USER app:staff", UserInstruction.class);
    assertThat(u.userPart()).isEqualTo("app");
    assertThat(u.groupPart()).contains("staff");
    assertThat(one("USER 1000", UserInstruction.class).groupPart()).isEmpty();
    assertThat(one("WORKDIR /path/to my/dir", WorkdirInstruction.class).path())
        .isEqualTo("/path/to my/dir");
    assertThat(one("STOPSIGNAL SIGKILL", StopsignalInstruction.class).signal())
        .isEqualTo("SIGKILL");
    for (String empty : List.of("USER", "WORKDIR", "STOPSIGNAL", "MAINTAINER", "EXPOSE")) {
      assertThatThrownBy(() -> one(empty))
          .hasMessageStartingWith("Containerfile:1: " + empty + " needs");
    }
  }

  @Test
  void volumeJsonOrWords() throws Exception {
    assertThat(one("VOLUME [\"/data\", \"/var/log\"]", VolumeInstruction.class).paths())
        .containsExactly("/data", "/var/log");
    assertThat(one("VOLUME /var/log /var/db", VolumeInstruction.class).paths())
        .containsExactly("/var/log", "/var/db");
    assertThatThrownBy(() -> one("VOLUME [\"\"]")).hasMessageContaining("must not be empty");
    assertThatThrownBy(() -> one("VOLUME")).hasMessageContaining("at least one path");
  }

  @Test
  void copyWithEveryFlag() throws Exception {
    CopyInstruction c =
        one(
            "COPY --from=build --chown=app:app --chmod=0644 --link --parents --exclude=*.md --exclude=tmp/ a.txt src/*.go /dst/",
            CopyInstruction.class);
    assertThat(c.sources()).containsExactly("a.txt", "src/*.go");
    assertThat(c.destination()).isEqualTo("/dst/");
    assertThat(c.from()).contains("build");
    assertThat(c.chown()).contains("app:app");
    assertThat(c.chmod()).contains("0644");
    assertThat(c.link()).isTrue();
    assertThat(c.parents()).isTrue();
    assertThat(c.excludes()).containsExactly("*.md", "tmp/");
    CopyInstruction plain = one("COPY [\"a b.txt\", \"/x/\"]", CopyInstruction.class);
    assertThat(plain.sources()).containsExactly("a b.txt");
    assertThat(plain.link()).isFalse();
    assertThat(one("COPY --link=false a /b", CopyInstruction.class).link()).isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "COPY onlyone|COPY needs at least one source and a destination",
        "COPY --keep-git-dir a b|unknown flag --keep-git-dir for COPY",
        "COPY --link=maybe a b|flag --link wants true or false",
        "COPY --from a b|flag --from needs a value",
        "ADD --from=x a b|unknown flag --from for ADD",
        "COPY --chmod=999 a b|invalid --chmod=999",
        "ADD --chmod=rwx a b|invalid --chmod=rwx",
        "ADD --checksum=sha256:abc local.tar /x|ADD --checksum only applies to URL or git sources",
      })
  void copyAndAddErrors(String line, String message) {
    assertThatThrownBy(() -> one(line)).hasMessageStartingWith("Containerfile:1: " + message);
  }

  @Test
  void addWithFlagsAndRemoteSources() throws Exception {
    AddInstruction a =
        one(
            "ADD --chown=1:1 --chmod=755 --link --keep-git-dir --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d --exclude=.git https://example.com/a.tar.gz /opt/",
            AddInstruction.class);
    assertThat(a.sources()).containsExactly("https://example.com/a.tar.gz");
    assertThat(a.keepGitDir()).isTrue();
    assertThat(a.checksum()).hasValueSatisfying(v -> assertThat(v).startsWith("sha256:"));
    assertThat(a.excludes()).containsExactly(".git");
    assertThat(AddInstruction.isRemote("https://x/y")).isTrue();
    assertThat(AddInstruction.isRemote("git@github.com:moby/buildkit.git")).isTrue();
    assertThat(AddInstruction.isRemote("vendor.tar.gz")).isFalse();
  }

  @Test
  void copyHeredocsBecomeInlineSources() throws Exception {
    Containerfile cf =
        Containerfile.parse(
            "Containerfile",
            "COPY --chmod=755 <<EOF <<-\"RAW\" conf/a.conf /app/\n#!/bin/sh\necho $X\nEOF\n\t$Y\n\tRAW\n");
    CopyInstruction c = (CopyInstruction) cf.instructions().getFirst();
    assertThat(c.sources()).containsExactly("conf/a.conf");
    assertThat(c.inline())
        .containsExactly(
            new InlineSource("EOF", "#!/bin/sh\necho $X\n", true),
            new InlineSource("RAW", "$Y\n", false));
    assertThat(c.destination()).isEqualTo("/app/");
  }

  @Test
  void heredocEdgeCasesFollowBuildKit() throws Exception {
    CopyInstruction empty =
        (CopyInstruction)
            Containerfile.parse("C", "COPY <<EOF /bar\nEOF").instructions().getFirst();
    assertThat(empty.inline()).containsExactly(new InlineSource("EOF", "", true));
    assertThatThrownBy(() -> Containerfile.parse("C", "COPY /foo <<EOF\nEOF\n"))
        .hasMessageStartingWith("C:1: COPY cannot take a heredoc as its destination");
    RunInstruction exec =
        (RunInstruction) Containerfile.parse("C", "RUN [\"<<EOF\"]\n").instructions().getFirst();
    assertThat(exec.command()).isEqualTo(new CommandLine.Exec(List.of("<<EOF")));
    assertThat(exec.heredocs()).isEmpty();
    RunInstruction piped =
        (RunInstruction)
            Containerfile.parse("C", "RUN <<'EOF' | python\nprint(\"hello\")\nEOF\n")
                .instructions()
                .getFirst();
    assertThat(piped.shellScript()).isEqualTo("<<'EOF' | python\nprint(\"hello\")\nEOF");
  }

  @Test
  void argDeclarationsWithAndWithoutDefaults() throws Exception {
    ArgInstruction a = one("ARG user1=someuser buildno VERSION=\"1 2\"", ArgInstruction.class);
    assertThat(a.args())
        .containsExactly(
            new ArgInstruction.Declaration("user1", Optional.of("someuser")),
            new ArgInstruction.Declaration("buildno", Optional.empty()),
            new ArgInstruction.Declaration("VERSION", Optional.of("\"1 2\"")));
    assertThatThrownBy(() -> one("ARG")).hasMessageContaining("ARG needs a name");
    assertThatThrownBy(() -> one("ARG =x")).hasMessageContaining("ARG name missing");
  }

  @Test
  void onbuildWrapsAParsedInstruction() throws Exception {
    OnbuildInstruction o = one("ONBUILD COPY --from=build . /app/src", OnbuildInstruction.class);
    assertThat(o.triggerText()).isEqualTo("COPY --from=build . /app/src");
    assertThat(o.trigger())
        .isInstanceOfSatisfying(CopyInstruction.class, c -> assertThat(c.from()).contains("build"));
    assertThat(one("onbuild run make", OnbuildInstruction.class).trigger())
        .isInstanceOf(RunInstruction.class);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ONBUILD ONBUILD RUN x|chaining ONBUILD via ONBUILD ONBUILD isn't allowed",
        "ONBUILD FROM alpine|FROM isn't allowed as an ONBUILD trigger",
        "ONBUILD MAINTAINER me|MAINTAINER isn't allowed as an ONBUILD trigger",
        "ONBUILD|ONBUILD needs an instruction",
        "ONBUILD FETCH x|unknown instruction: FETCH",
      })
  void onbuildRejects(String line, String message) {
    assertThatThrownBy(() -> one(line)).hasMessageStartingWith("Containerfile:1: " + message);
  }

  @Test
  void onbuildRunWithHeredocKeepsTheBodyForTheImageConfig() throws Exception {
    Containerfile cf =
        Containerfile.parse("Containerfile", "ONBUILD RUN <<EOF\necho hi\nEOF\nUSER x\n");
    OnbuildInstruction o = (OnbuildInstruction) cf.instructions().getFirst();
    assertThat(o.triggerText()).isEqualTo("RUN <<EOF\necho hi\nEOF");
    assertThat(((RunInstruction) o.trigger()).shellScript()).isEqualTo("echo hi\n");
    assertThat(cf.instructions()).hasSize(2);
    Instruction again =
        InstructionParser.parseTrigger(o.triggerText(), new Location("Containerfile", 7));
    assertThat(((RunInstruction) again).shellScript()).isEqualTo("echo hi\n");
    assertThat(again.location()).isEqualTo(new Location("Containerfile", 7));
  }

  @Test
  void triggersFromABaseImageAreParsedAndChecked() throws Exception {
    Location at = new Location("Containerfile", 3);
    assertThat(InstructionParser.parseTrigger("RUN echo hi", at))
        .isInstanceOf(RunInstruction.class);
    assertThatThrownBy(() -> InstructionParser.parseTrigger("FROM x", at))
        .hasMessageStartingWith("Containerfile:3: FROM isn't allowed");
    assertThatThrownBy(() -> InstructionParser.parseTrigger("RUN a\nRUN b", at))
        .hasMessageContaining("not one instruction");
    assertThatThrownBy(() -> InstructionParser.parseTrigger("BOGUS x", at))
        .hasMessageStartingWith("Containerfile:3: unknown instruction: BOGUS");
  }

  @Test
  void healthcheckNoneAndCmdWithOptions() throws Exception {
    HealthcheckInstruction none = one("HEALTHCHECK NONE", HealthcheckInstruction.class);
    assertThat(none.disabled()).isTrue();
    HealthcheckInstruction h =
        one(
            "HEALTHCHECK --interval=5m --timeout=3s --start-period=1m30s --start-interval=500ms --retries=4 CMD curl -f http://localhost/ || exit 1",
            HealthcheckInstruction.class);
    assertThat(h.test()).containsExactly("CMD-SHELL", "curl -f http://localhost/ || exit 1");
    assertThat(h.interval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(h.timeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(h.startPeriod()).isEqualTo(Duration.ofSeconds(90));
    assertThat(h.startInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(h.retries()).isEqualTo(4);
    assertThat(h.disabled()).isFalse();
    HealthcheckInstruction exec =
        one("HEALTHCHECK CMD [\"/bin/check\", \"-q\"]", HealthcheckInstruction.class);
    assertThat(exec.test()).containsExactly("CMD", "/bin/check", "-q");
    assertThat(exec.interval()).isZero();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "HEALTHCHECK NONE extra|HEALTHCHECK NONE takes no other arguments",
        "HEALTHCHECK --interval=5s NONE|HEALTHCHECK NONE takes no other arguments",
        "HEALTHCHECK|HEALTHCHECK wants NONE or CMD",
        "HEALTHCHECK curl x|HEALTHCHECK wants NONE or CMD",
        "HEALTHCHECK --interval=5 CMD true|--interval=5 is not a duration",
        "HEALTHCHECK --timeout=-1s CMD true|--timeout cannot be negative",
        "HEALTHCHECK --interval=10us CMD true|--interval cannot be less than 1ms",
        "HEALTHCHECK --retries=-2 CMD true|--retries must be a non-negative number",
        "HEALTHCHECK --retries=x CMD true|--retries must be a non-negative number",
        "HEALTHCHECK --interval=9999999999h CMD true|--interval=9999999999h is not a duration",
        "HEALTHCHECK --port=1 CMD true|unknown flag --port for HEALTHCHECK",
      })
  void healthcheckErrors(String line, String message) {
    assertThatThrownBy(() -> one(line)).hasMessageStartingWith("Containerfile:1: " + message);
  }

  @Test
  void shellNeedsJson() throws Exception {
    assertThat(one("SHELL [\"powershell\", \"-command\"]", ShellInstruction.class).shell())
        .containsExactly("powershell", "-command");
    for (String bad :
        List.of("SHELL /bin/bash -c", "SHELL []", "SHELL [\"a\", 1]", "SHELL [\"a\"")) {
      assertThatThrownBy(() -> one(bad))
          .hasMessageStartingWith(
              "Containerfile:1: SHELL requires a non-empty JSON array of strings");
    }
  }

  @Test
  void unknownInstructionSuggestsTheClosestKeyword() {
    assertThatThrownBy(() -> Containerfile.parse("app/Dockerfile", "FROM x\n\nCOPPY a b\n"))
        .isInstanceOf(ContainerfileException.class)
        .hasMessage("app/Dockerfile:3: unknown instruction: COPPY (hint: did you mean COPY?)")
        .satisfies(
            e -> {
              ContainerfileException ce = (ContainerfileException) e;
              assertThat(ce.location()).contains(new Location("app/Dockerfile", 3));
              assertThat(ce.problem()).isEqualTo("unknown instruction: COPPY");
            });
  }

  @Test
  void keywordsAreCaseInsensitive() throws Exception {
    assertThat(Containerfile.parse("C", "from a\nRuN x\nworkdir /w\n").instructions())
        .extracting(Instruction::keyword)
        .containsExactly("FROM", "RUN", "WORKDIR");
  }

  @Test
  void readsFromDiskAndReportsMissingFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path file = dir.resolve("Containerfile");
    java.nio.file.Files.writeString(file, "FROM scratch\nCOPY a /\n");
    assertThat(Containerfile.read(file, "Containerfile").instructions()).hasSize(2);
    assertThatThrownBy(() -> Containerfile.read(dir.resolve("nope"), "nope"))
        .hasMessageStartingWith("cannot read nope");
  }
}
