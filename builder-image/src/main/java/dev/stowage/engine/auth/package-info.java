/**
 * Registry credentials from docker {@code config.json} and containers {@code auth.json} files,
 * found in podman's order. Depends only on {@code json}.
 */
package dev.stowage.engine.auth;
