package dev.stowage.engine.testing.git;

import dev.stowage.engine.testing.ExternalCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The machine's {@code git}, run apart from the host's git configuration. */
public final class Git {

  /** No system or user config, a fixed identity and dates: the same repository every run. */
  public static final Map<String, String> ENV =
      Map.of(
          "GIT_CONFIG_NOSYSTEM", "1",
          "GIT_CONFIG_GLOBAL", "/dev/null",
          "GIT_AUTHOR_NAME", "Stowage Test",
          "GIT_AUTHOR_EMAIL", "test@stowage.invalid",
          "GIT_COMMITTER_NAME", "Stowage Test",
          "GIT_COMMITTER_EMAIL", "test@stowage.invalid",
          "GIT_AUTHOR_DATE", "2024-01-01T00:00:00Z",
          "GIT_COMMITTER_DATE", "2024-01-01T00:00:00Z");

  private Git() {}

  /** Runs {@code git -C dir args…}; returns stdout, trimmed. */
  public static String run(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
    command.addAll(List.of(args));
    return ExternalCommand.of(command, ENV).run().strip();
  }
}
