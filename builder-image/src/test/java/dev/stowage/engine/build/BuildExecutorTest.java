package dev.stowage.engine.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.engine.fs.FileStat;
import dev.stowage.engine.fs.Posix;
import dev.stowage.engine.image.ImageConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end builds on a busybox base in a temp store. Needs root (chroot, chown). */
class BuildExecutorTest {

  @TempDir Path tmp;
  BuildFixture f;

  @BeforeEach
  void setUp() throws Exception {
    f = new BuildFixture(tmp);
    f.createBase();
  }

  @Test
  void multiStageBuildCopiesFromAnEarlierStageWithArgBeforeFrom() throws Exception {
    f.containerfile(
        """
        ARG BASE=localhost/busybox
        FROM $BASE AS builder
        RUN mkdir -p /out && echo built > /out/artifact
        FROM ${BASE}
        COPY --from=builder /out/artifact /app/
        CMD ["cat", "/app/artifact"]
        """);

    BuildResult result = f.build();

    Path root = f.materialise(result.imageId());
    assertThat(root.resolve("app/artifact")).hasContent("built");
    assertThat(root.resolve("out")).doesNotExist();
    assertThat(f.config(result.imageId()).config().cmd()).containsExactly("cat", "/app/artifact");
    assertThat(result.names()).containsExactly("localhost/test:latest");
    assertThat(f.output())
        .contains("STEP 1/5: FROM $BASE AS builder")
        .contains("STEP 3/5: FROM ${BASE}")
        .contains("COMMIT localhost/test:latest")
        .endsWith(result.imageId() + "\n");
  }

  @Test
  void heredocRunWritesItsScript() throws Exception {
    f.containerfile(
        """
        FROM localhost/busybox
        RUN <<EOF
        echo one > /one
        echo two > /two
        EOF
        """);

    Path root = f.materialise(f.build().imageId());

    assertThat(root.resolve("one")).hasContent("one");
    assertThat(root.resolve("two")).hasContent("two");
  }

  @Test
  void envWorkdirAndUserReachConfigAndRunSteps() throws Exception {
    f.containerfile(
        """
        FROM localhost/busybox
        ENV GREETING=hello
        WORKDIR /work
        RUN echo "$GREETING" > greeting && id -u > root-uid && chmod 777 /work
        USER app
        RUN id -u > uid && pwd > pwd
        """);

    BuildResult result = f.build();

    ImageConfig config = f.config(result.imageId());
    assertThat(config.config().user()).isEqualTo("app");
    assertThat(config.config().workingDir()).isEqualTo("/work");
    assertThat(f.env(result.imageId())).containsEntry("GREETING", "hello");
    Path root = f.materialise(result.imageId());
    assertThat(root.resolve("work/greeting")).hasContent("hello");
    assertThat(root.resolve("work/root-uid")).hasContent("0");
    assertThat(root.resolve("work/uid")).hasContent("1000");
    assertThat(root.resolve("work/pwd")).hasContent("/work");
    assertThat(Posix.lstat(root.resolve("work/uid")).uid()).isEqualTo(1000);
  }

  @Test
  void dockerignoreKeepsFilesOutOfCopies() throws Exception {
    f.file(".dockerignore", "secret.txt\nlogs/\n!logs/keep.log\n");
    f.file("secret.txt", "do not copy");
    f.file("app.txt", "app");
    f.file("logs/a.log", "a");
    f.file("logs/keep.log", "keep");
    f.containerfile("FROM localhost/busybox\nCOPY . /app\n");

    Path root = f.materialise(f.build().imageId());

    assertThat(root.resolve("app/app.txt")).hasContent("app");
    assertThat(root.resolve("app/secret.txt")).doesNotExist();
    assertThat(root.resolve("app/logs/a.log")).doesNotExist();
    assertThat(root.resolve("app/logs/keep.log")).hasContent("keep");
  }

  @Test
  void copyChownAndChmodSetOwnershipAndModes() throws Exception {
    f.file("a.sh", "echo a");
    f.file("dir/b.txt", "b");
    f.containerfile(
        """
        FROM localhost/busybox
        COPY --chown=app:staff --chmod=0750 a.sh /opt/
        COPY --chown=1234 dir /data
        COPY a.sh /plain
        """);

    Path root = f.materialise(f.build().imageId());

    FileStat a = Posix.lstat(root.resolve("opt/a.sh"));
    assertThat(a.uid()).isEqualTo(1000);
    assertThat(a.gid()).isEqualTo(50);
    assertThat(a.permissions()).isEqualTo(0750);
    FileStat b = Posix.lstat(root.resolve("data/b.txt"));
    assertThat(b.uid()).isEqualTo(1234);
    assertThat(b.gid()).isEqualTo(1234);
    FileStat plain = Posix.lstat(root.resolve("plain"));
    assertThat(plain.uid()).isZero();
    assertThat(plain.isRegularFile()).isTrue();
  }

  @Test
  void addExtractsLocalTarArchives() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("tarsrc/pkg"));
    Files.writeString(src.resolve("inside.txt"), "inside");
    Process tar =
        new ProcessBuilder(
                "tar",
                "-czf",
                f.context.resolve("pkg.tar.gz").toString(),
                "-C",
                tmp.resolve("tarsrc").toString(),
                "pkg")
            .inheritIO()
            .start();
    assertThat(tar.waitFor()).isZero();
    f.file("plain.gz.txt", "not an archive");
    f.containerfile("FROM localhost/busybox\nADD pkg.tar.gz /opt/\nADD plain.gz.txt /opt/\n");

    Path root = f.materialise(f.build().imageId());

    assertThat(root.resolve("opt/pkg/inside.txt")).hasContent("inside");
    assertThat(root.resolve("opt/pkg.tar.gz")).doesNotExist();
    assertThat(root.resolve("opt/plain.gz.txt")).hasContent("not an archive");
  }

  @Test
  void removingABaseFileWritesAWhiteout() throws Exception {
    f.containerfile("FROM localhost/busybox\nRUN rm /etc/base-file\n");

    BuildResult result = f.build();

    assertThat(result.layers()).isEqualTo(2);
    Path root = f.materialise(result.imageId());
    assertThat(root.resolve("etc/base-file")).doesNotExist();
    assertThat(root.resolve("etc/passwd")).exists();
    String top = f.stores.image(result.imageId()).image().topLayer().orElseThrow();
    Path marker = f.stores.findLayer(top).orElseThrow().diffDirectory().resolve("etc/base-file");
    assertThat(Posix.lstat(marker).isOverlayWhiteout()).isTrue();
  }

  @Test
  void failingRunIsAUserErrorNamingTheLine() throws Exception {
    f.containerfile("FROM localhost/busybox\n\nRUN exit 3\n");

    assertThatThrownBy(() -> f.build())
        .isInstanceOfSatisfying(
            BuildException.class, e -> assertThat(e.kind()).isEqualTo(BuildException.Kind.USER))
        .hasMessage("Containerfile:3: error building at STEP \"RUN exit 3\": exit status 3");
  }

  @Test
  void unknownInstructionIsAUserErrorWithFileAndLine() throws Exception {
    f.containerfile("FROM localhost/busybox\nFROBNICATE all\n");

    assertThatThrownBy(() -> f.build())
        .isInstanceOfSatisfying(
            BuildException.class, e -> assertThat(e.kind()).isEqualTo(BuildException.Kind.USER))
        .hasMessageContaining("Containerfile:2");
  }

  @Test
  void missingBaseWithPullNeverIsAUserError() throws Exception {
    f.containerfile("FROM localhost/nothing-here\n");

    assertThatThrownBy(() -> f.build())
        .isInstanceOf(BuildException.class)
        .hasMessageContaining("Containerfile:1")
        .hasMessageContaining("localhost/nothing-here");
  }
}
