package dev.stowage.operator.api;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** One {@code --build-arg NAME=VALUE}. */
public record BuildArg(
    @Required @Pattern(FieldPatterns.BUILD_ARG_NAME) String name, String value) {}
