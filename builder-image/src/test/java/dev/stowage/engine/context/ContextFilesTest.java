package dev.stowage.engine.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextFilesTest {

  @TempDir Path ctx;
  @TempDir Path elsewhere;

  private void file(String rel) throws IOException {
    Path p = ctx.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, rel);
  }

  private void ignore(String name, String... lines) throws IOException {
    Files.write(ctx.resolve(name), List.of(lines));
  }

  private static List<String> paths(List<ContextEntry> entries) {
    return entries.stream().map(ContextEntry::path).toList();
  }

  @BeforeEach
  void layout() throws IOException {
    file("Containerfile");
    file("README.md");
    file("docs/guide.md");
    file("src/main.go");
    file("src/util/strings.go");
    file("src/util/strings_test.go");
    file("node_modules/left-pad/index.js");
    file("vendor/keep/LICENSE");
    file("vendor/drop/big.bin");
    file("a.txt");
    file("b.txt");
  }

  @Test
  void walksEverythingSortedWhenNothingIsIgnored() throws Exception {
    ContextFiles files = ContextFiles.open(ctx, Optional.empty());
    assertThat(files.ignoreFile()).isEmpty();
    assertThat(paths(files.entries()))
        .containsExactly(
            "Containerfile",
            "README.md",
            "a.txt",
            "b.txt",
            "docs",
            "docs/guide.md",
            "node_modules",
            "node_modules/left-pad",
            "node_modules/left-pad/index.js",
            "src",
            "src/main.go",
            "src/util",
            "src/util/strings.go",
            "src/util/strings_test.go",
            "vendor",
            "vendor/drop",
            "vendor/drop/big.bin",
            "vendor/keep",
            "vendor/keep/LICENSE");
  }

  @Test
  void dockerignoreExcludesAndReincludesInsideExcludedDirectories() throws Exception {
    ignore(
        ".dockerignore",
        "# build context rules",
        "node_modules",
        "**/*_test.go",
        "*.md",
        "!README.md",
        "vendor",
        "!vendor/keep/**");
    ContextFiles files = ContextFiles.open(ctx, Optional.of(ctx.resolve("Containerfile")));
    assertThat(files.ignoreFile()).contains(ctx.resolve(".dockerignore"));
    assertThat(paths(files.entries()))
        .containsExactly(
            ".dockerignore",
            "Containerfile",
            "README.md",
            "a.txt",
            "b.txt",
            "docs",
            "docs/guide.md",
            "src",
            "src/main.go",
            "src/util",
            "src/util/strings.go",
            "vendor",
            "vendor/keep",
            "vendor/keep/LICENSE");
    assertThat(files.isIncluded("docs/guide.md")).isTrue();
    assertThat(files.isIncluded("node_modules/left-pad/index.js")).isFalse();
  }

  @Test
  void containerfileSpecificIgnoreFileWinsOverTheContextOne() throws Exception {
    ignore(".dockerignore", "a.txt");
    Files.createDirectories(ctx.resolve("build"));
    Path cf = ctx.resolve("build/Dockerfile");
    Files.writeString(cf, "FROM x\n");
    ignore("build/Dockerfile.dockerignore", "b.txt");
    ContextFiles files = ContextFiles.open(ctx, Optional.of(cf));
    assertThat(files.isIncluded("a.txt")).isTrue();
    assertThat(files.isIncluded("b.txt")).isFalse();
    ignore("Containerfile.dockerignore", "README.md");
    assertThat(
            ContextFiles.open(ctx, Optional.of(ctx.resolve("Containerfile")))
                .isIncluded("README.md"))
        .isFalse();
  }

  @Test
  void containerignoreIsPreferredOverDockerignore() throws Exception {
    ignore(".dockerignore", "a.txt");
    ignore(".containerignore", "b.txt");
    ContextFiles files = ContextFiles.open(ctx, Optional.empty());
    assertThat(files.isIncluded("a.txt")).isTrue();
    assertThat(files.isIncluded("b.txt")).isFalse();
  }

  @Test
  void symlinksAreEntriesAndAreNotWalked() throws Exception {
    Path outside = elsewhere;
    Files.writeString(outside.resolve("secret"), "s");
    Files.createSymbolicLink(ctx.resolve("escape"), outside);
    Files.createSymbolicLink(ctx.resolve("docs-link"), Path.of("docs"));
    List<ContextEntry> entries = ContextFiles.open(ctx, Optional.empty()).entries();
    assertThat(entries)
        .filteredOn(e -> e.path().startsWith("escape") || e.path().startsWith("docs-link"))
        .extracting(ContextEntry::path, ContextEntry::kind)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("docs-link", ContextEntry.Kind.SYMLINK),
            org.assertj.core.groups.Tuple.tuple("escape", ContextEntry.Kind.SYMLINK));
  }

  @Test
  void entriesUnderADirectoryHonourTheRules() throws Exception {
    ContextFiles files = ContextFiles.open(ctx, IgnoreRules.parse(List.of("**/*_test.go")));
    assertThat(paths(files.entriesUnder("src/")))
        .containsExactly("src/main.go", "src/util", "src/util/strings.go");
  }

  @Test
  void literalSourcesResolveToTheirEntry() throws Exception {
    ContextFiles files = ContextFiles.open(ctx, Optional.empty());
    assertThat(files.resolveSource("./src/main.go"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.path()).isEqualTo("src/main.go");
              assertThat(e.kind()).isEqualTo(ContextEntry.Kind.FILE);
              assertThat(e.file()).isEqualTo(ctx.toRealPath().resolve("src/main.go"));
            });
    assertThat(files.resolveSource(".").getFirst().kind()).isEqualTo(ContextEntry.Kind.DIRECTORY);
    assertThat(files.resolveSource("/src").getFirst().path()).isEqualTo("src");
  }

  @Test
  void globSourcesMatchPerSegmentLikeGo() throws Exception {
    ContextFiles files = ContextFiles.open(ctx, Optional.empty());
    assertThat(paths(files.resolveSource("*.txt"))).containsExactly("a.txt", "b.txt");
    assertThat(paths(files.resolveSource("src/*/*.go")))
        .containsExactly("src/util/strings.go", "src/util/strings_test.go");
    assertThat(paths(files.resolveSource("[ab].txt"))).containsExactly("a.txt", "b.txt");
    assertThat(paths(files.resolveSource("?.txt"))).containsExactly("a.txt", "b.txt");
    assertThat(paths(files.resolveSource("vendor/*")))
        .containsExactly("vendor/drop", "vendor/keep");
  }

  @Test
  void doubleStarIsNotRecursiveInCopySources() throws Exception {
    ContextFiles files = ContextFiles.open(ctx, Optional.empty());
    assertThat(paths(files.resolveSource("src/**/strings.go")))
        .containsExactly("src/util/strings.go");
    assertThatThrownBy(() -> files.resolveSource("**/strings.go"))
        .isInstanceOf(ContextException.class)
        .hasMessageContaining("matches no file");
  }

  @Test
  void globsSkipIgnoredFiles() throws Exception {
    ignore(".dockerignore", "b.txt");
    ContextFiles files = ContextFiles.open(ctx, Optional.empty());
    assertThat(paths(files.resolveSource("*.txt"))).containsExactly("a.txt");
    assertThatThrownBy(() -> files.resolveSource("b*.txt"))
        .hasMessage(
            "source 'b*.txt' matches no file in the build context (is it excluded by .dockerignore?)");
  }

  @Test
  void missingExcludedAndEscapingSourcesAreClearErrors() throws Exception {
    ignore(".dockerignore", "node_modules", "vendor", "!vendor/keep");
    ContextFiles files = ContextFiles.open(ctx, Optional.empty());
    assertThatThrownBy(() -> files.resolveSource("nope.txt"))
        .hasMessageStartingWith("source 'nope.txt' not found in the build context");
    assertThatThrownBy(() -> files.resolveSource("node_modules/left-pad"))
        .hasMessageStartingWith("source 'node_modules/left-pad' is excluded by .dockerignore")
        .hasMessageContaining("'!node_modules/left-pad'");
    assertThat(paths(files.resolveSource("vendor"))).containsExactly("vendor");
    assertThatThrownBy(() -> files.resolveSource("../etc/passwd"))
        .hasMessageStartingWith("source '../etc/passwd' is outside the build context");
    assertThatThrownBy(() -> files.resolveSource("src/../../x"))
        .hasMessageContaining("outside the build context");
  }

  @Test
  void symlinkedSourcesAreFollowedOnlyInsideTheContext() throws Exception {
    Files.createSymbolicLink(ctx.resolve("current"), Path.of("src/util"));
    Files.createSymbolicLink(ctx.resolve("up"), Path.of("../.."));
    Files.createSymbolicLink(ctx.resolve("abs"), Path.of("/etc"));
    ContextFiles files = ContextFiles.open(ctx, Optional.empty());
    ContextEntry e = files.resolveSource("current/strings.go").getFirst();
    assertThat(e.file()).isEqualTo(ctx.toRealPath().resolve("src/util/strings.go"));
    assertThat(files.resolveSource("current").getFirst().kind())
        .isEqualTo(ContextEntry.Kind.DIRECTORY);
    assertThatThrownBy(() -> files.resolveSource("up/x"))
        .hasMessageContaining("outside the build context");
    assertThatThrownBy(() -> files.resolveSource("abs/passwd"))
        .hasMessageContaining("outside the build context");
  }

  @Test
  void entriesUnderASymlinkedDirectoryNeverLeaveTheContext() throws Exception {
    Files.createSymbolicLink(ctx.resolve("current"), Path.of("src/util"));
    Files.createSymbolicLink(ctx.resolve("up"), Path.of(".."));
    ContextFiles files = ContextFiles.open(ctx, Optional.empty());
    assertThat(paths(files.entriesUnder("current")))
        .containsExactly("current/strings.go", "current/strings_test.go");
    assertThatThrownBy(() -> files.entriesUnder("up"))
        .hasMessageContaining("outside the build context");
    assertThatThrownBy(() -> files.entriesUnder("a.txt"))
        .hasMessageContaining("is not a directory");
  }

  @Test
  void contextMustBeAnExistingDirectory() {
    assertThatThrownBy(() -> ContextFiles.open(ctx.resolve("missing"), Optional.empty()))
        .isInstanceOf(ContextException.class)
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> ContextFiles.open(ctx.resolve("a.txt"), Optional.empty()))
        .hasMessageContaining("is not a directory");
  }
}
