package dev.stowage.operator.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;

/** Runs the operator CLI in-process with a fake environment and stdin, capturing both outputs. */
final class CliRunner {

  /** Exit code and the text written to stdout and stderr. */
  record Result(int exitCode, String out, String err) {}

  private final Map<String, String> environment;
  private final String stdin;

  CliRunner(Map<String, String> environment, String stdin) {
    this.environment = environment;
    this.stdin = stdin;
  }

  CliRunner() {
    this(Map.of(), "");
  }

  Result run(String... args) {
    CommandLine.IFactory defaults = CommandLine.defaultFactory();
    CommandLine.IFactory factory =
        new CommandLine.IFactory() {
          @Override
          @SuppressWarnings("unchecked")
          public <K> K create(Class<K> type) throws Exception {
            if (type == RenderCommand.class) {
              return (K)
                  new RenderCommand(
                      environment,
                      new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            }
            return defaults.create(type);
          }
        };
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine(factory);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
