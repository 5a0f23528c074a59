package dev.stowage.engine.containerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerfileLocatorTest {

  @TempDir Path ctx;
  @TempDir Path cwd;

  @Test
  void prefersContainerfileOverDockerfile() throws Exception {
    Files.writeString(ctx.resolve("Dockerfile"), "FROM a\n");
    assertThat(ContainerfileLocator.locate(ctx, Optional.empty(), cwd))
        .isEqualTo(ctx.resolve("Dockerfile"));
    Files.writeString(ctx.resolve("Containerfile"), "FROM a\n");
    assertThat(ContainerfileLocator.locate(ctx, Optional.empty(), cwd))
        .isEqualTo(ctx.resolve("Containerfile"));
  }

  @Test
  void givenFileIsResolvedAgainstTheWorkingDirectoryThenTheContext() throws Exception {
    Files.createDirectories(ctx.resolve("build"));
    Files.writeString(ctx.resolve("build/app.Containerfile"), "FROM a\n");
    assertThat(ContainerfileLocator.locate(ctx, Optional.of("build/app.Containerfile"), cwd))
        .isEqualTo(ctx.resolve("build/app.Containerfile"));
    Files.writeString(cwd.resolve("local.Containerfile"), "FROM a\n");
    assertThat(ContainerfileLocator.locate(ctx, Optional.of("local.Containerfile"), cwd))
        .isEqualTo(cwd.resolve("local.Containerfile"));
    Path abs = ctx.resolve("build/app.Containerfile").toAbsolutePath();
    assertThat(ContainerfileLocator.locate(ctx, Optional.of(abs.toString()), cwd)).isEqualTo(abs);
  }

  @Test
  void displayNameIsThePathInsideTheContext() {
    assertThat(ContainerfileLocator.displayName(ctx, ctx.resolve("build/Dockerfile")))
        .isEqualTo("build/Dockerfile");
    assertThat(ContainerfileLocator.displayName(ctx, cwd.resolve("x.Containerfile")))
        .isEqualTo(cwd.resolve("x.Containerfile").toString());
  }

  @Test
  void missingFilesAreUserErrors() {
    assertThatThrownBy(() -> ContainerfileLocator.locate(ctx, Optional.empty(), cwd))
        .isInstanceOf(ContainerfileException.class)
        .hasMessageStartingWith("no Containerfile or Dockerfile in the context")
        .hasMessageContaining("-f");
    assertThatThrownBy(() -> ContainerfileLocator.locate(ctx, Optional.of("nope"), cwd))
        .hasMessageStartingWith("Containerfile nope not found");
  }
}
