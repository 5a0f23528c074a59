/**
 * OCI distribution client: one class per registry request, {@code RegistryCaller} for auth,
 * retries, redirects and errors, {@link dev.stowage.engine.registry.RegistryClient} as the
 * thread-safe façade. Depends on {@code image} and {@code auth}.
 */
package dev.stowage.engine.registry;
