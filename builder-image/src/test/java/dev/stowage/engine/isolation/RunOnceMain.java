package dev.stowage.engine.isolation;

import java.nio.file.Path;
import java.util.List;

/** A stand-in engine for the parent-death test: runs one long RUN step in the given root. */
public final class RunOnceMain {

  private RunOnceMain() {}

  public static void main(String[] args) throws Exception {
    RunSpec spec =
        RunSpec.of(Path.of(args[0]), List.of("sh", "-c", args[1])).withEnv(List.of("PATH=/bin"));
    RunResult result = ChrootRunner.create().run(spec, (stream, line) -> System.out.println(line));
    System.out.println("exit " + result.exitCode());
  }
}
