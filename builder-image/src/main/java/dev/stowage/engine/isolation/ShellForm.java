package dev.stowage.engine.isolation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Turns a RUN instruction's command into argv: shell form runs through the image's {@code SHELL}
 * (default {@code ["/bin/sh", "-c"]}), exec form passes through, and a heredoc body runs through
 * the shell too unless it starts with {@code #!}, in which case it becomes a script file in the
 * root's {@code /tmp} that is executed and removed afterwards (BuildKit's behaviour).
 *
 * @param shell the {@code SHELL} instruction's value, including its {@code -c}
 */
public record ShellForm(List<String> shell) {

  public static final List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");

  /** Where heredoc scripts go inside the root; the diff must ignore names starting so. */
  public static final String SCRIPT_PREFIX = "/tmp/.stowage-heredoc-";

  public ShellForm {
    shell = shell == null || shell.isEmpty() ? DEFAULT_SHELL : List.copyOf(shell);
  }

  /** The image's SHELL, or the default when it has none. */
  public static ShellForm of(List<String> imageShell) {
    return new ShellForm(imageShell);
  }

  /** {@code RUN cmd}: {@code [shell..., cmd]}. */
  public List<String> shellForm(String command) {
    List<String> argv = new ArrayList<>(shell);
    argv.add(command);
    return List.copyOf(argv);
  }

  /** {@code RUN ["cmd", "arg"]}: unchanged. */
  public static List<String> execForm(List<String> argv) {
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("exec form RUN needs at least one element");
    }
    return List.copyOf(argv);
  }

  /**
   * {@code RUN <<EOF … EOF} where the heredoc is the whole command. Close the result after the RUN
   * to remove the script file, if one was written.
   */
  public Heredoc heredoc(Path rootfs, String body) throws IOException {
    if (!body.startsWith("#!")) {
      return new Heredoc(shellForm(body), Optional.empty());
    }
    Path tmp = RootPath.resolve(rootfs, "/tmp");
    if (!tmp.startsWith(rootfs) || !RootPath.isRealDirectory(tmp)) {
      throw new IOException(
          "a heredoc script needs a /tmp directory in the image (" + rootfs + ")");
    }
    byte[] random = new byte[8];
    new SecureRandom().nextBytes(random);
    String inRoot = SCRIPT_PREFIX + HexFormat.of().formatHex(random);
    Path script = tmp.resolve(inRoot.substring("/tmp/".length()));
    Files.write(script, body.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE_NEW);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("r-xr-xr-x"));
    return new Heredoc(List.of(inRoot), Optional.of(script));
  }

  /** The argv for a heredoc RUN and the script file to remove once it ran. */
  public record Heredoc(List<String> argv, Optional<Path> script) implements AutoCloseable {

    @Override
    public void close() throws IOException {
      if (script.isPresent() && Files.exists(script.get(), LinkOption.NOFOLLOW_LINKS)) {
        Files.delete(script.get());
      }
    }
  }
}
