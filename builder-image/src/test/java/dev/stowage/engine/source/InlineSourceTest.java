package dev.stowage.engine.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InlineSourceTest {

  @TempDir Path tmp;

  private static String payload(String containerfilePath, String filesJson) {
    return "{\"containerfile\":\"FROM scratch\\n\",\"containerfilePath\":\""
        + containerfilePath
        + "\",\"files\":"
        + filesJson
        + "}";
  }

  @Test
  void writesTheContainerfileAndEveryFileCreatingDirectories() throws Exception {
    InlineSource source =
        InlineSource.parse(
            payload("build/Containerfile", "{\"a.txt\":\"A\",\"deep/er/b.txt\":\"B\"}"), "test");
    Destination dest = Destination.prepare(tmp.resolve("ws"));

    List<RelativePath> written = source.writeTo(dest);

    assertThat(written)
        .extracting(RelativePath::toString)
        .containsExactly("build/Containerfile", "a.txt", "deep/er/b.txt");
    assertThat(tmp.resolve("ws/build/Containerfile")).hasContent("FROM scratch\n");
    assertThat(tmp.resolve("ws/deep/er/b.txt")).hasContent("B");
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("ws/a.txt"))))
        .isEqualTo("rw-r--r--");
  }

  @Test
  void containerfilePathDefaultsToContainerfile() throws Exception {
    InlineSource source = InlineSource.parse("{\"containerfile\":\"FROM x\"}", "test");
    assertThat(source.files())
        .extracting(f -> f.path().toString())
        .containsExactly("Containerfile");
  }

  @Test
  void unknownFieldsAreIgnored() throws Exception {
    assertThat(InlineSource.parse("{\"containerfile\":\"x\",\"later\":1}", "t").files()).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/etc/cron.d/x", "../x", "a/../../x", "ok/../../../etc"})
  void hostilePathsAreRefusedBeforeAnythingIsWritten(String hostile) throws Exception {
    String json = payload("Containerfile", "{\"a.txt\":\"A\",\"" + hostile + "\":\"evil\"}");
    Path ws = tmp.resolve("ws");
    assertThatThrownBy(() -> InlineSource.parse(json, "test").writeTo(Destination.prepare(ws)))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining(hostile);
    assertThat(ws).doesNotExist();
  }

  @Test
  void hostileContainerfilePathIsRefused() {
    assertThatThrownBy(() -> InlineSource.parse(payload("../Containerfile", "{}"), "test"))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("containerfilePath");
  }

  @Test
  void symlinkInTheDestinationIsNeverWrittenThrough() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Path ws = Files.createDirectories(tmp.resolve("ws"));
    Files.createSymbolicLink(ws.resolve("sub"), outside);
    InlineSource source = InlineSource.parse(payload("Containerfile", "{\"sub/x\":\"evil\"}"), "t");

    assertThatThrownBy(() -> source.writeTo(Destination.prepare(ws)))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("symbolic link");
    assertThat(outside).isEmptyDirectory();
    assertThat(ws.resolve("Containerfile")).doesNotExist();
  }

  @Test
  void existingFileIsNeverReplaced() throws Exception {
    Path ws = Files.createDirectories(tmp.resolve("ws"));
    Files.writeString(ws.resolve("a.txt"), "mine");
    InlineSource source = InlineSource.parse(payload("Containerfile", "{\"a.txt\":\"new\"}"), "t");

    assertThatThrownBy(() -> source.writeTo(Destination.prepare(ws)))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("already exists");
    assertThat(ws.resolve("a.txt")).hasContent("mine");
  }

  @Test
  void fileThatIsAlsoADirectoryIsRefused() {
    assertThatThrownBy(
            () -> InlineSource.parse(payload("Containerfile", "{\"a\":\"1\",\"a/b\":\"2\"}"), "t"))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("'a' is both a file and a directory");
  }

  @Test
  void fileClashingWithTheContainerfileIsRefused() {
    assertThatThrownBy(
            () -> InlineSource.parse(payload("Containerfile", "{\"./Containerfile\":\"x\"}"), "t"))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("given twice");
  }

  @Test
  void missingContainerfileIsRefused() {
    assertThatThrownBy(() -> InlineSource.parse("{\"files\":{}}", "src.json"))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("src.json has no \"containerfile\"");
  }

  @Test
  void malformedJsonIsAUserError() {
    assertThatThrownBy(() -> InlineSource.parse("{\"containerfile\":", "src.json"))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void nullContentIsRefused() {
    assertThatThrownBy(() -> InlineSource.parse(payload("Containerfile", "{\"a\":null}"), "t"))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("no content");
  }

  @Test
  void pathNamingNoFileIsRefused() {
    assertThatThrownBy(() -> InlineSource.parse(payload("Containerfile", "{\"./\":\"x\"}"), "t"))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("names no file");
  }

  @Test
  void nothingButTheGivenFilesIsWritten() throws Exception {
    Path ws = tmp.resolve("ws");
    InlineSource.parse(payload("Containerfile", "{\"x/y\":\"1\"}"), "t")
        .writeTo(Destination.prepare(ws));
    try (Stream<Path> all = Files.walk(ws)) {
      assertThat(all.map(p -> ws.relativize(p).toString()))
          .containsExactlyInAnyOrder("", "Containerfile", "x", "x/y");
    }
  }
}
