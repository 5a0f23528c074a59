package dev.stowage.operator.api;

import io.fabric8.generator.annotation.Required;

/** A ConfigMap whose keys are the files of the build context. */
public record ConfigMapSource(@Required String name, String contextDir) {}
