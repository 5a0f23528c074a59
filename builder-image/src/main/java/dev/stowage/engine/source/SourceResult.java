package dev.stowage.engine.source;

/**
 * What the source step reports for a git source.
 *
 * @param revision the revision asked for, or the branch the remote HEAD named
 * @param commit the full id of the commit checked out
 */
public record SourceResult(String revision, String commit) {}
