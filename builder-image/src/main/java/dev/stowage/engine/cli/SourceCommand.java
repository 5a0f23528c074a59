package dev.stowage.engine.cli;

import dev.stowage.engine.cli.args.Command;
import dev.stowage.engine.cli.args.CommandSpec;
import dev.stowage.engine.cli.args.Console;
import dev.stowage.engine.cli.args.OptionSpec;
import dev.stowage.engine.source.ConfigMapVolume;
import dev.stowage.engine.source.ContextDirectory;
import dev.stowage.engine.source.Destination;
import dev.stowage.engine.source.GitFetchRequest;
import dev.stowage.engine.source.GitFetcher;
import dev.stowage.engine.source.InlineSource;
import dev.stowage.engine.source.InvalidSourceException;
import dev.stowage.engine.source.RelativePath;
import dev.stowage.engine.source.SourceResult;
import dev.stowage.engine.transfer.TransferLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** {@code stowage source}: the builder pod's first step, which fetches the build context. */
public final class SourceCommand implements Command {

  private final OutputOptions output = new OutputOptions();
  private String gitUrl;
  private String gitRevision;
  private String depth;
  private Path gitCredentials;
  private Path configMapDir;
  private Path inlineFile;
  private boolean existing;
  private String contextDir;
  private Path dest;

  @Override
  public CommandSpec spec() {
    return CommandSpec.named("source")
        .description(
            "Fetches the build context into --dest: a git clone (--git-url), the files of a"
                + " ConfigMap volume (--config-map-dir), an inline JSON source (--inline-file), or"
                + " checks a mounted one (--existing).",
            "Writes {\"revision\",\"commit\"} (git) or {} to --result-file.")
        .options(output.options())
        .option(
            OptionSpec.value("--git-url")
                .label("URL")
                .help("Clone this repository.")
                .to(v -> gitUrl = v))
        .option(
            OptionSpec.value("--git-revision")
                .label("REV")
                .help("Branch, tag or commit id (full or abbreviated); default: the remote HEAD.")
                .to(v -> gitRevision = v))
        .option(
            OptionSpec.value("--depth")
                .label("N")
                .help("Commits of history to fetch; 0 = all (default: 1).")
                .to(v -> depth = v))
        .option(
            OptionSpec.value("--git-credentials")
                .label("DIR")
                .help(
                    "The clone Secret's keys as files: username + password, or token (HTTP basic"
                        + " auth).")
                .toPath(v -> gitCredentials = v))
        .option(
            OptionSpec.value("--config-map-dir")
                .label("DIR")
                .help("Copy the files of this ConfigMap volume.")
                .toPath(v -> configMapDir = v))
        .option(
            OptionSpec.value("--inline-file")
                .label("FILE")
                .help(
                    "Write the files of this JSON:"
                        + " {\"containerfile\",\"containerfilePath\",\"files\"}.")
                .toPath(v -> inlineFile = v))
        .option(
            OptionSpec.flag("--existing")
                .help("The context is already mounted at --dest.")
                .toBoolean(v -> existing = v))
        .option(
            OptionSpec.value("--context-dir")
                .label("DIR")
                .help("The directory (relative to --dest) that must exist once fetched.")
                .to(v -> contextDir = v))
        .option(
            OptionSpec.value("--dest")
                .label("DIR")
                .help("Where the context goes.")
                .toPath(v -> dest = v))
        .build();
  }

  /** Even arguments that do not parse get a result file: the operator reads why from it. */
  @Override
  public void argumentsRefused(String message) {
    output.argumentsRefused(message);
  }

  @Override
  public int call(Console console) {
    var out = console.out();
    return ErrorMapping.run(
        output,
        console.err(),
        ErrorMapping.Reasons.SOURCE,
        () -> {
          checkArguments();
          TransferLog log = output.log(out);
          RelativePath context = RelativePath.parse(contextDir, "context directory");
          if (gitUrl != null) {
            SourceResult fetched =
                new GitFetcher(log::line)
                    .fetch(
                        new GitFetchRequest(
                            gitUrl,
                            Optional.ofNullable(gitRevision),
                            depth(),
                            Optional.ofNullable(gitCredentials),
                            dest,
                            context,
                            GitFetchRequest.DEFAULT_TIMEOUT));
            // result files hold plain maps, lists and values (see ResultFile)
            Map<String, Object> result = new java.util.LinkedHashMap<>();
            result.put("revision", fetched.revision());
            result.put("commit", fetched.commit());
            return result;
          }
          if (configMapDir != null) {
            ConfigMapVolume volume = ConfigMapVolume.at(configMapDir);
            Destination destination = Destination.prepare(dest);
            int copied = volume.copyTo(destination).size();
            ContextDirectory.check(destination.root(), context, "the ConfigMap");
            log.line("Copied " + copied + " files from the ConfigMap at " + configMapDir);
          } else if (inlineFile != null) {
            // Validated as a whole first: a refused payload leaves the workspace untouched.
            InlineSource inline = InlineSource.read(inlineFile);
            Destination destination = Destination.prepare(dest);
            int written = inline.writeTo(destination).size();
            ContextDirectory.check(destination.root(), context, "the inline source");
            log.line("Wrote " + written + " inline files");
          } else {
            if (!Files.isDirectory(dest)) {
              throw new InvalidSourceException(
                  "the context volume at " + dest + " does not exist or is not a directory");
            }
            Path at = ContextDirectory.check(dest, context, "the volume");
            log.line("Using the context at " + at);
          }
          return Map.of();
        });
  }

  private void checkArguments() {
    int forms =
        (gitUrl != null ? 1 : 0)
            + (configMapDir != null ? 1 : 0)
            + (inlineFile != null ? 1 : 0)
            + (existing ? 1 : 0);
    if (forms != 1) {
      throw new IllegalArgumentException(
          "give exactly one of --git-url, --config-map-dir, --inline-file and --existing");
    }
    if (gitUrl == null && (gitRevision != null || depth != null || gitCredentials != null)) {
      throw new IllegalArgumentException(
          "--git-revision, --depth and --git-credentials only go with --git-url");
    }
    if (dest == null) {
      throw new IllegalArgumentException("--dest is required");
    }
  }

  private int depth() {
    if (depth == null) {
      return 1;
    }
    try {
      int n = Integer.parseInt(depth.strip());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "--depth must be 0 (full history) or a positive number of commits, not '" + depth + "'");
  }
}
