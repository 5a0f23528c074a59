package dev.stowage.engine.build;

import dev.stowage.engine.containerfile.ContainerfileException;
import dev.stowage.engine.containerfile.Location;
import dev.stowage.engine.containerfile.instruction.AddInstruction;
import dev.stowage.engine.containerfile.instruction.ArgInstruction;
import dev.stowage.engine.containerfile.instruction.CmdInstruction;
import dev.stowage.engine.containerfile.instruction.CommandLine;
import dev.stowage.engine.containerfile.instruction.CopyInstruction;
import dev.stowage.engine.containerfile.instruction.InlineSource;
import dev.stowage.engine.containerfile.instruction.Instruction;
import dev.stowage.engine.containerfile.instruction.RunInstruction;
import dev.stowage.engine.containerfile.plan.Base;
import dev.stowage.engine.containerfile.plan.Stage;
import dev.stowage.engine.containerfile.plan.StageScope;
import dev.stowage.engine.context.ContextException;
import dev.stowage.engine.context.IgnoreRules;
import dev.stowage.engine.driver.StepKind;
import dev.stowage.engine.driver.StepRoot;
import dev.stowage.engine.driver.WorkingContainer;
import dev.stowage.engine.image.HistoryEntry;
import dev.stowage.engine.image.ImageConfig;
import dev.stowage.engine.storage.LayerRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Runs the instructions of one stage against its image state: config-only steps change the config,
 * COPY/ADD/RUN change the working root file system and commit what changed as a layer, and every
 * step is looked up in and recorded to the cache.
 */
final class StageBuilder {

  private final BuildSession session;
  private final Stage stage;
  private final StageScope scope;
  private final WorkingContainer container;
  private ImageState state;
  private boolean cmdSet;

  StageBuilder(
      BuildSession session,
      Stage stage,
      StageScope scope,
      WorkingContainer container,
      ImageState base) {
    this.session = session;
    this.stage = stage;
    this.scope = scope;
    this.container = container;
    this.state = base;
  }

  ImageState state() {
    return state;
  }

  WorkingContainer container() {
    return container;
  }

  /** Runs {@code instruction}, printing its STEP line first when {@code numbered}. */
  void step(Instruction instruction, boolean numbered) throws BuildException, InterruptedException {
    if (numbered) {
      session.out().println(session.nextStep() + instruction.original());
    }
    Instruction expanded;
    try {
      expanded = scope.dispatch(instruction);
    } catch (ContainerfileException e) {
      throw new BuildException(BuildException.Kind.USER, null, e.getMessage(), e);
    }
    try {
      String text = expanded.keyword() + " " + expanded.original();
      Optional<String> quickKey = fromLayerKey(expanded, text);
      if (session.useCache() && quickKey.isPresent() && useCached(expanded, quickKey.get())) {
        return;
      }
      String key = BuildCache.key(state, text, inputs(expanded));
      if (session.useCache() && useCached(expanded, key)) {
        recordQuickKey(quickKey);
        return;
      }
      session.miss();
      state = execute(expanded);
      cmdSet |= expanded instanceof CmdInstruction;
      session.cache().record(key, state);
      recordQuickKey(quickKey);
      session.out().println("--> " + state.contentDigest().hex().substring(0, 12));
    } catch (IOException e) {
      throw new BuildException(
          BuildException.Kind.USER,
          instruction.location(),
          instruction.keyword() + " failed: " + e.getMessage(),
          e);
    } catch (ContextException e) {
      throw new BuildException(
          BuildException.Kind.USER,
          instruction.location(),
          instruction.keyword() + " failed: " + e.getMessage(),
          e);
    }
  }

  /** Takes the cached result of {@code key} if there is one; false on a miss. */
  private boolean useCached(Instruction expanded, String key) {
    Optional<CacheEntry> hit = session.cache().lookup(key);
    if (hit.isEmpty()) {
      return false;
    }
    state = rebase(hit.get().state());
    cmdSet |= expanded instanceof CmdInstruction;
    session.hit();
    session.out().println("--> Using cache " + state.contentDigest().hex());
    return true;
  }

  /**
   * A second key for {@code COPY --from}: the top layer of the stage or image it copies from
   * instead of the content of the copied files. Layers never change, so the layer names the content
   * as well as its digest would, and a rebuild skips hashing what it copies (a large artifact, a
   * whole tree) and, for an image, mounting it: a rebuild served from the cache then needs no
   * working container at all. A stage rebuilt with new layers, or an image pulled anew, misses it
   * and falls back to the content key, so identical output still hits.
   */
  private Optional<String> fromLayerKey(Instruction i, String text) throws BuildException {
    if (!(i instanceof CopyInstruction c) || c.from().isEmpty() || !c.inline().isEmpty()) {
      return Optional.empty();
    }
    Base base;
    try {
      base = session.plan().resolveFrom(stage, c.from().get(), c.location());
    } catch (ContainerfileException e) {
      return Optional.empty(); // reported by the content key's resolution
    }
    // instanceof, not a pattern switch: see inputs
    if (base instanceof Base.StageRef ref) {
      return session
          .finishedStage(ref.index())
          .flatMap(s -> s.state().topLayer())
          .map(layer -> BuildCache.key(state, text, "stage-layer " + layer));
    }
    if (base instanceof Base.Image image) {
      return session
          .topLayerOf(image, c.location())
          .map(layer -> BuildCache.key(state, text, "image-layer " + layer));
    }
    return Optional.empty();
  }

  /** Records the step's state under its from-layer key too, so the next rebuild can use it. */
  private void recordQuickKey(Optional<String> quickKey) throws IOException {
    if (quickKey.isPresent()) {
      session.cache().record(quickKey.get(), state);
    }
  }

  /**
   * A cached result on top of the current state: everything but history is determined by the key;
   * the history is ours plus the cached step's own entry (the cached one may descend from a parent
   * whose history differs only by steps that changed nothing).
   */
  private ImageState rebase(ImageState cached) {
    List<HistoryEntry> history = new ArrayList<>(state.config().history());
    List<HistoryEntry> theirs = cached.config().history();
    if (theirs.size() > 0) {
      history.add(theirs.getLast());
    }
    return new ImageState(cached.topLayer(), cached.config().withHistory(history));
  }

  /** What a step reads besides its parent state: RUN's variables, COPY/ADD's source content. */
  private String inputs(Instruction i)
      throws IOException, ContextException, BuildException, InterruptedException {
    // instanceof, not a pattern switch: see BuildExecutor.buildStage (cache hits stay cheap)
    if (i instanceof RunInstruction || i instanceof ArgInstruction) {
      return new TreeMap<>(scope.runEnvironment()).toString();
    }
    if (i instanceof CopyInstruction c) {
      return digest(
          copySources(
              c.location(),
              c.from(),
              c.sources(),
              c.inline(),
              c.excludes(),
              false,
              Optional.empty()));
    }
    if (i instanceof AddInstruction a) {
      return digest(
          copySources(
              a.location(),
              Optional.empty(),
              a.sources(),
              a.inline(),
              a.excludes(),
              true,
              a.checksum()));
    }
    return "";
  }

  private static String digest(List<CopySources.Tree> trees) throws IOException {
    SourceDigest d = new SourceDigest();
    for (CopySources.Tree t : trees) {
      d.add(t.name(), t.nodes());
    }
    return d.hex();
  }

  private ImageState execute(Instruction i)
      throws IOException, ContextException, BuildException, InterruptedException {
    return switch (i) {
      case RunInstruction r -> run(r);
      case CopyInstruction c when c.parents() ->
          throw BuildException.user(
              c.location(), "COPY --parents is not supported by this engine yet; list the paths");
      case CopyInstruction c ->
          copy(
              c,
              copySources(
                  c.location(),
                  c.from(),
                  c.sources(),
                  c.inline(),
                  c.excludes(),
                  false,
                  Optional.empty()),
              c.destination(),
              c.chown(),
              c.chmod(),
              c.from().isPresent(),
              false);
      case AddInstruction a ->
          copy(
              a,
              copySources(
                  a.location(),
                  Optional.empty(),
                  a.sources(),
                  a.inline(),
                  a.excludes(),
                  true,
                  a.checksum()),
              a.destination(),
              a.chown(),
              a.chmod(),
              false,
              true);
      default -> {
        if (!ConfigSteps.isConfigOnly(i)) {
          throw BuildException.user(i.location(), i.keyword() + " cannot be used here");
        }
        ImageConfig next = ConfigSteps.apply(state.config(), i, cmdSet);
        yield new ImageState(
            state.topLayer(),
            next.withEmptyLayerStep(history("/bin/sh -c #(nop) " + i.original(), true)));
      }
    };
  }

  private ImageState run(RunInstruction r)
      throws IOException, BuildException, InterruptedException {
    if (!r.mounts().isEmpty()) {
      throw BuildException.user(
          r.location(),
          "RUN --mount is not supported by this engine yet; remove the --mount flags");
    }
    var cc = state.config().config();
    List<String> shell = cc.shell() == null ? CommandLine.DEFAULT_SHELL : cc.shell();
    List<String> argv =
        r.command() instanceof CommandLine.Shell
            ? new CommandLine.Shell(r.shellScript()).argv(shell)
            : r.command().argv(shell);
    Map<String, String> env = new LinkedHashMap<>(scope.runEnvironment());
    env.putIfAbsent("PATH", BuildSession.DEFAULT_PATH);
    String workdir = cc.workingDir() == null || cc.workingDir().isEmpty() ? "/" : cc.workingDir();

    StepRoot root = container.begin(state.topLayer(), StepKind.RUN);
    boolean committed = false;
    try {
      Path dir = root.dir();
      ensureWorkdir(dir);
      ensureMountPoints(dir);
      int exit =
          session
              .runner()
              .run(
                  new RunRequest(dir, argv, env, cc.user(), workdir, root.isolationMounts()),
                  session.out());
      if (exit != 0) {
        throw BuildException.user(
            r.location(), "error building at STEP \"" + r.original() + "\": exit status " + exit);
      }
      // buildah records shell-form steps as "/bin/sh -c <command>" whatever the SHELL
      String createdBy =
          r.command() instanceof CommandLine.Shell
              ? "/bin/sh -c " + r.shellScript()
              : "/bin/sh -c " + String.join(" ", argv);
      ImageState next = commit(root, createdBy);
      committed = true;
      return next;
    } finally {
      if (!committed) {
        root.discard();
      }
    }
  }

  private ImageState copy(
      Instruction i,
      List<CopySources.Tree> trees,
      String destination,
      Optional<String> chown,
      Optional<String> chmod,
      boolean keepOwners,
      boolean extractArchives)
      throws IOException, BuildException {
    StepRoot root = container.begin(state.topLayer(), StepKind.COPY);
    boolean committed = false;
    try {
      ImageState next =
          copyInto(root, i, trees, destination, chown, chmod, keepOwners, extractArchives);
      committed = true;
      return next;
    } finally {
      if (!committed) {
        root.discard();
      }
    }
  }

  private ImageState copyInto(
      StepRoot root,
      Instruction i,
      List<CopySources.Tree> trees,
      String destination,
      Optional<String> chown,
      Optional<String> chmod,
      boolean keepOwners,
      boolean extractArchives)
      throws IOException, BuildException {
    Path dir = root.dir();
    CopyDestination dest;
    Optional<UserDatabase.Owner> owner;
    Optional<ChmodSpec> mode;
    try {
      dest = CopyDestination.of(state.config().config().workingDir(), destination, trees.size());
      owner =
          chown.isPresent()
              ? Optional.of(UserDatabase.read(dir).owner(chown.get()))
              : Optional.empty();
      mode = chmod.map(ChmodSpec::parse);
    } catch (IllegalArgumentException e) {
      throw BuildException.user(i.location(), e.getMessage());
    }
    ensureWorkdir(dir);
    FileCopier copier = new FileCopier(dir, owner, mode, keepOwners);
    for (CopySources.Tree t : trees) {
      boolean sourceIsDir = t.isDirectory();
      if (extractArchives
          && !sourceIsDir
          && !session.downloads().isDownload(t.nodes().getFirst().file())
          && LocalArchive.isArchive(t.nodes().getFirst().file())) {
        LocalArchive.extract(t.nodes().getFirst().file(), copier.mkdirs(dest.path()));
        continue;
      }
      String target = dest.targetFor(t.name(), sourceIsDir, copier.isDirectory(dest.path()));
      if (!sourceIsDir) {
        copier.mkdirs(parent(target));
      }
      copier.copy(t.nodes(), target);
    }
    return commit(root, "#(nop) " + i.original());
  }

  /**
   * Creates {@code /run} and the VOLUME directories when missing, as buildah does for a RUN step
   * (they are its mount points there), so they land in the step's layer as in buildah's images.
   */
  private void ensureMountPoints(Path dir) throws IOException {
    FileCopier mkdir = new FileCopier(dir, Optional.empty(), Optional.empty(), true);
    mkdir.mkdirs("/run");
    java.util.Set<String> volumes = state.config().config().volumes();
    if (volumes != null) {
      for (String v : volumes) {
        mkdir.mkdirs(v);
      }
    }
  }

  /**
   * Creates a missing WORKDIR owned by the current USER (as BuildKit and buildah do, so the user
   * can write there), inside the step's snapshot window so it lands in the step's layer.
   */
  private void ensureWorkdir(Path dir) throws IOException {
    var cc = state.config().config();
    String workdir = cc.workingDir();
    if (workdir == null || workdir.isEmpty() || workdir.equals("/")) {
      return;
    }
    Optional<UserDatabase.Owner> owner = Optional.empty();
    if (cc.user() != null && !cc.user().isEmpty()) {
      try {
        owner = Optional.of(UserDatabase.read(dir).owner(cc.user()));
      } catch (IllegalArgumentException e) {
        // an unknown user fails the RUN itself with a clear message; the directory stays root's
      }
    }
    new FileCopier(dir, owner, Optional.empty(), true).mkdirs(workdir);
  }

  private ImageState commit(StepRoot root, String createdBy) throws IOException {
    String text = createdBy.startsWith("#(nop)") ? "/bin/sh -c " + createdBy : createdBy;
    Optional<LayerRecord> layer = root.commit();
    if (layer.isEmpty()) {
      return new ImageState(
          state.topLayer(), state.config().withEmptyLayerStep(history(text, true)));
    }
    return new ImageState(
        Optional.of(layer.get().id()),
        state.config().withLayer(layer.get().diffDigest().orElseThrow(), history(text, false)));
  }

  private HistoryEntry history(String createdBy, boolean empty) {
    return HistoryEntry.of(session.now(), createdBy, empty);
  }

  private List<CopySources.Tree> copySources(
      Location where,
      Optional<String> from,
      List<String> sources,
      List<InlineSource> inline,
      List<String> excludes,
      boolean add,
      Optional<String> checksum)
      throws IOException, ContextException, BuildException, InterruptedException {
    IgnoreRules ex = excludes.isEmpty() ? IgnoreRules.none() : IgnoreRules.parse(excludes);
    List<CopySources.Tree> out = new ArrayList<>();
    for (InlineSource s : inline) {
      Path f = session.scratchFile(s.name());
      Files.writeString(f, s.content(), StandardCharsets.UTF_8);
      // buildah writes heredoc sources with mode 0664
      dev.stowage.engine.fs.Posix.chmod(f, 0664);
      out.add(new CopySources.Tree(s.name(), List.of(new SourceNode("", f))));
    }
    if (from.isPresent()) {
      Base base;
      try {
        base = session.plan().resolveFrom(stage, from.get(), where);
      } catch (ContainerfileException e) {
        throw new BuildException(BuildException.Kind.USER, null, e.getMessage(), e);
      }
      Path root = session.rootOf(base, where);
      for (String s : sources) {
        try {
          out.addAll(CopySources.fromRoot(root, s, ex));
        } catch (IOException e) {
          throw BuildException.user(where, "COPY --from=" + from.get() + ": " + e.getMessage());
        }
      }
      return out;
    }
    for (String s : sources) {
      if (add && AddInstruction.isRemote(s)) {
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")
            || lower.endsWith(".git")) {
          throw BuildException.user(
              where, "ADD of git sources (" + s + ") is not supported by this engine yet");
        }
        try {
          Path file = session.downloads().fetch(s, checksum);
          out.add(
              new CopySources.Tree(
                  file.getFileName().toString(), List.of(new SourceNode("", file))));
        } catch (IOException e) {
          throw BuildException.user(where, "ADD " + s + ": " + e.getMessage());
        }
        continue;
      }
      out.addAll(CopySources.fromContext(session.context(), s, ex));
    }
    return out;
  }

  private static String parent(String absolute) {
    int slash = absolute.lastIndexOf('/');
    return slash <= 0 ? "/" : absolute.substring(0, slash);
  }
}
