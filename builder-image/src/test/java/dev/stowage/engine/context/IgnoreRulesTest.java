package dev.stowage.engine.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IgnoreRulesTest {

  private static IgnoreRules rules(String... lines) throws ContextException {
    return IgnoreRules.parse(List.of(lines));
  }

  @ParameterizedTest(name = "{0} excludes {1}: {2}")
  @CsvSource({
    "*/temp*, somedir/temporary.txt, true",
    "*/temp*, somedir/temp, true",
    "*/temp*, temp.txt, false",
    "*/*/temp*, somedir/subdir/temporary.txt, true",
    "*/*/temp*, somedir/temporary.txt, false",
    "temp?, temp1, true",
    "temp?, temp12, false",
    "**/*.go, main.go, true",
    "**/*.go, a/b/c/main.go, true",
    "**/*.go, main.gox, false",
    "docs/**, docs/a/b.md, true",
    "docs/**, docs, false",
    "a/**/b, a/b, true",
    "a/**/b, a/x/y/b, true",
    "a/**/b, a/x/y/bc, false",
    "**, anything/at/all, true",
    "*.md, README.md, true",
    "*.md, docs/README.md, false",
    "[a-c]at, bat, true",
    "[a-c]at, rat, false",
    "[^a-c]at, rat, true",
    "[!a-c]at, rat, false",
    "[!a-c]at, !at, true",
    "/node_modules, node_modules/x/index.js, true",
    "./build, build/out.o, true",
    "build/../dist, dist/app.js, true",
    "node_modules, src/node_modules, false",
    "file.txt, file.txt/inside, true",
  })
  void matchesLikeMobyPatternMatcher(String pattern, String path, boolean excluded)
      throws Exception {
    assertThat(rules(pattern).excludes(path)).isEqualTo(excluded);
  }

  @Test
  void lastMatchingRuleWins() throws Exception {
    IgnoreRules r = rules("*.md", "!README*.md", "README-secret.md");
    assertThat(r.excludes("CHANGES.md")).isTrue();
    assertThat(r.excludes("README.md")).isFalse();
    assertThat(r.excludes("README-secret.md")).isTrue();
  }

  @Test
  void exceptionReincludesAFileInsideAnExcludedDirectory() throws Exception {
    IgnoreRules r = rules("vendor", "!vendor/keep.txt");
    assertThat(r.excludes("vendor/drop.txt")).isTrue();
    assertThat(r.excludes("vendor/keep.txt")).isFalse();
    assertThat(r.mayReincludeWithin("vendor")).isTrue();
    assertThat(r.mayReincludeWithin("other")).isFalse();
  }

  @Test
  void exceptionWithWildcardsOrDoubleStarKeepsDirectoriesWalkable() throws Exception {
    assertThat(rules("*", "!*/pkg/*.go").mayReincludeWithin("a")).isTrue();
    assertThat(rules("*", "!*/pkg/*.go").mayReincludeWithin("a/pkg")).isTrue();
    assertThat(rules("*", "!*/pkg/*.go").mayReincludeWithin("a/src")).isFalse();
    assertThat(rules("*", "!**/keep").mayReincludeWithin("deep/dir")).isTrue();
  }

  @Test
  void commentsBlankLinesAndWhitespaceAreIgnored() throws Exception {
    IgnoreRules r = rules("# comment", "", "   ", "  *.log  ", "! keep.log ");
    assertThat(r.patterns())
        .extracting(IgnorePattern::pattern)
        .containsExactly("*.log", "keep.log");
    assertThat(r.excludes("a.log")).isTrue();
    assertThat(r.excludes("keep.log")).isFalse();
  }

  @Test
  void byteOrderMarkOnTheFirstLineIsStripped() throws Exception {
    assertThat(rules("\uFEFF*.tmp").excludes("x.tmp")).isTrue();
  }

  @Test
  void emptyRulesExcludeNothing() {
    assertThat(IgnoreRules.none().excludes("anything")).isFalse();
  }

  @Test
  void malformedPatternIsAContextError() {
    assertThatThrownBy(() -> rules("[abc"))
        .isInstanceOf(ContextException.class)
        .hasMessageContaining("syntax error in pattern '[abc'");
  }
}
