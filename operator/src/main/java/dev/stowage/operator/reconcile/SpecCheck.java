package dev.stowage.operator.reconcile;

import dev.stowage.operator.api.ImageBuild;
import dev.stowage.operator.api.Reason;
import java.util.Objects;
import java.util.Optional;

/**
 * HOOK for operator policy: checks an ImageBuild before any pod is created (storage modes and host
 * paths the configuration allows, …). The reconciler calls exactly this one method; the validation
 * package's ImageBuildValidator plugs in here. Until then {@link #PASS_THROUGH}.
 */
@FunctionalInterface
public interface SpecCheck {

  /** Accepts every spec. */
  SpecCheck PASS_THROUGH = build -> Optional.empty();

  /** Why the build must not run, or empty when it may. */
  Optional<Rejection> check(ImageBuild build);

  /**
   * Why a spec is refused.
   *
   * @param reason {@link Reason#InvalidSpec} or {@link Reason#StorageNotAllowed}, typically
   * @param message what is wrong and what to change
   */
  record Rejection(Reason reason, String message) {
    public Rejection {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }
  }
}
