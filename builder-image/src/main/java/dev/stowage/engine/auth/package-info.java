/**
 * Registry credentials from docker {@code config.json} and containers {@code auth.json} files,
 * found in podman's order. Depends on no other engine package.
 */
package dev.stowage.engine.auth;
