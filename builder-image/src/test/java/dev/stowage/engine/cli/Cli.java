package dev.stowage.engine.cli;

import dev.stowage.engine.cli.args.CommandLine;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Runs {@code stowage} in-process, as {@link Main#main} does, and captures what it prints. */
final class Cli {

  record Run(int exit, String out, String err) {}

  private Cli() {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  /** A directory with busybox-static as /bin/busybox, /bin/sh and /bin/cat. */
  static Path busyboxRootfs(Path dir) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path busybox = Path.of("/usr/bin/busybox");
    if (!Files.isExecutable(busybox)) {
      busybox = Path.of("/bin/busybox");
    }
    Files.copy(busybox, bin.resolve("busybox"));
    for (String applet : List.of("sh", "cat")) {
      Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
    }
    return dir;
  }
}
