/**
 * The Containerfile front end: locating the file, source locations and the user-facing {@link
 * dev.stowage.engine.containerfile.ContainerfileException}. Subpackages, each depending only on
 * those before it: {@code shell} (word expansion) → {@code syntax} (text to nodes) → {@code
 * instruction} (nodes to typed instructions) → {@code plan} (stages, target, build-arg scopes).
 */
package dev.stowage.engine.containerfile;
