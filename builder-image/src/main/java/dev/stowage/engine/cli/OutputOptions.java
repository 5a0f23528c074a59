package dev.stowage.engine.cli;

import dev.stowage.engine.cli.args.OptionSpec;
import dev.stowage.engine.transfer.TransferLog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** {@code --result-file}, {@code --quiet} and {@code --debug}: what a command reports, where. */
public final class OutputOptions {

  private Path resultFile;
  private boolean quiet;
  private boolean debug;

  /** {@code --result-file FILE}, {@code -q/--quiet} and {@code --debug}. */
  public List<OptionSpec> options() {
    return List.of(
        OptionSpec.value("--result-file")
            .label("FILE")
            .help("Write the one-line JSON result (or failure) here, e.g. /dev/termination-log.")
            .toPath(p -> resultFile = p),
        OptionSpec.flag("-q", "--quiet").help("Print no progress lines.").toBoolean(b -> quiet = b),
        OptionSpec.flag("--debug")
            .help("Print stack traces of failures (also STOWAGE_DEBUG=1).")
            .toBoolean(b -> debug = b));
  }

  /**
   * Records arguments that did not parse as the result file's failure line (exit 2, {@code
   * InvalidArguments}), when a result file was asked for.
   */
  public void argumentsRefused(String message) {
    resultFile().writeRefusedArguments(message);
  }

  public ResultFile resultFile() {
    return ResultFile.at(resultFile);
  }

  public boolean quiet() {
    return quiet;
  }

  public boolean debug() {
    return debug || "1".equals(System.getenv("STOWAGE_DEBUG"));
  }

  /** Progress lines to {@code out}, or nowhere with {@code --quiet}. */
  public TransferLog log(PrintWriter out) {
    if (quiet) {
      return TransferLog.QUIET;
    }
    return line -> {
      synchronized (out) {
        out.println(line);
        out.flush();
      }
    };
  }
}
