package dev.stowage.engine.cli;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** {@code stowage source}: the builder pod's first step, which fetches the build context. */
@Command(
    name = "source",
    mixinStandardHelpOptions = true,
    description = {
      "Fetches the build context into --dest: a git clone (--git-url), the files of a ConfigMap"
          + " volume (--config-map-dir), an inline JSON source (--inline-file), or checks a"
          + " mounted one (--existing).",
      "Writes {\"revision\",\"commit\"} (git) or {} to --result-file."
    })
public final class SourceCommand implements Callable<Integer> {

  @Mixin OutputOptions output;

  @Spec CommandSpec spec;

  @Option(names = "--git-url", paramLabel = "URL", description = "Clone this repository.")
  String gitUrl;

  @Option(
      names = "--git-revision",
      paramLabel = "REV",
      description = "Branch, tag or commit id (full or abbreviated); default: the remote HEAD.")
  String gitRevision;

  @Option(
      names = "--depth",
      paramLabel = "N",
      description = "Commits of history to fetch; 0 = all (default: 1).")
  String depth;

  @Option(
      names = "--git-credentials",
      paramLabel = "DIR",
      description =
          "The clone Secret's keys as files: username + password, or token (HTTP basic auth).")
  Path gitCredentials;

  @Option(
      names = "--config-map-dir",
      paramLabel = "DIR",
      description = "Copy the files of this ConfigMap volume.")
  Path configMapDir;

  @Option(
      names = "--inline-file",
      paramLabel = "FILE",
      description =
          "Write the files of this JSON: {\"containerfile\",\"containerfilePath\",\"files\"}.")
  Path inlineFile;

  @Option(names = "--existing", description = "The context is already mounted at --dest.")
  boolean existing;

  @Option(
      names = "--context-dir",
      paramLabel = "DIR",
      description = "The directory (relative to --dest) that must exist once fetched.")
  String contextDir;

  @Option(names = "--dest", paramLabel = "DIR", description = "Where the context goes.")
  Path dest;

  // Collected rather than refused by picocli, so that even a wrong argument gets a result file.
  @Unmatched List<String> unmatched = new ArrayList<>();

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    return ErrorMapping.run(
        output,
        spec.commandLine().getErr(),
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
    if (!unmatched.isEmpty()) {
      throw new IllegalArgumentException("unknown arguments: " + String.join(" ", unmatched));
    }
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
