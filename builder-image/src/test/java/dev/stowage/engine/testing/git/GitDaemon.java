package dev.stowage.engine.testing.git;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** {@code git daemon} serving every repository below a directory over git:// on 127.0.0.1. */
public final class GitDaemon implements AutoCloseable {

  private static final Duration STARTUP = Duration.ofSeconds(20);

  private final Process process;
  private final int port;

  private GitDaemon(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts the daemon on a free port and waits until it accepts connections. */
  public static GitDaemon serve(Path root) throws IOException, InterruptedException {
    IOException last = null;
    // The free port can be taken between probing and binding; try a few.
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = freePort();
      Path log = Files.createTempFile("stowage-git-daemon", ".log");
      ProcessBuilder builder =
          new ProcessBuilder(
                  "git",
                  "daemon",
                  "--reuseaddr",
                  "--export-all",
                  "--informative-errors",
                  "--listen=127.0.0.1",
                  "--port=" + port,
                  "--base-path=" + root,
                  root.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().putAll(Git.ENV);
      Process process = builder.start();
      GitDaemon daemon = new GitDaemon(process, port);
      try {
        daemon.awaitReady(log);
        return daemon;
      } catch (IOException e) {
        last = e;
        daemon.close();
      }
    }
    throw last;
  }

  /** {@code git://127.0.0.1:PORT/NAME}. */
  public String url(String name) {
    return "git://127.0.0.1:" + port + "/" + name;
  }

  private void awaitReady(Path log) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(STARTUP);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IOException("git daemon exited: " + Files.readString(log));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
        return;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    throw new IOException("git daemon did not listen within " + STARTUP);
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    // git daemon forks one child per connection; end those too.
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
