package dev.stowage.engine.testing.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A bare repository made with the {@code git} CLI, served by {@link GitDaemon} and {@link
 * GitHttpServer}. Its HEAD is branch {@code trunk} with three commits:
 *
 * <ol>
 *   <li>{@code README.md}, {@code app/Containerfile}, {@code app/hello.txt} ("one")
 *   <li>{@code app/hello.txt} ("two"); lightweight tag {@code v1}; branch {@code feature} adds
 *       {@code feature.txt} on top of it
 *   <li>{@code docs/guide.md}, symlinks {@code up -> ..} and {@code etc -> /etc}; annotated tag
 *       {@code v2}
 * </ol>
 *
 * <p>It also holds a {@linkplain #unreachable() commit no ref reaches} (its branch was deleted).
 */
public final class SampleRepository {

  /** The repository's name below the server root. */
  public static final String NAME = "sample.git";

  private final Path bare;
  private final List<String> trunk;
  private final String feature;
  private final String unreachable;

  private SampleRepository(Path bare, List<String> trunk, String feature, String unreachable) {
    this.bare = bare;
    this.trunk = trunk;
    this.feature = feature;
    this.unreachable = unreachable;
  }

  /** Creates the repository as {@code root/sample.git} (a scratch work tree beside it). */
  public static SampleRepository create(Path root) throws IOException, InterruptedException {
    Path work = Files.createDirectories(root.resolve("work"));
    Git.run(work, "init", "-q", "-b", "trunk");
    Files.writeString(work.resolve("README.md"), "sample\n");
    Files.createDirectories(work.resolve("app"));
    Files.writeString(work.resolve("app/Containerfile"), "FROM scratch\nCOPY hello.txt /\n");
    Files.writeString(work.resolve("app/hello.txt"), "one\n");
    String first = commit(work, "one");
    Files.writeString(work.resolve("app/hello.txt"), "two\n");
    String second = commit(work, "two");
    Git.run(work, "tag", "v1");
    Git.run(work, "checkout", "-q", "-b", "feature");
    Files.writeString(work.resolve("feature.txt"), "feature\n");
    String feature = commit(work, "feature");
    Git.run(work, "checkout", "-q", "-b", "dropped", "trunk");
    Files.writeString(work.resolve("dropped.txt"), "dropped\n");
    String unreachable = commit(work, "dropped");
    Git.run(work, "checkout", "-q", "trunk");
    Files.createDirectories(work.resolve("docs"));
    Files.writeString(work.resolve("docs/guide.md"), "guide\n");
    Files.createSymbolicLink(work.resolve("up"), Path.of(".."));
    Files.createSymbolicLink(work.resolve("etc"), Path.of("/etc"));
    String third = commit(work, "three");
    Git.run(work, "tag", "-a", "-m", "release two", "v2");
    Path bare = root.resolve(NAME);
    Git.run(root, "clone", "-q", "--bare", work.toString(), bare.toString());
    // The commit stays in the object store, but no ref of the served repository reaches it.
    Git.run(bare, "branch", "-q", "-D", "dropped");
    return new SampleRepository(bare, List.of(first, second, third), feature, unreachable);
  }

  private static String commit(Path work, String message) throws IOException, InterruptedException {
    Git.run(work, "add", "-A");
    Git.run(work, "commit", "-q", "-m", message);
    return Git.run(work, "rev-parse", "HEAD");
  }

  public Path bare() {
    return bare;
  }

  /** Commit {@code n} (1-based) of {@code trunk}. */
  public String trunk(int n) {
    return trunk.get(n - 1);
  }

  /** The tip of {@code trunk}, where HEAD and {@code v2} point. */
  public String head() {
    return trunk.getLast();
  }

  /** A commit in the object store that no ref reaches. */
  public String unreachable() {
    return unreachable;
  }

  /** The tip of {@code feature}. */
  public String feature() {
    return feature;
  }
}
