package dev.stowage.engine.registry;

import java.net.URI;

/** The answer to a cross-repository mount: mounted, or an upload session to use instead. */
sealed interface MountResult {

  record Mounted() implements MountResult {}

  record NotMounted(URI uploadLocation) implements MountResult {}
}
