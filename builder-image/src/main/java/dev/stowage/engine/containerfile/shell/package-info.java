/** The builder's shell-word lexer: quotes, escapes and {@code $VAR} expansion. */
package dev.stowage.engine.containerfile.shell;
