package dev.stowage.engine.cli;

import dev.stowage.engine.auth.AuthFiles;
import dev.stowage.engine.cli.args.OptionSpec;
import dev.stowage.engine.registry.RegistryClient;
import java.nio.file.Path;
import java.util.List;

/** {@code --authfile} and {@code --tls-verify}: how to reach registries. */
public final class RegistryOptions {

  private Path authFile;
  private boolean tlsVerify = true;

  /** {@code --authfile FILE} and {@code --tls-verify[=BOOL]}. */
  public List<OptionSpec> options() {
    return List.of(
        OptionSpec.value("--authfile")
            .label("FILE")
            .help("Docker config JSON with registry credentials (default: the usual places).")
            .toPath(p -> authFile = p),
        OptionSpec.optional("true", "--tls-verify")
            .label("BOOL")
            .help("Verify registry certificates; false also allows plain HTTP (default true).")
            .toBoolean(b -> tlsVerify = b));
  }

  /** A registry client with the credentials and TLS policy asked for. */
  public RegistryClient client() {
    return RegistryClient.builder()
        .credentials(AuthFiles.discover(authFile))
        .insecure(!tlsVerify)
        .build();
  }
}
