/**
 * Chroot isolation for RUN steps. The engine calls {@link
 * dev.stowage.engine.isolation.ChrootRunner} with a {@link dev.stowage.engine.isolation.RunSpec};
 * the runner starts a second, short-lived JVM ({@link dev.stowage.engine.isolation.ChrootLauncher},
 * same jar) that on its main thread chroots, sets groups and ids, removes {@code CAP_SYS_CHROOT}
 * (bounding set, or {@code no_new_privs} when the engine lacks {@code CAP_SETPCAP}; then the
 * effective, permitted, inheritable and ambient sets), marks all descriptors above 2 close-on-exec,
 * resets signals, asks for SIGKILL when the engine dies, and execs the command. {@link
 * dev.stowage.engine.isolation.HostFiles}, {@link dev.stowage.engine.isolation.ShellForm} and
 * {@link dev.stowage.engine.isolation.UserSpec} prepare what the executor hands to the runner.
 *
 * <p>Depends on no other engine package and on no library: only {@code java.base} (the FFM API for
 * the system calls). The launcher classes load nothing outside this package, which keeps the
 * launcher JVM's start-up (the per-RUN overhead) small. Native bindings are private to this package
 * (one {@code syscall(2)} handle); the fs package's POSIX wrappers are not used, so the launcher
 * does not load them.
 */
package dev.stowage.engine.isolation;
