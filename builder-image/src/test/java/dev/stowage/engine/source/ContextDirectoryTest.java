package dev.stowage.engine.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextDirectoryTest {

  @TempDir Path tmp;

  private Path root;

  @BeforeEach
  void tree() throws Exception {
    root = Files.createDirectories(tmp.resolve("checkout"));
    Files.createDirectories(root.resolve("app/sub"));
    Files.writeString(root.resolve("file"), "x");
    Files.createSymbolicLink(root.resolve("alias"), Path.of("app"));
    Files.createSymbolicLink(root.resolve("up"), Path.of(".."));
    Files.createSymbolicLink(
        root.resolve("etc"), Files.createDirectories(tmp.resolve("outside")).toAbsolutePath());
  }

  private Path check(String dir) throws Exception {
    return ContextDirectory.check(
        root, RelativePath.parse(dir, "context directory"), "the repository");
  }

  @Test
  void existingDirectoryIsAccepted() throws Exception {
    assertThat(check("app/sub")).isEqualTo(root.resolve("app/sub").toRealPath());
    assertThat(check("")).isEqualTo(root.toRealPath());
  }

  @Test
  void linkThatStaysInsideIsAccepted() throws Exception {
    assertThat(check("alias/sub")).isEqualTo(root.resolve("app/sub").toRealPath());
  }

  @Test
  void missingDirectoryIsNamedInTheError() {
    assertThatThrownBy(() -> check("apps"))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("context directory 'apps' does not exist in the repository");
  }

  @Test
  void linkLeavingTheCheckoutIsRefused() {
    assertThatThrownBy(() -> check("up"))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("'up' leaves the repository through a symbolic link");
    assertThatThrownBy(() -> check("etc"))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("symbolic link");
  }

  @Test
  void fileIsNoContextDirectory() {
    assertThatThrownBy(() -> check("file"))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("is not a directory");
  }

  @Test
  void dotDotIsRefusedBeforeLookingAtTheDisk() {
    assertThatThrownBy(() -> check("app/../../x"))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("'..'");
  }
}
