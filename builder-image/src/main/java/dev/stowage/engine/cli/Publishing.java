package dev.stowage.engine.cli;

import dev.stowage.engine.registry.RegistryClient;
import dev.stowage.engine.transfer.PushOptions;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How a build reaches registries when it pulls a base or publishes the result: a fresh client with
 * the credentials and TLS policy asked for, and how pushed or exported images are written.
 */
public record Publishing(Supplier<RegistryClient> clients, PushOptions push) {

  public Publishing {
    Objects.requireNonNull(clients, "clients");
    Objects.requireNonNull(push, "push");
  }
}
