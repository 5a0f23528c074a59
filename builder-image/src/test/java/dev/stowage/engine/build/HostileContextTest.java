package dev.stowage.engine.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.engine.fs.Posix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** COPY never reads outside the context nor writes outside the root file system. */
class HostileContextTest {

  @TempDir Path tmp;

  @Test
  void contextSymlinkToAHostFileIsCopiedAsTheLink() throws Exception {
    BuildFixture f = new BuildFixture(tmp);
    f.createBase();
    Files.createSymbolicLink(f.context.resolve("x"), Path.of("/etc/passwd"));
    f.containerfile("FROM localhost/busybox\nCOPY x /copied\n");

    Path root = f.materialise(f.build().imageId());

    assertThat(Files.isSymbolicLink(root.resolve("copied"))).isTrue();
    assertThat(Posix.readlink(root.resolve("copied"))).isEqualTo("/etc/passwd");
  }

  @Test
  void rootfsSymlinksToRootNeverRedirectWritesOutside() throws Exception {
    BuildFixture f = new BuildFixture(tmp);
    f.createBase(
        BuildFixture.BASE,
        root -> {
          try {
            Files.createSymbolicLink(root.resolve("target"), Path.of("/"));
            Files.createSymbolicLink(root.resolve("up"), Path.of("../../../../../.."));
            Files.createDirectories(root.resolve("deep/er"));
            Files.createSymbolicLink(root.resolve("deep/er/out"), Path.of("../../../../.."));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    String name = "stowage-escape-" + UUID.randomUUID();
    f.file("payload", "payload");
    f.containerfile(
        """
        FROM localhost/busybox
        COPY payload /target/%1$s-a
        COPY payload /up/%1$s-b
        COPY payload /deep/er/out/%1$s-c
        COPY payload /target/tmp/../../%1$s-d
        """
            .formatted(name));

    Path root = f.materialise(f.build().imageId());

    for (String suffix : new String[] {"a", "b", "c", "d"}) {
      assertThat(root.resolve(name + "-" + suffix)).hasContent("payload");
      assertThat(Path.of("/" + name + "-" + suffix)).doesNotExist();
      assertThat(tmp.resolve(name + "-" + suffix)).doesNotExist();
    }
    try (var walk = Files.walk(f.store)) {
      assertThat(walk.filter(p -> p.getFileName().toString().startsWith(name)).count())
          .as("only inside layer diffs")
          .isGreaterThan(0);
    }
    try (var walk = Files.walk(tmp)) {
      assertThat(
              walk.filter(p -> p.getFileName().toString().startsWith(name))
                  .filter(p -> !p.startsWith(f.store.resolve("overlay")))
                  .filter(p -> !p.toString().contains("materialised-"))
                  .toList())
          .isEmpty();
    }
  }

  @Test
  void copyOntoARootfsSymlinkReplacesTheLinkInsteadOfWritingThroughIt() throws Exception {
    BuildFixture f = new BuildFixture(tmp);
    Path victim = Files.writeString(tmp.resolve("victim"), "untouched");
    f.createBase(
        BuildFixture.BASE,
        root -> {
          try {
            Files.createSymbolicLink(root.resolve("link"), victim);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    f.file("payload", "payload");
    f.containerfile("FROM localhost/busybox\nCOPY payload /link\n");

    Path root = f.materialise(f.build().imageId());

    assertThat(victim).hasContent("untouched");
    assertThat(Files.isSymbolicLink(root.resolve("link"))).isFalse();
    assertThat(root.resolve("link")).hasContent("payload");
  }

  @Test
  void sourcesOutsideTheContextAreRefused() throws Exception {
    BuildFixture f = new BuildFixture(tmp);
    f.createBase();
    f.containerfile("FROM localhost/busybox\nCOPY ../../etc/passwd /x\n");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.build())
        .isInstanceOfSatisfying(
            BuildException.class, e -> assertThat(e.kind()).isEqualTo(BuildException.Kind.USER))
        .hasMessageContaining("Containerfile:2");
  }

  @Test
  void directoriesCopiedOntoADirectorySymlinkGoThroughItInsideTheRoot() throws Exception {
    BuildFixture f = new BuildFixture(tmp);
    f.createBase(
        BuildFixture.BASE,
        root -> {
          try {
            Files.createDirectories(root.resolve("usr/lib2"));
            Files.createSymbolicLink(root.resolve("lib2"), Path.of("usr/lib2"));
            Files.createSymbolicLink(root.resolve("hostlib"), tmp);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    f.file("tree/lib2/x", "x");
    f.file("tree/hostlib/y", "y");
    f.containerfile("FROM localhost/busybox\nCOPY tree/ /\n");

    Path root = f.materialise(f.build().imageId());

    assertThat(Files.isSymbolicLink(root.resolve("lib2"))).isTrue();
    assertThat(root.resolve("usr/lib2/x")).hasContent("x");
    // a link to a host path is not a directory inside the root: replaced, never followed
    assertThat(root.resolve("hostlib/y")).hasContent("y");
    assertThat(tmp.resolve("y")).doesNotExist();
  }
}
