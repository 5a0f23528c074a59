/**
 * The build context: {@code .dockerignore} rules (moby patternmatcher semantics), a walk that never
 * follows symlinks, and COPY/ADD source resolution that never leaves the context.
 */
package dev.stowage.engine.context;
