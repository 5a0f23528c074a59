package dev.stowage.engine.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.stowage.engine.build.BaseImageSource;
import dev.stowage.engine.build.BuildException;
import dev.stowage.engine.build.BuildExecutor;
import dev.stowage.engine.build.BuildRequest;
import dev.stowage.engine.build.BuildResult;
import dev.stowage.engine.build.CacheOnlyBuild;
import dev.stowage.engine.build.ImageFormat;
import dev.stowage.engine.build.ImagePublisher;
import dev.stowage.engine.build.PullPolicy;
import dev.stowage.engine.build.StepRunner;
import dev.stowage.engine.cli.args.Command;
import dev.stowage.engine.cli.args.CommandSpec;
import dev.stowage.engine.cli.args.Console;
import dev.stowage.engine.cli.args.OptionSpec;
import dev.stowage.engine.cli.args.PositionalSpec;
import dev.stowage.engine.containerfile.plan.BuildOptions;
import dev.stowage.engine.driver.DriverContext;
import dev.stowage.engine.driver.DriverInfo;
import dev.stowage.engine.driver.DriverSelection;
import dev.stowage.engine.driver.StorageDriver;
import dev.stowage.engine.image.ImageReference;
import dev.stowage.engine.isolation.ChrootRunner;
import dev.stowage.engine.isolation.Namespaces;
import dev.stowage.engine.isolation.RunCapabilities;
import dev.stowage.engine.isolation.UserNamespaces;
import dev.stowage.engine.registry.RegistryClient;
import dev.stowage.engine.storage.StorageException;
import dev.stowage.engine.storage.StoreSet;
import dev.stowage.engine.transfer.Destination;
import dev.stowage.engine.transfer.ImagePuller;
import dev.stowage.engine.transfer.ImagePusher;
import dev.stowage.engine.transfer.PullResult;
import dev.stowage.engine.transfer.PushResult;
import dev.stowage.engine.transfer.TransferLog;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BiFunction;

/** {@code stowage build}: a Containerfile and a context to an image in the local store. */
public final class BuildCommand implements Command {

  /** The pieces the build needs from other packages; the defaults wire what this module has. */
  public record Services(
      StepRunner runner,
      BiFunction<StoreSet, Publishing, BaseImageSource> baseImages,
      BiFunction<StoreSet, Publishing, ImagePublisher> publisher) {

    /**
     * RUN through chroot isolation, base images from registries through the transfer package's
     * puller, {@code --push} and {@code --output} through its pusher.
     */
    public static Services defaults() {
      return new Services(
          defaultRunner(), BuildCommand::registryBaseImages, BuildCommand::transferPublisher);
    }
  }

  private String file;
  private final List<String> tags = new ArrayList<>();
  private final List<String> buildArgs = new ArrayList<>();
  private String target;
  private boolean layers = true;
  private boolean noCache;
  private String pull = "missing";
  private final StoreOptions store;
  private final RegistryOptions registry = new RegistryOptions();
  private final CompressionOptions compression = new CompressionOptions();
  private boolean push;
  private final List<String> outputs = new ArrayList<>();
  private Long timestamp;
  private String format = "oci";
  private final List<String> labels = new ArrayList<>();
  private final List<String> annotations = new ArrayList<>();
  private final List<String> registryCaches = new ArrayList<>();
  private Path resultFile;
  private String storageDriver;
  private String mountProgram = "auto";
  private boolean quiet;
  private Path context = Path.of(".");

  private final Services services;
  private PrintStream out;
  private final Map<String, String> environment;

  private PrintWriter err;

  /** Prints to the console it is called with. */
  public BuildCommand() {
    this(Services.defaults(), null, System.getenv());
  }

  public BuildCommand(Services services, PrintStream out, Map<String, String> environment) {
    this.services = services;
    this.out = out;
    this.environment = environment;
    this.store = new StoreOptions(environment);
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.named("build")
        .description(
            "Builds an image from a Containerfile (chroot isolation; overlay storage driver where"
                + " the engine may mount, else native).")
        .option(
            OptionSpec.value("-f", "--file")
                .label("FILE")
                .help("Containerfile (default: Containerfile or Dockerfile in the context).")
                .to(v -> file = v))
        .option(
            OptionSpec.value("-t", "--tag")
                .label("NAME")
                .help("Name of the image (repeatable).")
                .to(tags::add))
        .option(
            OptionSpec.value("--build-arg")
                .label("K=V")
                .help("Build argument (repeatable).")
                .to(buildArgs::add))
        .option(
            OptionSpec.value("--target").label("STAGE").help("Stage to build.").to(v -> target = v))
        .option(
            OptionSpec.optional("true", "--layers")
                .label("BOOL")
                .help("Cache intermediate layers (default: true).")
                .toBoolean(v -> layers = v))
        .option(
            OptionSpec.flag("--no-cache")
                .help("Do not use the layer cache.")
                .toBoolean(v -> noCache = v))
        .option(
            OptionSpec.optional("always", "--pull")
                .label("POLICY")
                .separateValues("always", "missing", "never", "true", "false")
                .help("always, missing or never (default: missing).")
                .to(v -> pull = v))
        .options(registry.options())
        .options(store.options())
        .option(
            OptionSpec.flag("--push")
                .help("Push the image to its -t names after building.")
                .toBoolean(v -> push = v))
        .option(
            OptionSpec.value("--output")
                .label("DEST")
                .help(
                    "Where to write the image (repeatable): oci:DIR[:NAME], oci-archive:FILE[:NAME]"
                        + " or docker-archive:FILE[:REF].")
                .to(outputs::add))
        .options(compression.options())
        .option(
            OptionSpec.value("--timestamp")
                .label("EPOCH")
                .help("Created time (epoch seconds) for a reproducible image.")
                .toLong(v -> timestamp = v))
        .option(
            OptionSpec.value("--format")
                .label("oci|docker")
                .help("Image format (default: oci).")
                .to(v -> format = v))
        .option(
            OptionSpec.value("--label")
                .label("K=V")
                .help("Label of the image (repeatable).")
                .to(labels::add))
        .option(
            OptionSpec.value("--annotation")
                .label("K=V")
                .help("Manifest annotation (repeatable).")
                .to(annotations::add))
        .option(
            OptionSpec.value("--cache-from", "--cache-to")
                .label("REPOSITORY")
                .help("Accepted for the builder pod; registry layer caches are not supported yet.")
                .to(registryCaches::add))
        .option(
            OptionSpec.value("--result-file")
                .label("FILE")
                .help("Write the one-line JSON result here.")
                .toPath(v -> resultFile = v))
        .option(
            OptionSpec.value("--storage-driver")
                .label("DRIVER")
                .help(
                    "Auto (default, or $STOWAGE_STORAGE_DRIVER): overlay where the engine may"
                        + " mount, else native; overlay (fail if it cannot mount); native (no"
                        + " mounts).")
                .to(v -> storageDriver = v))
        .option(
            OptionSpec.value("--mount-program")
                .label("PROGRAM")
                .help(
                    "How the overlay driver mounts: auto (kernel overlayfs as root,"
                        + " fuse-overlayfs in a user namespace), kernel, fuse-overlayfs.")
                .to(v -> mountProgram = v))
        .option(
            OptionSpec.flag("-q", "--quiet")
                .help("Print only the image id (no steps, no RUN output).")
                .toBoolean(v -> quiet = v))
        .positional(
            PositionalSpec.optional(
                "CONTEXT", "build context directory (default: .)", v -> context = Path.of(v)))
        .build();
  }

  @Override
  public void argumentsRefused(String message) {
    ResultFile.at(resultFile).writeRefusedArguments(message);
  }

  @Override
  public int call(Console console) {
    err = console.err();
    if (out == null) {
      out = new PrintStream(new WriterOutputStream(console.out()), true, UTF_8);
    }
    PrintStream shown = out;
    if (quiet) {
      out = new PrintStream(OutputStream.nullOutputStream(), true, UTF_8);
    }
    ResultFile result = ResultFile.at(resultFile);
    BuildRequest request;
    Publishing publishing;
    DriverSelection.Requested driver;
    DriverSelection.Program program;
    try {
      driver =
          DriverSelection.Requested.parse(
              storageDriver != null
                  ? storageDriver
                  : environment.getOrDefault("STOWAGE_STORAGE_DRIVER", "auto"));
      program = DriverSelection.Program.parse(mountProgram);
      if (push && tags.isEmpty()) {
        throw new IllegalArgumentException("--push needs at least one -t name to push to");
      }
      request = request();
      publishing =
          new Publishing(
              registry::client,
              compression.pushOptions(
                  request.format() == ImageFormat.DOCKER,
                  request.timestamp().map(OptionalLong::of).orElse(OptionalLong.empty())));
    } catch (IllegalArgumentException e) {
      return fail(result, ExitCode.USER_ERROR, "InvalidArguments", e.getMessage());
    }
    String noUserNamespace = "";
    Optional<CacheOnlyBuild.Served> cached = Optional.empty();
    if (driver != DriverSelection.Requested.NATIVE && wantsUserNamespace()) {
      Optional<UserNamespaces> namespaces = UserNamespaces.find(environment.get("PATH"));
      if (namespaces.isEmpty()) {
        noUserNamespace = "no util-linux unshare and nsenter on PATH";
      } else {
        try {
          // a rebuild that the cache serves needs neither the namespace nor a second JVM
          cached = fromCacheAlone(request, driver, program);
          if (cached.isEmpty()) {
            UserNamespaces.Outcome outcome =
                namespaces
                    .get()
                    .run(
                        ownCommandLine(),
                        Map.of(
                            UserNamespaces.OUTER_CAPABILITIES_ENV,
                            Long.toHexString(RunCapabilities.effective().orElse(0))));
            switch (outcome) {
              case UserNamespaces.Outcome.Ran ran -> {
                return ran.exitCode();
              }
              case UserNamespaces.Outcome.Refused refused -> noUserNamespace = refused.reason();
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return fail(result, ExitCode.INTERNAL, "Interrupted", "the build was interrupted");
        }
      }
    }
    String noUserNs = noUserNamespace;
    DriverSelection selection = DriverSelection.forThisProcess(noUserNs);
    BuildExecutor.DriverFactory drivers =
        new BuildExecutor.DriverFactory() {
          @Override
          public StorageDriver create(DriverContext context, Path probeDir) throws IOException {
            return selection.select(driver, program, context, probeDir);
          }

          @Override
          public DriverInfo expected() {
            return selection.expected(driver, program);
          }
        };
    try {
      for (String cache : registryCaches) {
        out.println("Note: registry cache " + cache + " ignored: not supported yet");
      }
      StoreSet stores = store.open();
      BuildResult built;
      if (cached.isPresent()) {
        out.print(cached.get().output());
        built = cached.get().result();
      } else {
        BuildExecutor executor =
            new BuildExecutor(
                stores,
                services.runner(),
                services.baseImages().apply(stores, publishing),
                out,
                drivers);
        built = executor.build(request);
      }
      ImagePublisher publisher = services.publisher().apply(stores, publishing);
      if (push) {
        for (String tag : tags) {
          out.println(publisher.publish(built, "docker://" + tag));
        }
      }
      for (String output : outputs) {
        out.println(publisher.publish(built, output));
      }
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("imageId", built.imageId());
      json.put("layers", built.layers());
      json.put("cacheHits", built.cacheHits());
      json.put("cacheMisses", built.cacheMisses());
      json.put("isolation", "chroot");
      json.put("storageDriver", built.driver().name());
      if (!built.driver().mountProgram().isEmpty()) {
        json.put("mountProgram", built.driver().mountProgram());
      }
      json.put("userNamespace", built.driver().userNamespace());
      if (!built.driver().note().isEmpty()) {
        json.put("storageNote", built.driver().note());
      }
      json.put("durationMs", built.durationMs());
      result.write(json);
      if (quiet) {
        shown.println(built.imageId());
      }
      return ExitCode.OK.code();
    } catch (BuildException e) {
      ExitCode code =
          switch (e.kind()) {
            case USER -> ExitCode.USER_ERROR;
            case REGISTRY -> ExitCode.REGISTRY;
            case ENVIRONMENT -> ExitCode.ENVIRONMENT;
            case INTERNAL -> ExitCode.INTERNAL;
          };
      return fail(result, code, reason(e.kind()), e.getMessage());
    } catch (StorageException e) {
      return fail(result, ExitCode.ENVIRONMENT, "StorageFailed", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail(result, ExitCode.INTERNAL, "Interrupted", "the build was interrupted");
    } catch (RuntimeException e) {
      return fail(result, ExitCode.INTERNAL, "InternalError", String.valueOf(e));
    }
  }

  private BuildRequest request() {
    BuildRequest.Builder b = BuildRequest.builder(context);
    b.containerfile(file);
    b.buildArgs(BuildOptions.parseBuildArgs(buildArgs, environment));
    b.target(target);
    tags.forEach(b::tag);
    b.format(ImageFormat.parse(format));
    b.useCache(layers && !noCache);
    b.pull(PullPolicy.parse(pull));
    Long ts = timestamp;
    if (ts == null && environment.containsKey("SOURCE_DATE_EPOCH")) {
      try {
        ts = Long.parseLong(environment.get("SOURCE_DATE_EPOCH").trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("SOURCE_DATE_EPOCH must be seconds since the epoch");
      }
    }
    if (ts != null && ts < 0) {
      throw new IllegalArgumentException("--timestamp must not be negative");
    }
    b.timestamp(ts);
    for (String l : labels) {
      String[] kv = keyValue(l, "--label");
      b.label(kv[0], kv[1]);
    }
    for (String a : annotations) {
      String[] kv = keyValue(a, "--annotation");
      b.annotation(kv[0], kv[1]);
    }
    return b.build();
  }

  private static String[] keyValue(String text, String option) {
    int eq = text.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException(option + " wants K=V, got '" + text + "'");
    }
    return new String[] {text.substring(0, eq), text.substring(eq + 1)};
  }

  private int fail(ResultFile result, ExitCode code, String reason, String message) {
    PrintWriter err = this.err != null ? this.err : new PrintWriter(System.err, true);
    err.println("Error: " + message);
    err.flush();
    try {
      result.writeFailure(code, reason, message);
    } catch (RuntimeException e) {
      err.println("cannot write the result file: " + e.getMessage());
      err.flush();
    }
    return code.code();
  }

  private static String reason(BuildException.Kind kind) {
    return switch (kind) {
      case USER -> "BuildFailed";
      case REGISTRY -> "PullFailed";
      case ENVIRONMENT -> "EnvironmentError";
      case INTERNAL -> "InternalError";
    };
  }

  /** Pulls a missing (or, with --pull=always, any) base image into the primary store. */
  private static BaseImageSource registryBaseImages(StoreSet stores, Publishing publishing) {
    return reference -> {
      try (RegistryClient client = publishing.clients().get()) {
        ImagePuller puller = new ImagePuller(stores, client, TransferLog.to(System.out));
        PullResult pulled =
            puller.pull(
                ImageReference.parse(reference), dev.stowage.engine.transfer.PullPolicy.ALWAYS);
        return pulled.imageId();
      } catch (RuntimeException e) {
        throw failure(e, ErrorMapping.Reasons.PULL, "pulling " + reference);
      }
    };
  }

  /**
   * Pushes to a registry, or exports to {@code oci:DIR}, {@code oci-archive:FILE} or {@code
   * docker-archive:FILE}.
   */
  private static ImagePublisher transferPublisher(StoreSet stores, Publishing publishing) {
    return (image, destination) -> {
      try {
        Destination target = Destination.parse(destination);
        try (RegistryClient registry =
            target instanceof Destination.Registry ? publishing.clients().get() : null) {
          PushResult pushed =
              new ImagePusher(stores, registry, publishing.push(), TransferLog.to(System.out))
                  .push(image.imageId(), target, List.of());
          return "Pushed " + String.join(", ", pushed.references()) + " " + pushed.digest();
        }
      } catch (RuntimeException e) {
        throw failure(e, ErrorMapping.Reasons.PUSH, "publishing to " + destination);
      }
    };
  }

  private static BuildException failure(
      RuntimeException e, ErrorMapping.Reasons reasons, String action) {
    ErrorMapping.Failure f = ErrorMapping.classify(e, reasons);
    BuildException.Kind kind =
        switch (f.code()) {
          case REGISTRY -> BuildException.Kind.REGISTRY;
          case USER_ERROR -> BuildException.Kind.USER;
          case ENVIRONMENT -> BuildException.Kind.ENVIRONMENT;
          default -> BuildException.Kind.INTERNAL;
        };
    return new BuildException(kind, null, action + ": " + f.message(), e);
  }

  /**
   * True when the engine may not mount where it is (no CAP_SYS_ADMIN in the initial user namespace:
   * a builder pod) and runs as its own process, so it can start itself again inside a user
   * namespace of its own, where it may.
   */
  private boolean wantsUserNamespace() {
    if (!Main.standalone() || UserNamespaces.inChild(environment)) {
      return false;
    }
    Namespaces here = Namespaces.ofThisProcess();
    return here.initialUserNamespace() && !here.hasSysAdmin();
  }

  /**
   * The build from the layer cache alone, when it needs no root (see {@link CacheOnlyBuild}): then
   * no user namespace and no second JVM are needed. Its result reports the driver the engine would
   * have used in its user namespace, and that it did without one.
   */
  private Optional<CacheOnlyBuild.Served> fromCacheAlone(
      BuildRequest request, DriverSelection.Requested driver, DriverSelection.Program program)
      throws InterruptedException {
    StoreSet stores;
    try {
      stores = store.open();
    } catch (StorageException e) {
      return Optional.empty();
    }
    DriverInfo inUserNamespace =
        new DriverSelection(Namespaces.ofOwnUserNamespace(), environment.get("PATH"), "")
            .expected(driver, program);
    DriverInfo reported =
        new DriverInfo(
            inUserNamespace.name(),
            inUserNamespace.mountProgram(),
            false,
            "every step came from the cache, so no user namespace was needed");
    return CacheOnlyBuild.attempt(stores, request, reported);
  }

  /** This JVM's command line, to run again (from /proc/self/cmdline). */
  private static List<String> ownCommandLine() {
    ProcessHandle.Info info = ProcessHandle.current().info();
    List<String> command = new ArrayList<>();
    command.add(
        info.command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(List.of(info.arguments().orElse(new String[0])));
    return command;
  }

  /**
   * RUN through the isolation package's chroot launcher, set up on the first RUN step: a build
   * whose steps all come from the cache never needs it.
   */
  private static StepRunner defaultRunner() {
    return new ChrootStepRunner(ChrootRunner::create);
  }
}
