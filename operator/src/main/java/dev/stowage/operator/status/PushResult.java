package dev.stowage.operator.status;

import java.util.List;
import java.util.regex.Pattern;

/** What the {@code push} step reports on success: manifest digest, pushed references, size. */
public record PushResult(String digest, List<String> references, Long size) {

  private static final Pattern DIGEST =
      Pattern.compile("^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-f0-9]{32,}$");

  public PushResult {
    if (digest == null || !DIGEST.matcher(digest).matches()) {
      throw new IllegalArgumentException("not an OCI digest: " + digest);
    }
    references = references == null ? List.of() : List.copyOf(references);
    if (size != null && size < 0) {
      throw new IllegalArgumentException("size must not be negative: " + size);
    }
  }

  /** Parses the last line of the push step's termination message. */
  public static PushResult parse(String terminationMessage) {
    return TerminationMessages.bind(
        Step.PUSH.containerName(), terminationMessage, PushResult.class);
  }

  /** The first 12 hex digits of the digest, as {@code kubectl get ib} shows it. */
  public String shortDigest() {
    String hex = digest.substring(digest.indexOf(':') + 1);
    return hex.substring(0, 12);
  }
}
