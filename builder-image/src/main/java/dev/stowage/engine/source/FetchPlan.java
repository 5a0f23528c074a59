package dev.stowage.engine.source;

/** What to fetch for a revision, decided from the remote's refs before anything is fetched. */
public sealed interface FetchPlan {

  /** The name the result reports as {@code revision}. */
  String reported();

  /** Fetch one advertised ref, e.g. {@code refs/heads/main} or {@code refs/tags/v1}. */
  record Ref(String name, String reported) implements FetchPlan {

    /** The branch name for {@code refs/heads/…}, else null. */
    public String branch() {
      return name.startsWith(BRANCH_PREFIX) ? name.substring(BRANCH_PREFIX.length()) : null;
    }
  }

  /** Fetch a full commit id no ref points to (servers may refuse; then fetch everything). */
  record Commit(String id, String reported) implements FetchPlan {}

  /** Fetch every branch and tag, then resolve an abbreviated commit id locally. */
  record Abbreviated(String prefix, String reported) implements FetchPlan {}

  /** Where branches live. */
  String BRANCH_PREFIX = "refs/heads/";

  /** Where tags live. */
  String TAG_PREFIX = "refs/tags/";
}
