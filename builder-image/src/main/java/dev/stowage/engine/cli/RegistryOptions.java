package dev.stowage.engine.cli;

import dev.stowage.engine.auth.AuthFiles;
import dev.stowage.engine.registry.RegistryClient;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --authfile} and {@code --tls-verify}: how to reach registries. */
public final class RegistryOptions {

  @Option(
      names = "--authfile",
      paramLabel = "FILE",
      description = "Docker config JSON with registry credentials (default: the usual places).")
  Path authFile;

  @Option(
      names = "--tls-verify",
      arity = "0..1",
      fallbackValue = "true",
      defaultValue = "true",
      paramLabel = "BOOL",
      description = "Verify registry certificates; false also allows plain HTTP (default true).")
  boolean tlsVerify = true;

  /** A registry client with the credentials and TLS policy asked for. */
  public RegistryClient client() {
    return RegistryClient.builder()
        .credentials(AuthFiles.discover(authFile))
        .insecure(!tlsVerify)
        .build();
  }
}
