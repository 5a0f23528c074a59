package dev.stowage.operator.api;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A Secret in the ImageBuild's namespace. */
public record SecretReference(@Required @Pattern(FieldPatterns.DNS_SUBDOMAIN) String name) {}
