package dev.stowage.engine.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RelativePathTest {

  @Test
  void parseDropsEmptyAndDotNames() throws Exception {
    assertThat(RelativePath.parse("./a//b/./c/", "path").names()).containsExactly("a", "b", "c");
    assertThat(RelativePath.parse("a/b", "path").toString()).isEqualTo("a/b");
  }

  @Test
  void emptyDotAndNullAreTheRoot() throws Exception {
    assertThat(RelativePath.parse("", "path").isRoot()).isTrue();
    assertThat(RelativePath.parse(".", "path").isRoot()).isTrue();
    assertThat(RelativePath.parse(null, "path").isRoot()).isTrue();
    assertThat(RelativePath.ROOT.toString()).isEqualTo(".");
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", "../x", "a/../b", "a/..", "./.."})
  void parseRefusesDotDotAnywhere(String text) {
    assertThatThrownBy(() -> RelativePath.parse(text, "context directory"))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("context directory '" + text + "'")
        .hasMessageContaining("'..'");
  }

  @Test
  void parseRefusesAbsolutePaths() {
    assertThatThrownBy(() -> RelativePath.parse("/etc/passwd", "inline file"))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("inline file '/etc/passwd' is absolute");
  }

  @Test
  void parseRefusesNulBytes() {
    assertThatThrownBy(() -> RelativePath.parse("a\0b", "inline file"))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("NUL");
  }

  @Test
  void dotsInsideNamesAreOrdinaryNames() throws Exception {
    assertThat(RelativePath.parse("..a/b..", "path").names()).containsExactly("..a", "b..");
  }

  @Test
  void underResolvesLexicallyBelowTheRoot() throws Exception {
    assertThat(RelativePath.parse("a/b", "path").under(Path.of("/ws")))
        .isEqualTo(Path.of("/ws/a/b"));
  }

  @Test
  void ancestorMeansStrictlyAbove() {
    RelativePath a = new RelativePath(List.of("a"));
    RelativePath ab = new RelativePath(List.of("a", "b"));
    assertThat(a.isAncestorOf(ab)).isTrue();
    assertThat(ab.isAncestorOf(a)).isFalse();
    assertThat(a.isAncestorOf(a)).isFalse();
  }
}
