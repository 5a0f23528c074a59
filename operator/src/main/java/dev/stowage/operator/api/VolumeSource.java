package dev.stowage.operator.api;

import io.fabric8.generator.annotation.Required;

/** A PersistentVolumeClaim that already holds the build context. */
public record VolumeSource(@Required String claimName, String subPath) {}
