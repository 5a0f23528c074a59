package dev.stowage.engine.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.engine.testing.git.Git;
import dev.stowage.engine.testing.git.GitDaemon;
import dev.stowage.engine.testing.git.GitHttpServer;
import dev.stowage.engine.testing.git.SampleRepository;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clones from real git servers on 127.0.0.1: {@code git daemon} and {@code git http-backend}. */
class GitFetcherTest {

  private static final String PASSWORD = "hunter2-Pa55";
  private static final String TOKEN = "tok3n-0123456789abcdef";

  @TempDir static Path served;

  static SampleRepository repo;
  static GitDaemon daemon;
  static GitHttpServer http;
  static GitHttpServer protectedHttp;
  static GitHttpServer v0Http;

  @TempDir Path tmp;

  private final List<String> log = new ArrayList<>();

  @BeforeAll
  static void serve() throws Exception {
    repo = SampleRepository.create(served);
    daemon = GitDaemon.serve(served);
    http = GitHttpServer.anonymous(served);
    protectedHttp =
        GitHttpServer.withBasicAuth(
            served, Map.of("bob", PASSWORD, GitCredentials.TOKEN_USERNAME, TOKEN));
    v0Http = GitHttpServer.protocolV0Only(served);
  }

  @AfterAll
  static void stop() throws Exception {
    daemon.close();
    http.close();
    protectedHttp.close();
    v0Http.close();
  }

  private SourceResult clone(String url, String revision, int depth) throws Exception {
    return clone(url, revision, depth, null, "");
  }

  private SourceResult clone(String url, String revision, int depth, Path credentials, String ctx)
      throws Exception {
    return new GitFetcher(log::add)
        .fetch(
            new GitFetchRequest(
                url,
                Optional.ofNullable(revision),
                depth,
                Optional.ofNullable(credentials),
                dest(),
                RelativePath.parse(ctx, "context directory"),
                Duration.ofSeconds(30)));
  }

  private Path dest() {
    return tmp.resolve("workspace");
  }

  private Path secret(Map<String, String> keys) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("secret"));
    for (var key : keys.entrySet()) {
      Files.writeString(dir.resolve(key.getKey()), key.getValue());
    }
    return dir;
  }

  private long commitsInCheckout() throws Exception {
    return Long.parseLong(Git.run(dest(), "rev-list", "--count", "HEAD"));
  }

  @Test
  void defaultRevisionIsTheRemoteHeadReportedAsItsBranch() throws Exception {
    SourceResult result = clone(daemon.url(SampleRepository.NAME), null, 1);

    assertThat(result).isEqualTo(new SourceResult("trunk", repo.head()));
    assertThat(dest().resolve(".git/HEAD")).hasContent("ref: refs/heads/trunk");
    assertThat(dest().resolve("app/Containerfile")).hasContent("FROM scratch\nCOPY hello.txt /\n");
    assertThat(log)
        .containsExactly(
            "Cloning " + daemon.url(SampleRepository.NAME) + " (depth 1)",
            "Checked out " + repo.head() + " (trunk)");
  }

  @Test
  void branchIsCheckedOutOnThatBranch() throws Exception {
    SourceResult result = clone(daemon.url(SampleRepository.NAME), "feature", 1);

    assertThat(result).isEqualTo(new SourceResult("feature", repo.feature()));
    assertThat(dest().resolve("feature.txt")).hasContent("feature\n");
    assertThat(Git.run(dest(), "symbolic-ref", "HEAD")).isEqualTo("refs/heads/feature");
    assertThat(Git.run(dest(), "status", "--porcelain")).isEmpty();
  }

  @Test
  void lightweightTagIsCheckedOutDetached() throws Exception {
    SourceResult result = clone(http.url(SampleRepository.NAME), "v1", 1);

    assertThat(result).isEqualTo(new SourceResult("v1", repo.trunk(2)));
    assertThat(dest().resolve(".git/HEAD")).hasContent(repo.trunk(2));
    assertThat(dest().resolve("app/hello.txt")).hasContent("two\n");
    assertThat(dest().resolve("docs")).doesNotExist();
  }

  @Test
  void annotatedTagIsPeeledToItsCommit() throws Exception {
    assertThat(clone(http.url(SampleRepository.NAME), "v2", 1))
        .isEqualTo(new SourceResult("v2", repo.head()));
  }

  @Test
  void fullCommitIdNoRefPointsToIsFetchedShallowOverGitProtocolV2() throws Exception {
    SourceResult result = clone(daemon.url(SampleRepository.NAME), repo.trunk(1), 1);

    assertThat(result).isEqualTo(new SourceResult(repo.trunk(1), repo.trunk(1)));
    assertThat(dest().resolve("app/hello.txt")).hasContent("one\n");
    assertThat(commitsInCheckout()).isEqualTo(1);
  }

  @Test
  void fullCommitIdNoRefPointsToIsFetchedShallowOverHttpProtocolV2() throws Exception {
    assertThat(clone(http.url(SampleRepository.NAME), repo.trunk(1), 1).commit())
        .isEqualTo(repo.trunk(1));
    assertThat(commitsInCheckout()).isEqualTo(1);
  }

  @Test
  void commitTheServerWillNotSendFallsBackToAFullFetchThenIsAUserError() {
    // Protocol v0 refuses a want that no advertised ref reaches; nor does any branch or tag have
    // it.
    assertThatThrownBy(() -> clone(v0Http.url(SampleRepository.NAME), repo.unreachable(), 1))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("revision '" + repo.unreachable() + "' not found");
    assertThat(log).anyMatch(line -> line.contains("does not send commit " + repo.unreachable()));
  }

  @Test
  void reachableCommitIsFetchedOverProtocolV0Too() throws Exception {
    assertThat(clone(v0Http.url(SampleRepository.NAME), repo.trunk(1), 1).commit())
        .isEqualTo(repo.trunk(1));
    assertThat(dest().resolve("app/hello.txt")).hasContent("one\n");
  }

  @Test
  void abbreviatedCommitIdIsResolvedAndReportedAsGiven() throws Exception {
    String shortId = repo.trunk(1).substring(0, 7);

    SourceResult result = clone(daemon.url(SampleRepository.NAME), shortId, 1);

    assertThat(result).isEqualTo(new SourceResult(shortId, repo.trunk(1)));
    assertThat(dest().resolve(".git/HEAD")).hasContent(repo.trunk(1));
  }

  @Test
  void abbreviatedIdOfABranchTipStaysShallow() throws Exception {
    clone(daemon.url(SampleRepository.NAME), repo.feature().substring(0, 8), 1);
    assertThat(commitsInCheckout()).isEqualTo(1);
  }

  @Test
  void depthOneFetchesOneCommit() throws Exception {
    clone(http.url(SampleRepository.NAME), null, 1);
    assertThat(commitsInCheckout()).isEqualTo(1);
    assertThat(dest().resolve(".git/shallow")).exists();
  }

  @Test
  void depthTwoFetchesTwoCommits() throws Exception {
    clone(daemon.url(SampleRepository.NAME), null, 2);
    assertThat(commitsInCheckout()).isEqualTo(2);
  }

  @Test
  void depthZeroFetchesTheWholeHistory() throws Exception {
    clone(http.url(SampleRepository.NAME), null, 0);
    assertThat(commitsInCheckout()).isEqualTo(3);
    assertThat(dest().resolve(".git/shallow")).doesNotExist();
    assertThat(log).first().asString().endsWith("(full history)");
  }

  @Test
  void symlinksOfTheRepositoryAreCheckedOutAsSymlinks() throws Exception {
    clone(daemon.url(SampleRepository.NAME), null, 1);
    assertThat(Files.readSymbolicLink(dest().resolve("up"))).isEqualTo(Path.of(".."));
  }

  @Test
  void unknownRevisionIsAUserErrorNamingIt() {
    assertThatThrownBy(() -> clone(daemon.url(SampleRepository.NAME), "no-such-branch", 1))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("revision 'no-such-branch' not found");
  }

  @Test
  void unknownFullCommitIdIsAUserError() {
    assertThatThrownBy(() -> clone(v0Http.url(SampleRepository.NAME), "d".repeat(40), 1))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("not found");
  }

  @Test
  void missingRepositoryOverHttpIsAUserError() {
    assertThatThrownBy(() -> clone(http.url("nope.git"), null, 1))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("no git repository at " + http.url("nope.git"));
  }

  @Test
  void missingRepositoryOverGitProtocolIsAUserError() {
    assertThatThrownBy(() -> clone(daemon.url("nope.git"), null, 1))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("no git repository");
  }

  @Test
  void unreachablePortIsARemoteFailure() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port + "/sample.git";
    assertThatThrownBy(() -> clone(url, null, 1))
        .isInstanceOfSatisfying(
            GitRemoteException.class, e -> assertThat(e.isAuthFailure()).isFalse())
        .hasMessageContaining("cannot reach the git server 127.0.0.1:" + port);
  }

  @Test
  void usernameAndPasswordAuthenticate() throws Exception {
    Path secret = secret(Map.of("username", "bob", "password", PASSWORD + "\n"));
    assertThat(clone(protectedHttp.url(SampleRepository.NAME), "feature", 1, secret, "").commit())
        .isEqualTo(repo.feature());
    assertThat(protectedHttp.requests()).anyMatch(r -> "bob".equals(r.user()));
  }

  @Test
  void tokenAuthenticatesAsTheAccessTokenUser() throws Exception {
    Path secret = secret(Map.of("token", TOKEN));
    assertThat(clone(protectedHttp.url(SampleRepository.NAME), null, 1, secret, "").commit())
        .isEqualTo(repo.head());
    assertThat(protectedHttp.requests())
        .anyMatch(r -> GitCredentials.TOKEN_USERNAME.equals(r.user()));
  }

  @Test
  void wrongPasswordIsAnAuthFailure() throws Exception {
    Path secret = secret(Map.of("username", "bob", "password", "wrong"));
    assertThatThrownBy(() -> clone(protectedHttp.url(SampleRepository.NAME), null, 1, secret, ""))
        .isInstanceOfSatisfying(
            GitRemoteException.class, e -> assertThat(e.isAuthFailure()).isTrue())
        .hasMessageContaining("refused the clone Secret's credentials")
        .hasMessageNotContaining("wrong");
  }

  @Test
  void protectedRepositoryWithoutCredentialsIsAnAuthFailure() {
    assertThatThrownBy(() -> clone(protectedHttp.url(SampleRepository.NAME), null, 1))
        .isInstanceOfSatisfying(
            GitRemoteException.class, e -> assertThat(e.isAuthFailure()).isTrue())
        .hasMessageContaining("requires authentication");
  }

  @Test
  void cloneLeavesNoCredentialInTheCheckout() throws Exception {
    Path secret = secret(Map.of("username", "bob", "password", PASSWORD));
    clone(protectedHttp.url(SampleRepository.NAME), null, 0, secret, "");
    assertNoCredentialBelow(dest(), "bob", PASSWORD);
    assertThat(Git.run(dest(), "config", "remote.origin.url"))
        .isEqualTo(protectedHttp.url(SampleRepository.NAME));
  }

  @Test
  void tokenCloneLeavesNoTokenInTheCheckout() throws Exception {
    clone(
        protectedHttp.url(SampleRepository.NAME),
        repo.trunk(1),
        1,
        secret(Map.of("token", TOKEN)),
        "");
    assertNoCredentialBelow(dest(), GitCredentials.TOKEN_USERNAME, TOKEN);
  }

  @Test
  void credentialsInTheUrlAreUsedButNeverWritten() throws Exception {
    String url =
        protectedHttp.url(SampleRepository.NAME).replace("://", "://bob:" + PASSWORD + "@");

    SourceResult result = clone(url, null, 1);

    assertThat(result.commit()).isEqualTo(repo.head());
    assertNoCredentialBelow(dest(), "bob", PASSWORD);
    assertThat(log).noneMatch(line -> line.contains(PASSWORD));
  }

  @Test
  void contextDirectoryMustExistInTheCheckout() throws Exception {
    assertThatThrownBy(() -> clone(daemon.url(SampleRepository.NAME), null, 1, null, "apps"))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("context directory 'apps' does not exist in the repository");
  }

  @Test
  void contextDirectoryOfTheCheckoutIsAccepted() throws Exception {
    assertThat(clone(daemon.url(SampleRepository.NAME), null, 1, null, "app").commit())
        .isEqualTo(repo.head());
  }

  @Test
  void contextDirectoryEscapingThroughASymlinkIsRefused() {
    assertThatThrownBy(() -> clone(daemon.url(SampleRepository.NAME), null, 1, null, "up"))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("leaves the repository through a symbolic link");
  }

  @Test
  void contextDirectoryLinkingToAnAbsolutePathIsRefused() {
    assertThatThrownBy(() -> clone(http.url(SampleRepository.NAME), null, 1, null, "etc"))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("symbolic link");
  }

  @Test
  void destinationThatIsNotEmptyIsRefused() throws Exception {
    Files.createDirectories(dest());
    Files.writeString(dest().resolve("left-over"), "x");
    assertThatThrownBy(() -> clone(daemon.url(SampleRepository.NAME), null, 1))
        .isInstanceOf(FileSystemException.class)
        .hasMessageContaining("not empty");
  }

  @Test
  void sshUrlIsRefusedAsNotSupportedYet() {
    assertThatThrownBy(() -> clone("git@127.0.0.1:sample.git", null, 1))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("SSH git URLs are not supported yet");
  }

  @Test
  void sshKeyForAnHttpUrlIsRefused() throws Exception {
    Path secret = secret(Map.of("ssh-privatekey", "key"));
    assertThatThrownBy(() -> clone(http.url(SampleRepository.NAME), null, 1, secret, ""))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("only SSH URLs use");
  }

  /** Reads every file below {@code root}: neither the password nor a basic-auth header is there. */
  static void assertNoCredentialBelow(Path root, String user, String secret) throws IOException {
    String header =
        Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertThat(content).as(file.toString()).doesNotContain(secret).doesNotContain(header);
        assertThat(content).as(file.toString()).doesNotContain(user + ":" + secret);
      }
    }
    assertThat(Files.readString(root.resolve(".git/config"))).doesNotContain(user + "@");
  }
}
