/** Containerfile text to nodes: directives, continuations, comments, heredocs, flags. */
package dev.stowage.engine.containerfile.syntax;
