/** Stages, target selection, stage dependencies and build-arg / ENV scoping for dispatch. */
package dev.stowage.engine.containerfile.plan;
