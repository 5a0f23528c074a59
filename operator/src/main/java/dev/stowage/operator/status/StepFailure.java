package dev.stowage.operator.status;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.operator.api.Reason;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A builder step that ended with a non-zero exit code (or was killed), with its last error line.
 *
 * @param step the step that failed
 * @param exitCode the container's exit code
 * @param killReason the container runtime's reason for the termination, e.g. {@code OOMKilled}
 * @param message the last error line, from plain text or the {@code message} of a JSON line
 * @param reportedReason the {@code reason} of a JSON line, if the step wrote one
 */
public record StepFailure(
    Step step, int exitCode, String killReason, String message, String reportedReason) {

  /** Exit code: the user's Containerfile, context or arguments are wrong. */
  public static final int EXIT_USER_ERROR = 2;

  /** Exit code: the registry failed or refused the credentials. */
  public static final int EXIT_REGISTRY = 3;

  /** Exit code: the environment lacks something (device, permission). */
  public static final int EXIT_ENVIRONMENT = 4;

  /** Exit code: the engine failed unexpectedly. */
  public static final int EXIT_INTERNAL = 1;

  private static final Pattern RUN_STEP_FAILED =
      Pattern.compile(
          "(?i)(\\bRUN\\b.*\\b(exit|exited|status|code|failed)\\b"
              + "|returned a non-zero|\\bcommand\\b.*\\b(failed|exited)\\b)");
  private static final Pattern AUTH =
      Pattern.compile(
          "(?i)(unauthori[sz]ed|authenticat|\\b401\\b|\\b403\\b|denied|forbidden|credential)");
  private static final Pattern FUSE = Pattern.compile("(?i)fuse");

  /**
   * Reasons any step may report itself with exit code 4; OutOfMemory is the engine's own heap (exit
   * 4), which the kubelet cannot see as OOMKilled.
   */
  private static final Set<Reason> ANY_STEP =
      Set.of(Reason.EnvironmentError, Reason.FuseUnavailable, Reason.OutOfMemory);

  public StepFailure {
    Objects.requireNonNull(step, "step");
    message = message == null ? "" : message;
  }

  /** Reads a failed step's termination message: its last line, plain text or JSON. */
  public static StepFailure parse(
      Step step, int exitCode, String killReason, String terminationMessage) {
    String text = TerminationMessages.lastLine(terminationMessage);
    String reported = null;
    JsonNode json = TerminationMessages.lastJsonObject(terminationMessage).orElse(null);
    if (json != null) {
      reported = json.hasNonNull("reason") ? json.get("reason").asText() : null;
      text = json.hasNonNull("message") ? json.get("message").asText() : text;
    }
    return new StepFailure(
        step, exitCode, killReason, TerminationMessages.abbreviate(text), reported);
  }

  /** The typed reason for this failure, from the step, exit code and message. */
  public Reason reason() {
    if ("OOMKilled".equals(killReason)) {
      return Reason.OutOfMemory;
    }
    Reason fromCode = byExitCode();
    Reason reported = reportedReasonIfAllowed();
    return reported != null ? reported : fromCode;
  }

  /** A human-readable detail that names the step and what it said. */
  public String describe() {
    if ("OOMKilled".equals(killReason)) {
      return "step " + step.containerName() + " ran out of memory (exit code " + exitCode + ")";
    }
    String said = message.isBlank() ? "no message" : message;
    return "step " + step.containerName() + " failed with exit code " + exitCode + ": " + said;
  }

  private Reason byExitCode() {
    if (exitCode == EXIT_ENVIRONMENT) {
      return FUSE.matcher(message).find() ? Reason.FuseUnavailable : Reason.EnvironmentError;
    }
    if (exitCode == EXIT_INTERNAL) {
      return Reason.InternalError;
    }
    return switch (step) {
      case SOURCE ->
          exitCode == EXIT_USER_ERROR || exitCode == EXIT_REGISTRY
              ? Reason.SourceFetchFailed
              : Reason.InternalError;
      case PULL ->
          exitCode == EXIT_USER_ERROR || exitCode == EXIT_REGISTRY
              ? Reason.BaseImagePullFailed
              : Reason.InternalError;
      case BUILD ->
          exitCode == EXIT_USER_ERROR
              ? (RUN_STEP_FAILED.matcher(message).find()
                  ? Reason.BuildFailed
                  : Reason.InvalidContainerfile)
              // build never pulls (--pull=never): what it fetches is an ADD <url> source
              : exitCode == EXIT_REGISTRY ? Reason.SourceFetchFailed : Reason.InternalError;
      case PUSH ->
          exitCode == EXIT_REGISTRY && AUTH.matcher(message).find()
              ? Reason.RegistryAuthFailed
              : exitCode == EXIT_REGISTRY || exitCode == EXIT_USER_ERROR
                  ? Reason.PushFailed
                  : Reason.InternalError;
    };
  }

  /** A self-reported reason counts only where it refines what the exit code already says. */
  private Reason reportedReasonIfAllowed() {
    if (reportedReason == null) {
      return null;
    }
    Reason reported;
    try {
      reported = Reason.valueOf(reportedReason);
    } catch (IllegalArgumentException e) {
      return null;
    }
    Set<Reason> allowed =
        switch (exitCode) {
          case EXIT_ENVIRONMENT -> ANY_STEP;
          case EXIT_USER_ERROR, EXIT_REGISTRY ->
              switch (step) {
                case SOURCE -> Set.of(Reason.SourceFetchFailed);
                // The pull step parses the Containerfile to find its FROM images.
                case PULL ->
                    Set.of(
                        Reason.BaseImagePullFailed,
                        Reason.RegistryAuthFailed,
                        Reason.InvalidContainerfile);
                case BUILD ->
                    Set.of(
                        Reason.InvalidContainerfile, Reason.BuildFailed, Reason.SourceFetchFailed);
                case PUSH -> Set.of(Reason.PushFailed, Reason.RegistryAuthFailed);
              };
          default -> Set.of();
        };
    return allowed.contains(reported) ? reported : null;
  }
}
