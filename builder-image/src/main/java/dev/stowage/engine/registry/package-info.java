/**
 * OCI distribution client: one class per registry request, {@code RegistryCaller} for auth,
 * retries, redirects and errors, {@link dev.stowage.engine.registry.RegistryClient} as the
 * thread-safe façade. Depends on {@code image}, {@code auth} and {@code json}.
 */
package dev.stowage.engine.registry;
