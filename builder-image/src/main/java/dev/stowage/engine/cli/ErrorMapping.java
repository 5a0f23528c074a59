package dev.stowage.engine.cli;

import dev.stowage.engine.archive.ArchiveFormatException;
import dev.stowage.engine.auth.AuthConfigException;
import dev.stowage.engine.containerfile.ContainerfileException;
import dev.stowage.engine.image.ImageFormatException;
import dev.stowage.engine.registry.RegistryException;
import dev.stowage.engine.source.GitRemoteException;
import dev.stowage.engine.source.InvalidSourceException;
import dev.stowage.engine.storage.ImageNotFoundException;
import dev.stowage.engine.storage.StorageException;
import dev.stowage.engine.transfer.ImageNotPresentException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Maps a command's failure to the builder pod contract: exit code, typed reason, one {@code Error:}
 * line (a stack trace only with {@code --debug}) and the result file's failure line.
 */
public final class ErrorMapping {

  /** A classified failure. */
  public record Failure(ExitCode code, String reason, String message) {}

  /**
   * What a step calls its failures: the registry-side reason, the user-error reason, and whether a
   * broken layer archive came from a registry (exit 3) or from the user (exit 2).
   */
  public record Reasons(String registry, String user, boolean archivesFromRegistry) {

    /** {@code pull}: base image problems. */
    public static final Reasons PULL =
        new Reasons("BaseImagePullFailed", "BaseImagePullFailed", true);

    /** {@code push}. */
    public static final Reasons PUSH = new Reasons("PushFailed", "PushFailed", false);

    /** {@code source}: fetching the build context, from git or otherwise. */
    public static final Reasons SOURCE =
        new Reasons("SourceFetchFailed", "SourceFetchFailed", false);

    /** Local commands (images, rmi, tag, inspect, import). */
    public static final Reasons LOCAL = new Reasons("InternalError", "InvalidArguments", false);
  }

  private ErrorMapping() {}

  /**
   * Runs {@code body}; writes its result (when not null) to the result file and returns 0, or
   * classifies what it threw, reports it and returns the contract's exit code.
   */
  public static int run(
      OutputOptions output, PrintWriter err, Reasons reasons, Callable<Object> body) {
    try {
      Object result = body.call();
      if (result != null) {
        output.resultFile().write(result);
      }
      return ExitCode.OK.code();
    } catch (Exception | Error e) {
      if (e instanceof VirtualMachineError && !(e instanceof OutOfMemoryError)) {
        throw (Error) e;
      }
      Failure failure = classify(e, reasons);
      err.println("Error: " + failure.message());
      if (output.debug()) {
        e.printStackTrace(err);
      }
      err.flush();
      try {
        output.resultFile().writeFailure(failure.code(), failure.reason(), failure.message());
      } catch (RuntimeException writeFailed) {
        err.println("Error: " + writeFailed.getMessage());
        err.flush();
      }
      return failure.code().code();
    }
  }

  /** The exit code, reason and message for {@code thrown}. */
  public static Failure classify(Throwable thrown, Reasons reasons) {
    Throwable e = unwrap(thrown);
    String message = message(thrown, e);
    return switch (e) {
      case RegistryException r when r.isAuthFailure() ->
          new Failure(ExitCode.REGISTRY, "RegistryAuthFailed", message);
      case RegistryException r -> new Failure(ExitCode.REGISTRY, reasons.registry(), message);
      case AuthConfigException a -> new Failure(ExitCode.REGISTRY, "RegistryAuthFailed", message);
      case GitRemoteException g -> new Failure(ExitCode.REGISTRY, reasons.registry(), message);
      case InvalidSourceException i -> new Failure(ExitCode.USER_ERROR, reasons.user(), message);
      case ContainerfileException c ->
          new Failure(ExitCode.USER_ERROR, "InvalidContainerfile", message);
      case ImageNotFoundException i -> new Failure(ExitCode.USER_ERROR, reasons.user(), message);
      case ImageNotPresentException i -> new Failure(ExitCode.USER_ERROR, reasons.user(), message);
      case ImageFormatException i -> new Failure(ExitCode.USER_ERROR, reasons.user(), message);
      case IllegalArgumentException i -> new Failure(ExitCode.USER_ERROR, reasons.user(), message);
      case NoSuchFileException n ->
          new Failure(ExitCode.USER_ERROR, reasons.user(), "no such file: " + n.getFile());
      case ArchiveFormatException a when reasons.archivesFromRegistry() ->
          new Failure(ExitCode.REGISTRY, reasons.registry(), message);
      case ArchiveFormatException a -> new Failure(ExitCode.USER_ERROR, reasons.user(), message);
      case AccessDeniedException a ->
          new Failure(
              ExitCode.ENVIRONMENT, "EnvironmentError", "permission denied: " + a.getFile());
      case StorageException s -> new Failure(environmentOr(s), "EnvironmentError", message);
      case FileSystemException f -> new Failure(ExitCode.ENVIRONMENT, "EnvironmentError", message);
      case IOException io -> new Failure(ExitCode.ENVIRONMENT, "EnvironmentError", message);
      case OutOfMemoryError o -> new Failure(ExitCode.ENVIRONMENT, "OutOfMemory", message);
      default -> new Failure(ExitCode.INTERNAL, "InternalError", e.toString());
    };
  }

  private static ExitCode environmentOr(StorageException s) {
    return s instanceof dev.stowage.engine.storage.LayerNotFoundException
        ? ExitCode.INTERNAL
        : ExitCode.ENVIRONMENT;
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof UncheckedIOException
            || t instanceof ExecutionException
            || t instanceof CompletionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** An I/O failure our code wrapped keeps the wrapper's context; the cause alone may be terse. */
  private static String message(Throwable thrown, Throwable cause) {
    if (thrown instanceof UncheckedIOException u
        && u.getMessage() != null
        && cause instanceof IOException
        && !(cause instanceof NoSuchFileException)
        && !(cause instanceof AccessDeniedException)) {
      return u.getMessage() + ": " + message(cause);
    }
    return message(cause);
  }

  private static String message(Throwable e) {
    if (e instanceof ContainerfileException c) {
      return c.getMessage();
    }
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }
}
