package dev.stowage.engine.storage;

import dev.stowage.engine.image.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Makes layers the way the archive package will: a sorted tar, its tar-split, its extraction. */
final class TestLayers {

  private TestLayers() {}

  /** A reproducible tar of {@code dir} made by GNU tar. */
  static byte[] tar(Path dir) throws IOException, InterruptedException {
    return run(
        null,
        "tar",
        "--sort=name",
        "--numeric-owner",
        "--owner=0",
        "--group=0",
        "--mtime=@1700000000",
        "-C",
        dir.toString(),
        "-cf",
        "-",
        ".");
  }

  /** Extracts {@code tar} into a staging directory of {@code store} and describes the layer. */
  static NewLayer stage(Store store, Path content, Optional<LayerId> parent)
      throws IOException, InterruptedException {
    byte[] tar = tar(content);
    Path staging = store.newStagingDirectory();
    run(tar, "tar", "--numeric-owner", "-xpf", "-", "-C", staging.toString());
    byte[] split = TarSplitWriter.describe(new ByteArrayInputStream(tar));
    return NewLayer.of(parent, Digest.sha256(tar), tar.length, staging, TarSplitSource.of(split));
  }

  /** Runs a command, feeding {@code input}; returns stdout; fails on a non-zero exit. */
  static byte[] run(byte[] input, String... command) throws IOException, InterruptedException {
    return run(input, List.of(), command);
  }

  static byte[] run(byte[] input, List<String> env, String... command)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
    for (String pair : env) {
      int eq = pair.indexOf('=');
      builder.environment().put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    Path stderr = Files.createTempFile("stowage-test", ".err");
    builder.redirectError(stderr.toFile());
    Process process = builder.start();
    Thread feeder =
        Thread.ofVirtual()
            .start(
                () -> {
                  try (OutputStream in = process.getOutputStream()) {
                    if (input != null) {
                      in.write(input);
                    }
                  } catch (IOException ignored) {
                    // the process may exit without reading
                  }
                });
    byte[] out;
    try (InputStream stdout = process.getInputStream()) {
      out = stdout.readAllBytes();
    }
    int code = process.waitFor();
    feeder.join();
    String err = Files.readString(stderr, StandardCharsets.UTF_8);
    Files.deleteIfExists(stderr);
    if (code != 0) {
      throw new IOException(
          String.join(" ", new ArrayList<>(List.of(command))) + " exited " + code + ": " + err);
    }
    return out;
  }
}
