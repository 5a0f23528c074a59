/**
 * The builder pod's {@code source} step: fetches the build context into the workspace from a git
 * repository (JGit, HTTP(S) or git://), a ConfigMap volume, or an inline JSON payload, or checks an
 * already mounted volume. Writes only below its destination, never follows a symlink it did not
 * expect, and leaves no credential in what it writes.
 *
 * <p>Depends on no other engine package.
 */
package dev.stowage.engine.source;
