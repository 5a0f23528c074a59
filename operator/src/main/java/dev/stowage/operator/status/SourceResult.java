package dev.stowage.operator.status;

/** What the {@code source} step may report: the revision asked for and the commit it resolved. */
public record SourceResult(String revision, String commit) {

  /** Parses the last line of the source step's termination message. */
  public static SourceResult parse(String terminationMessage) {
    return TerminationMessages.bind(
        Step.SOURCE.containerName(), terminationMessage, SourceResult.class);
  }
}
