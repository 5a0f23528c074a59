package dev.stowage.engine.source;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Turns {@code --git-revision} into a {@link FetchPlan} against the remote's refs: a branch, then a
 * tag, then a full ref name, then a commit id (40 hex digits, or at least 4 as an abbreviation);
 * none means the remote {@code HEAD}.
 */
public final class RevisionResolver {

  private static final Pattern FULL_ID = Pattern.compile("[0-9a-f]{40}");
  private static final Pattern ABBREVIATED_ID = Pattern.compile("[0-9a-f]{4,39}");

  private RevisionResolver() {}

  /**
   * The plan for {@code revision} (empty for the remote {@code HEAD}) at {@code url}.
   *
   * @throws InvalidSourceException when the remote has no such branch or tag and it is no commit
   *     id, or the remote has no {@code HEAD} (an empty repository)
   */
  public static FetchPlan resolve(RemoteRefs refs, Optional<String> revision, GitUrl url)
      throws InvalidSourceException {
    String rev = revision.map(String::strip).orElse("");
    if (rev.isEmpty()) {
      return head(refs, url);
    }
    Map<String, String> commits = refs.commits();
    for (String candidate :
        new String[] {FetchPlan.BRANCH_PREFIX + rev, FetchPlan.TAG_PREFIX + rev, rev}) {
      if (candidate.startsWith("refs/") && commits.containsKey(candidate)) {
        return new FetchPlan.Ref(candidate, rev);
      }
    }
    String hex = rev.toLowerCase(Locale.ROOT);
    if (FULL_ID.matcher(hex).matches()) {
      return refPointingAt(refs, hex)
          .<FetchPlan>map(ref -> new FetchPlan.Ref(ref, rev))
          .orElse(new FetchPlan.Commit(hex, rev));
    }
    if (ABBREVIATED_ID.matcher(hex).matches()) {
      Set<String> matching = new TreeSet<>();
      commits.values().stream().filter(id -> id.startsWith(hex)).forEach(matching::add);
      if (matching.size() == 1) {
        return new FetchPlan.Ref(
            refPointingAt(refs, matching.iterator().next()).orElseThrow(), rev);
      }
      return new FetchPlan.Abbreviated(hex, rev);
    }
    throw notFound(rev, url);
  }

  static InvalidSourceException notFound(String rev, GitUrl url) {
    return new InvalidSourceException(
        "revision '"
            + rev
            + "' not found in "
            + url
            + ": give a branch, a tag or a commit id (at least 4 hex digits)");
  }

  private static FetchPlan head(RemoteRefs refs, GitUrl url) throws InvalidSourceException {
    if (refs.headTarget().isPresent() && refs.commits().containsKey(refs.headTarget().get())) {
      String target = refs.headTarget().get();
      return new FetchPlan.Ref(target, shortName(target));
    }
    String head = refs.commits().get("HEAD");
    if (head == null) {
      throw new InvalidSourceException(
          url + " has no HEAD (is the repository empty?): give --git-revision");
    }
    // Without a symref the server still shows HEAD's commit: report the branch that matches it.
    return refs.sorted().entrySet().stream()
        .filter(e -> e.getKey().startsWith(FetchPlan.BRANCH_PREFIX) && e.getValue().equals(head))
        .findFirst()
        .<FetchPlan>map(e -> new FetchPlan.Ref(e.getKey(), shortName(e.getKey())))
        .orElse(new FetchPlan.Ref("HEAD", "HEAD"));
  }

  /** A branch pointing at {@code id}, else a tag, else any ref; the first by name. */
  private static Optional<String> refPointingAt(RemoteRefs refs, String id) {
    var pointing =
        refs.sorted().entrySet().stream()
            .filter(e -> e.getValue().equals(id) && e.getKey().startsWith("refs/"))
            .map(Map.Entry::getKey)
            .toList();
    return pointing.stream()
        .filter(r -> r.startsWith(FetchPlan.BRANCH_PREFIX))
        .findFirst()
        .or(() -> pointing.stream().filter(r -> r.startsWith(FetchPlan.TAG_PREFIX)).findFirst())
        .or(() -> pointing.stream().findFirst());
  }

  private static String shortName(String ref) {
    return ref.startsWith(FetchPlan.BRANCH_PREFIX)
        ? ref.substring(FetchPlan.BRANCH_PREFIX.length())
        : ref;
  }
}
