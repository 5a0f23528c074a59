package dev.stowage.operator.api;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** One {@code --build-arg NAME=VALUE}. */
public record BuildArg(@Required @Pattern("^[A-Za-z_][A-Za-z0-9_]*$") String name, String value) {}
