package dev.stowage.engine.cli;

import dev.stowage.engine.build.BuildException;
import dev.stowage.engine.build.RunRequest;
import dev.stowage.engine.build.StepRunner;
import dev.stowage.engine.isolation.ChrootRunner;
import dev.stowage.engine.isolation.IsolationException;
import dev.stowage.engine.isolation.ResolvedUser;
import dev.stowage.engine.isolation.RunCapabilities;
import dev.stowage.engine.isolation.RunResult;
import dev.stowage.engine.isolation.RunSpec;
import dev.stowage.engine.isolation.UserSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Adapts {@link ChrootRunner} to the executor: resolves USER inside the root, streams output lines,
 * and turns the launcher's refusals into an exit status (command not found: 127, not executable:
 * 126, unknown user or missing workdir: 125, as podman reports them) or, when the machine refused
 * (chroot, id change, launcher), an environment error.
 */
final class ChrootStepRunner implements StepRunner {
  private final Supplier<ChrootRunner> factory;
  private ChrootRunner chroot;
  private final long capabilities = RunCapabilities.forThisProcess(System.getenv());

  ChrootStepRunner(ChrootRunner chroot) {
    this(() -> chroot);
  }

  ChrootStepRunner(Supplier<ChrootRunner> factory) {
    this.factory = factory;
  }

  private synchronized ChrootRunner chroot() {
    if (chroot == null) {
      chroot = factory.get();
    }
    return chroot;
  }

  @Override
  public int run(RunRequest request, OutputStream output)
      throws BuildException, InterruptedException {
    try {
      ResolvedUser user = UserSpec.parse(request.user()).resolve(request.rootfs());
      RunSpec spec =
          RunSpec.of(request.rootfs(), request.argv())
              .withEnv(request.environmentList())
              .withWorkdir(request.workdir())
              .withUser(user)
              .withMounts(request.mounts())
              .withCapabilities(capabilities);
      RunResult result =
          chroot()
              .run(
                  spec,
                  (stream, line) -> {
                    try {
                      output.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                      output.flush();
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  });
      return result.exitCode();
    } catch (IsolationException e) {
      switch (e.reason()) {
        case COMMAND_NOT_FOUND, NOT_EXECUTABLE, UNKNOWN_USER, WORKDIR_MISSING -> {
          try {
            output.write(("error: " + e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
          } catch (IOException io) {
            // the message is in the exit status too
          }
          return e.reason().exitCode();
        }
        default ->
            throw new BuildException(
                BuildException.Kind.ENVIRONMENT, null, "RUN could not start: " + e.getMessage(), e);
      }
    }
  }
}
