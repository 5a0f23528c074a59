package dev.stowage.engine.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RevisionResolverTest {

  private static final String A = "a".repeat(40);
  private static final String B = "b".repeat(40);
  private static final String C = "c0ffee" + "0".repeat(34);
  private static final String C2 = "c0ffee" + "1".repeat(34);

  private static final RemoteRefs REFS =
      new RemoteRefs(
          Map.of(
              "HEAD", A,
              "refs/heads/main", A,
              "refs/heads/feature", B,
              "refs/tags/v1", B,
              "refs/tags/feature", C,
              "refs/pull/7/head", C),
          Optional.of("refs/heads/main"));

  private static GitUrl url() throws InvalidSourceException {
    return GitUrl.parse("https://git.example.com/app.git");
  }

  private static FetchPlan resolve(RemoteRefs refs, String revision) throws Exception {
    return RevisionResolver.resolve(refs, Optional.ofNullable(revision), url());
  }

  @Test
  void noRevisionFollowsTheRemoteHeadToItsBranch() throws Exception {
    assertThat(resolve(REFS, null)).isEqualTo(new FetchPlan.Ref("refs/heads/main", "main"));
    assertThat(resolve(REFS, " ")).isEqualTo(new FetchPlan.Ref("refs/heads/main", "main"));
  }

  @Test
  void headWithoutSymrefIsReportedAsTheBranchWithItsCommit() throws Exception {
    RemoteRefs refs = new RemoteRefs(Map.of("HEAD", B, "refs/heads/feature", B), Optional.empty());
    assertThat(resolve(refs, null)).isEqualTo(new FetchPlan.Ref("refs/heads/feature", "feature"));
  }

  @Test
  void detachedHeadIsFetchedAsHead() throws Exception {
    RemoteRefs refs = new RemoteRefs(Map.of("HEAD", C, "refs/heads/main", A), Optional.empty());
    assertThat(resolve(refs, null)).isEqualTo(new FetchPlan.Ref("HEAD", "HEAD"));
  }

  @Test
  void emptyRepositoryHasNoHead() {
    RemoteRefs refs = new RemoteRefs(Map.of(), Optional.empty());
    assertThatThrownBy(() -> resolve(refs, null))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("has no HEAD");
  }

  @Test
  void branchWinsOverTagOfTheSameName() throws Exception {
    assertThat(resolve(REFS, "feature"))
        .isEqualTo(new FetchPlan.Ref("refs/heads/feature", "feature"));
  }

  @Test
  void tagIsFoundUnderRefsTags() throws Exception {
    assertThat(resolve(REFS, "v1")).isEqualTo(new FetchPlan.Ref("refs/tags/v1", "v1"));
  }

  @Test
  void fullRefNamesAreTakenAsTheyAre() throws Exception {
    assertThat(resolve(REFS, "refs/tags/feature"))
        .isEqualTo(new FetchPlan.Ref("refs/tags/feature", "refs/tags/feature"));
    assertThat(resolve(REFS, "refs/pull/7/head"))
        .isEqualTo(new FetchPlan.Ref("refs/pull/7/head", "refs/pull/7/head"));
  }

  @Test
  void fullCommitIdOfABranchTipFetchesThatBranch() throws Exception {
    assertThat(resolve(REFS, B)).isEqualTo(new FetchPlan.Ref("refs/heads/feature", B));
  }

  @Test
  void fullCommitIdNoRefNamesIsFetchedByItself() throws Exception {
    String id = "d".repeat(40);
    assertThat(resolve(REFS, id.toUpperCase()))
        .isEqualTo(new FetchPlan.Commit(id, id.toUpperCase()));
  }

  @Test
  void abbreviatedIdOfOneAdvertisedCommitFetchesItsRef() throws Exception {
    assertThat(resolve(REFS, "bbbbbbb"))
        .isEqualTo(new FetchPlan.Ref("refs/heads/feature", "bbbbbbb"));
  }

  @Test
  void abbreviatedIdOfNoTipIsResolvedAfterAFullFetch() throws Exception {
    assertThat(resolve(REFS, "1234abc")).isEqualTo(new FetchPlan.Abbreviated("1234abc", "1234abc"));
  }

  @Test
  void abbreviatedIdMatchingSeveralTipsIsResolvedAfterAFullFetch() throws Exception {
    RemoteRefs refs =
        new RemoteRefs(Map.of("refs/heads/x", C, "refs/heads/y", C2), Optional.empty());
    assertThat(resolve(refs, "c0ffee")).isEqualTo(new FetchPlan.Abbreviated("c0ffee", "c0ffee"));
  }

  @Test
  void unknownNameIsAUserErrorNamingTheRevision() {
    assertThatThrownBy(() -> resolve(REFS, "no-such-branch"))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining(
            "revision 'no-such-branch' not found in https://git.example.com/app.git");
  }

  @Test
  void tooShortHexIsNoCommitId() {
    assertThatThrownBy(() -> resolve(REFS, "abc")).isInstanceOf(InvalidSourceException.class);
  }
}
