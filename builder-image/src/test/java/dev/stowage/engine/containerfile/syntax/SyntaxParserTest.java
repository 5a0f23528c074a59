package dev.stowage.engine.containerfile.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.engine.containerfile.ContainerfileException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyntaxParserTest {

  private static SyntaxTree parse(String text) throws ContainerfileException {
    return SyntaxParser.parse("Containerfile", text);
  }

  @Test
  void splitsKeywordFlagsAndArgumentsWithLineNumbers() throws Exception {
    SyntaxTree tree =
        parse(
            """
            FROM --platform=linux/amd64 alpine:3.20 AS base

            run --mount=type=cache,target=/root/.cache --network=none make
            """);
    assertThat(tree.nodes()).hasSize(2);
    Node from = tree.nodes().get(0);
    assertThat(from.keyword()).isEqualTo("FROM");
    assertThat(from.flags()).containsExactly("--platform=linux/amd64");
    assertThat(from.args()).isEqualTo("alpine:3.20 AS base");
    assertThat(from.location().toString()).isEqualTo("Containerfile:1");
    Node run = tree.nodes().get(1);
    assertThat(run.keyword()).isEqualTo("RUN");
    assertThat(run.flags())
        .containsExactly("--mount=type=cache,target=/root/.cache", "--network=none");
    assertThat(run.args()).isEqualTo("make");
    assertThat(run.startLine()).isEqualTo(3);
  }

  @Test
  void readsParserDirectivesOnlyAtTheTop() throws Exception {
    SyntaxTree tree =
        parse(
            """
            # syntax=docker/dockerfile:1
            #  ESCAPE = `
            # check=skip=JSONArgsRecommended
            # unknown=ignored
            FROM busybox
            """);
    assertThat(tree.directives().syntax()).contains("docker/dockerfile:1");
    assertThat(tree.directives().escape()).isEqualTo('`');
    assertThat(tree.directives().check()).contains("skip=JSONArgsRecommended");
    assertThat(tree.nodes()).hasSize(1);
  }

  @Test
  void directiveAfterACommentIsJustAComment() throws Exception {
    SyntaxTree tree =
        parse(
            """
            # a comment
            # escape=`
            FROM busybox
            """);
    assertThat(tree.directives().escape()).isEqualTo('\\');
  }

  @Test
  void directiveAfterABlankLineIsJustAComment() throws Exception {
    assertThat(parse("\n# escape=`\nFROM x\n").directives().escape()).isEqualTo('\\');
  }

  @Test
  void repeatedDirectiveIsRejectedWithItsLine() {
    assertThatThrownBy(() -> parse("# escape=`\n# escape=`\nFROM x\n"))
        .isInstanceOf(ContainerfileException.class)
        .hasMessageStartingWith("Containerfile:2: only one escape parser directive");
  }

  @Test
  void invalidEscapeCharacterIsRejected() {
    assertThatThrownBy(() -> parse("# escape=x\nFROM x\n"))
        .hasMessageStartingWith("Containerfile:1: invalid escape character 'x'");
  }

  @Test
  void joinsContinuationLinesSkippingCommentsAndBlankLines() throws Exception {
    SyntaxTree tree =
        parse(
            """
            FROM x
            RUN apt-get update \\
            # a comment in the middle
                && apt-get install -y \\

                   curl   \\\t
                # indented comment
                   git
            CMD ["sh"]
            """);
    Node run = tree.nodes().get(1);
    assertThat(run.args().replaceAll("\\s+", " "))
        .isEqualTo("apt-get update && apt-get install -y curl git");
    assertThat(run.args()).doesNotContain("comment").doesNotContain("\\");
    assertThat(run.startLine()).isEqualTo(2);
    assertThat(run.endLine()).isEqualTo(8);
    assertThat(tree.nodes().get(2).startLine()).isEqualTo(9);
    assertThat(tree.warnings())
        .singleElement()
        .asString()
        .contains("Containerfile:2: empty continuation");
  }

  @Test
  void backtickEscapeContinuesLinesAndLeavesBackslashesAlone() throws Exception {
    SyntaxTree tree =
        parse(
            """
            # escape=`
            FROM mcr.microsoft.com/windows/servercore
            COPY testfile.txt c:\\
            RUN dir c:\\ `
                /s
            """);
    assertThat(tree.nodes().get(1).args()).isEqualTo("testfile.txt c:\\");
    assertThat(tree.nodes().get(2).args()).isEqualTo("dir c:\\     /s");
  }

  @Test
  void windowsLineEndingsAndByteOrderMarkAreAccepted() throws Exception {
    SyntaxTree tree = parse("\uFEFFFROM x\r\nRUN a \\\r\n  b\r\n");
    assertThat(tree.nodes()).extracting(Node::keyword).containsExactly("FROM", "RUN");
    assertThat(tree.nodes().get(1).args()).isEqualTo("a   b");
  }

  @Test
  void readsHeredocForRun() throws Exception {
    SyntaxTree tree =
        parse(
            """
            FROM x
            RUN <<EOF
            apt-get update
              echo "$HOME"
            EOF
            USER app
            """);
    Node run = tree.nodes().get(1);
    assertThat(run.args()).isEqualTo("<<EOF");
    assertThat(run.heredocs())
        .containsExactly(new Heredoc("EOF", "apt-get update\n  echo \"$HOME\"\n", true, false));
    assertThat(run.endLine()).isEqualTo(5);
    assertThat(tree.nodes().get(2).keyword()).isEqualTo("USER");
    assertThat(tree.nodes().get(2).startLine()).isEqualTo(6);
  }

  @Test
  void dashHeredocStripsLeadingTabsIncludingOnTheTerminator() throws Exception {
    SyntaxTree tree = parse("FROM x\nRUN <<-EOT\n\t\techo hi\n\t  keep\n\tEOT\n");
    assertThat(tree.nodes().get(1).heredocs().getFirst())
        .isEqualTo(new Heredoc("EOT", "echo hi\n  keep\n", true, true));
  }

  @Test
  void quotedHeredocMarkerDisablesExpansion() throws Exception {
    SyntaxTree tree = parse("FROM x\nRUN <<\"EOF\" cat\n$A\nEOF\nCOPY <<'X' /x\n$B\nX\n");
    assertThat(tree.nodes().get(1).heredocs().getFirst().expand()).isFalse();
    assertThat(tree.nodes().get(2).heredocs().getFirst())
        .isEqualTo(new Heredoc("X", "$B\n", false, false));
  }

  @Test
  void severalHeredocsOnOneLineAreReadInOrder() throws Exception {
    SyntaxTree tree =
        parse(
            """
            FROM x
            COPY <<robots.txt <<humans.txt /usr/share/nginx/html/
            User-agent: *
            robots.txt
            (made by humans)
            humans.txt
            RUN <<FILE1 cat > file1 && <<FILE2 cat > file2
            I am
            first
            FILE1
            I am
            second
            FILE2
            """);
    Node copy = tree.nodes().get(1);
    assertThat(copy.heredocs())
        .extracting(Heredoc::name)
        .containsExactly("robots.txt", "humans.txt");
    assertThat(copy.heredocs().get(1).content()).isEqualTo("(made by humans)\n");
    Node run = tree.nodes().get(2);
    assertThat(run.heredocs())
        .extracting(Heredoc::content)
        .containsExactly("I am\nfirst\n", "I am\nsecond\n");
    assertThat(run.startLine()).isEqualTo(7);
  }

  @Test
  void heredocLinesAreNotCommentsOrContinuations() throws Exception {
    SyntaxTree tree = parse("FROM x\nRUN <<EOF\n# not a comment \\\n\nEOF\n");
    assertThat(tree.nodes().get(1).heredocs().getFirst().content())
        .isEqualTo("# not a comment \\\n\n");
  }

  @Test
  void heredocMarkersAreOnlyRecognisedForRunCopyAndAdd() throws Exception {
    SyntaxTree tree = parse("FROM x\nLABEL a=<<EOF\nRUN echo '<<EOF' \"<<X\" a<<b\n");
    assertThat(tree.nodes()).hasSize(3);
    assertThat(tree.nodes()).allSatisfy(n -> assertThat(n.heredocs()).isEmpty());
  }

  @Test
  void unterminatedHeredocIsAnErrorAtItsInstruction() {
    assertThatThrownBy(() -> parse("FROM x\n\nRUN <<EOF\necho\n"))
        .isInstanceOf(ContainerfileException.class)
        .hasMessageStartingWith("Containerfile:3: heredoc <<EOF is not terminated");
  }

  @Test
  void heredocFromAnotherFileDescriptorIsRejected() {
    assertThatThrownBy(() -> parse("FROM x\nRUN cat 3<<EOF\nx\nEOF\n"))
        .hasMessageContaining("unsupported file descriptor 3");
  }

  @Test
  void flagsMayBeQuotedAndEndAtDoubleDash() throws Exception {
    Node n = parse("COPY --chown=\"app user\" --link -- --weird-name /dst\n").nodes().getFirst();
    assertThat(n.flags()).containsExactly("--chown=app user", "--link");
    assertThat(n.args()).isEqualTo("--weird-name /dst");
  }

  @Test
  void continuationAtEndOfFileStillYieldsTheInstruction() throws Exception {
    assertThat(parse("FROM x\nRUN a \\").nodes().get(1).args()).isEqualTo("a");
  }

  @Test
  void parsesSingleTriggerLine() throws Exception {
    Node n =
        SyntaxParser.parseLine(
            "COPY --from=build /a /b",
            new dev.stowage.engine.containerfile.Location("Containerfile", 4));
    assertThat(n.keyword()).isEqualTo("COPY");
    assertThat(n.flags()).isEqualTo(List.of("--from=build"));
  }
}
