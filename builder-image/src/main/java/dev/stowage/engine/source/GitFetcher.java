package dev.stowage.engine.source;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Clones one revision of a git repository with JGit: asks the remote for its refs, fetches just the
 * revision (shallow when asked), and checks it out. The checkout's {@code .git/config} names the
 * remote by its URL without credentials, which live only in memory.
 */
public final class GitFetcher {

  private static final String REMOTE = "origin";
  private static final List<String> EVERYTHING =
      List.of("+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*");

  private final Consumer<String> log;

  /** A fetcher that reports progress lines to {@code log}. */
  public GitFetcher(Consumer<String> log) {
    this.log = log;
    IsolatedGitConfig.install();
  }

  /**
   * Clones {@code request.revision()} into {@code request.dest()}.
   *
   * @throws InvalidSourceException for a bad URL, credentials that do not fit it, an unknown
   *     revision or a missing context directory
   * @throws GitRemoteException when the server is unreachable, refuses the credentials or fails
   * @throws IOException when the destination cannot be written
   */
  public SourceResult fetch(GitFetchRequest request)
      throws InvalidSourceException, GitRemoteException, IOException {
    GitUrl url = GitUrl.parse(request.url());
    GitCredentials credentials = GitCredentials.read(request.credentials());
    CredentialsProvider provider = provider(url, credentials);
    Destination dest = Destination.prepareEmpty(request.dest());
    int timeout = (int) Math.max(1, request.timeout().toSeconds());
    log.accept(
        "Cloning "
            + url
            + (request.depth() == 0 ? " (full history)" : " (depth " + request.depth() + ")"));

    RemoteRefs refs = listRefs(url, provider, timeout);
    FetchPlan plan = RevisionResolver.resolve(refs, request.revision(), url);
    String branch = plan instanceof FetchPlan.Ref r ? r.branch() : null;
    RevCommit commit;
    try (Git git = init(dest.root(), branch)) {
      configure(git.getRepository(), url, plan);
      Fetch fetch = new Fetch(git, url, provider, timeout);
      commit =
          switch (plan) {
            case FetchPlan.Ref r -> fetch.ref(r, request.depth());
            case FetchPlan.Commit c -> fetch.commit(c, request.depth());
            case FetchPlan.Abbreviated a -> fetch.abbreviated(a);
          };
      checkout(git, commit, branch != null);
    } catch (GitAPIException | JGitInternalException e) {
      throw local(e, dest.root());
    }
    ContextDirectory.check(dest.root(), request.contextDir(), "the repository");
    log.accept("Checked out " + commit.name() + " (" + plan.reported() + ")");
    return new SourceResult(plan.reported(), commit.name());
  }

  private static CredentialsProvider provider(GitUrl url, GitCredentials credentials)
      throws InvalidSourceException {
    if (url.transport() == GitUrl.Transport.SSH) {
      throw new InvalidSourceException(
          "SSH git URLs are not supported yet ("
              + url
              + "): use the https:// URL with a 'token' or 'username' + 'password' in the clone"
              + " Secret");
    }
    return switch (credentials) {
      case GitCredentials.Basic b ->
          new UsernamePasswordCredentialsProvider(b.username(), b.password());
      case GitCredentials.SshKey k ->
          throw new InvalidSourceException(
              "the clone Secret holds an SSH key ('ssh-privatekey'), which only SSH URLs use; for "
                  + url
                  + " give 'token' or 'username' + 'password'");
      case GitCredentials.None n ->
          url.userInfo()
              .<CredentialsProvider>map(
                  u ->
                      new UsernamePasswordCredentialsProvider(
                          u.username(), u.password().orElse("")))
              .orElse(null);
    };
  }

  private RemoteRefs listRefs(GitUrl url, CredentialsProvider provider, int timeout)
      throws InvalidSourceException, GitRemoteException {
    Map<String, Ref> advertised;
    try {
      advertised =
          Git.lsRemoteRepository()
              .setRemote(url.url())
              .setCredentialsProvider(provider)
              .setTimeout(timeout)
              .callAsMap();
    } catch (GitAPIException | JGitInternalException e) {
      throw remote(e, url, provider != null);
    }
    Map<String, String> commits = new HashMap<>();
    Optional<String> headTarget = Optional.empty();
    for (Ref ref : advertised.values()) {
      if (ref.isSymbolic() && ref.getName().equals(Constants.HEAD)) {
        headTarget = Optional.of(ref.getTarget().getName());
      }
      ObjectId id = ref.getPeeledObjectId() != null ? ref.getPeeledObjectId() : ref.getObjectId();
      if (id != null) {
        commits.put(ref.getName(), id.name());
      }
    }
    return new RemoteRefs(commits, headTarget);
  }

  private static Git init(Path dir, String branch) throws GitAPIException {
    var init = Git.init().setDirectory(dir.toFile());
    if (branch != null) {
      init.setInitialBranch(branch);
    }
    return init.call();
  }

  private static void configure(Repository repo, GitUrl url, FetchPlan plan) throws IOException {
    StoredConfig config = repo.getConfig();
    config.setString("remote", REMOTE, "url", url.url());
    config.setString("remote", REMOTE, "fetch", EVERYTHING.getFirst());
    // Protocol v2 lets a server send a commit no ref points to, which a shallow sha checkout needs.
    config.setString("protocol", null, "version", "2");
    if (plan instanceof FetchPlan.Ref r && r.branch() != null) {
      config.setString("branch", r.branch(), "remote", REMOTE);
      config.setString("branch", r.branch(), "merge", r.name());
    }
    config.save();
  }

  private static void checkout(Git git, RevCommit commit, boolean onBranch)
      throws GitAPIException, IOException {
    Repository repo = git.getRepository();
    if (!onBranch) {
      RefUpdate head = repo.updateRef(Constants.HEAD, true);
      head.setNewObjectId(commit);
      head.forceUpdate();
    }
    // HEAD is unborn (or detached at the commit) and the tree empty: a hard reset writes it all.
    git.reset().setMode(ResetCommand.ResetType.HARD).setRef(commit.name()).call();
  }

  /** The fetches of one clone. */
  private final class Fetch {
    private final Git git;
    private final GitUrl url;
    private final CredentialsProvider provider;
    private final int timeout;

    Fetch(Git git, GitUrl url, CredentialsProvider provider, int timeout) {
      this.git = git;
      this.url = url;
      this.provider = provider;
      this.timeout = timeout;
    }

    RevCommit ref(FetchPlan.Ref ref, int depth)
        throws GitAPIException, GitRemoteException, InvalidSourceException, IOException {
      String local = localName(ref.name());
      run(List.of("+" + ref.name() + ":" + local), depth);
      Ref fetched = git.getRepository().exactRef(local);
      if (fetched == null) {
        throw RevisionResolver.notFound(ref.reported(), url);
      }
      return commitOf(fetched.getObjectId(), ref.reported());
    }

    RevCommit commit(FetchPlan.Commit commit, int depth)
        throws GitAPIException, GitRemoteException, InvalidSourceException, IOException {
      ObjectId id = ObjectId.fromString(commit.id());
      try {
        run(List.of(commit.id()), depth);
      } catch (GitRemoteException e) {
        if (e.isAuthFailure()) {
          throw e;
        }
        log.accept(
            "The server does not send commit "
                + commit.id()
                + " on its own; fetching every branch and tag with full history");
        run(EVERYTHING, 0);
      }
      if (!git.getRepository().getObjectDatabase().has(id)) {
        throw RevisionResolver.notFound(commit.reported(), url);
      }
      return commitOf(id, commit.reported());
    }

    RevCommit abbreviated(FetchPlan.Abbreviated abbreviated)
        throws GitAPIException, GitRemoteException, InvalidSourceException, IOException {
      log.accept(
          "Fetching every branch and tag with full history to find commit " + abbreviated.prefix());
      run(EVERYTHING, 0);
      List<ObjectId> commits = new ArrayList<>();
      try (ObjectReader reader = git.getRepository().newObjectReader();
          RevWalk walk = new RevWalk(reader)) {
        for (ObjectId id : reader.resolve(AbbreviatedObjectId.fromString(abbreviated.prefix()))) {
          if (walk.parseAny(id) instanceof RevCommit) {
            commits.add(id);
          }
        }
      }
      if (commits.isEmpty()) {
        throw RevisionResolver.notFound(abbreviated.reported(), url);
      }
      if (commits.size() > 1) {
        throw new InvalidSourceException(
            "commit id '"
                + abbreviated.reported()
                + "' is ambiguous in "
                + url
                + " ("
                + commits.size()
                + " commits start with it): give more digits");
      }
      return commitOf(commits.getFirst(), abbreviated.reported());
    }

    private void run(List<String> specs, int depth)
        throws GitAPIException, GitRemoteException, InvalidSourceException {
      var fetch =
          git.fetch()
              .setRemote(REMOTE)
              .setRefSpecs(specs.stream().map(RefSpec::new).toList())
              .setTagOpt(TagOpt.NO_TAGS)
              .setCredentialsProvider(provider)
              .setTimeout(timeout);
      if (depth > 0) {
        fetch.setDepth(depth);
      }
      try {
        fetch.call();
      } catch (org.eclipse.jgit.api.errors.TransportException
          | org.eclipse.jgit.api.errors.InvalidRemoteException e) {
        throw remote(e, url, provider != null);
      }
    }

    private RevCommit commitOf(ObjectId id, String revision)
        throws InvalidSourceException, IOException {
      try (RevWalk walk = new RevWalk(git.getRepository())) {
        RevObject object = walk.peel(walk.parseAny(id));
        if (!(object instanceof RevCommit commit)) {
          throw new InvalidSourceException(
              "revision '"
                  + revision
                  + "' in "
                  + url
                  + " names a "
                  + typeName(object)
                  + ", not a"
                  + " commit");
        }
        return commit;
      } catch (MissingObjectException e) {
        throw RevisionResolver.notFound(revision, url);
      }
    }
  }

  private static String localName(String remoteRef) {
    if (remoteRef.startsWith(FetchPlan.BRANCH_PREFIX)) {
      return "refs/remotes/" + REMOTE + "/" + remoteRef.substring(FetchPlan.BRANCH_PREFIX.length());
    }
    if (remoteRef.equals(Constants.HEAD)) {
      return "refs/remotes/" + REMOTE + "/HEAD";
    }
    return remoteRef;
  }

  private static String typeName(RevObject object) {
    return Constants.typeString(object.getType());
  }

  /** A failed conversation with the server, as the user's fault or the remote's. */
  static Exception remoteFailure(Throwable e, GitUrl url, boolean withCredentials) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof NoRemoteRepositoryException) {
        return new InvalidSourceException(
            "no git repository at "
                + url
                + ": check the URL"
                + (withCredentials ? "" : " (a private repository also needs a clone Secret)"),
            e);
      }
      if (t instanceof UnknownHostException
          || t instanceof ConnectException
          || t instanceof NoRouteToHostException
          || t instanceof InterruptedIOException) {
        return new GitRemoteException(
            "cannot reach the git server " + url.host() + ": " + t.getMessage(), false, e);
      }
    }
    String message = deepestMessage(e);
    String lower = message.toLowerCase(Locale.ROOT);
    // git daemon says so in words rather than with a status JGit maps.
    if (lower.contains("no such repository")
        || lower.contains("repository not found")
        || lower.contains("not exported")) {
      return new InvalidSourceException(
          "no git repository at " + url + ": check the URL (the server says: " + message + ")", e);
    }
    if (lower.contains("not authorized")
        || lower.contains("authentication")
        || lower.contains("401")
        || lower.contains("403")
        || lower.contains("forbidden")) {
      return new GitRemoteException(
          withCredentials
              ? "the git server "
                  + url.host()
                  + " refused the clone Secret's credentials for "
                  + url
              : url + " requires authentication: give the build a clone Secret (cloneSecretRef)",
          true,
          e);
    }
    return new GitRemoteException("fetching from " + url + " failed: " + message, false, e);
  }

  private static GitRemoteException remote(Exception e, GitUrl url, boolean withCredentials)
      throws InvalidSourceException {
    Exception mapped = remoteFailure(e, url, withCredentials);
    if (mapped instanceof InvalidSourceException invalid) {
      throw invalid;
    }
    return (GitRemoteException) mapped;
  }

  /** A failure of the local repository: the destination could not be written. */
  private static IOException local(Exception e, Path dest) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException io && !(t instanceof TransportException)) {
        return new IOException("cannot write the checkout to " + dest + ": " + io.getMessage(), e);
      }
    }
    if (e instanceof JGitInternalException internal) {
      throw internal;
    }
    throw new IllegalStateException("git checkout failed: " + e.getMessage(), e);
  }

  private static String deepestMessage(Throwable e) {
    String message = e.getMessage();
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
    }
    return message == null ? e.getClass().getSimpleName() : message;
  }
}
