package dev.stowage.operator.api;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A Secret in the ImageBuild's namespace. */
public record SecretReference(@Required @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$") String name) {}
