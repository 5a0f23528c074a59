/** Typed instructions: one record per Dockerfile instruction, with their expansion rules. */
package dev.stowage.engine.containerfile.instruction;
