package dev.stowage.engine.cli;

import dev.stowage.engine.transfer.TransferLog;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --result-file}, {@code --quiet} and {@code --debug}: what a command reports, where. */
public final class OutputOptions {

  @Option(
      names = "--result-file",
      paramLabel = "FILE",
      description = "Write the one-line JSON result (or failure) here, e.g. /dev/termination-log.")
  Path resultFile;

  @Option(
      names = {"-q", "--quiet"},
      description = "Print no progress lines.")
  boolean quiet;

  @Option(names = "--debug", description = "Print stack traces of failures (also STOWAGE_DEBUG=1).")
  boolean debug;

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
