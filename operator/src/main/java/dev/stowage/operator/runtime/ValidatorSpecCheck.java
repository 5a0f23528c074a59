package dev.stowage.operator.runtime;

import dev.stowage.operator.api.ImageBuild;
import dev.stowage.operator.reconcile.SpecCheck;
import dev.stowage.operator.validation.ImageBuildValidator;
import dev.stowage.operator.validation.Violation;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Connects the offline validator (CEL mirror + operator policy) to the reconciler's hook. */
public final class ValidatorSpecCheck implements SpecCheck {

  private final ImageBuildValidator validator;

  public ValidatorSpecCheck(ImageBuildValidator validator) {
    this.validator = validator;
  }

  @Override
  public Optional<Rejection> check(ImageBuild build) {
    List<Violation> violations = validator.validate(build);
    if (violations.isEmpty()) {
      return Optional.empty();
    }
    // Policy is checked only on a valid spec, so all violations share one kind and reason.
    String message = violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
    return Optional.of(new Rejection(violations.getFirst().reason(), message));
  }
}
