/**
 * The POSIX file operations the JDK lacks, as FFM downcalls into libc with errno captured: full
 * {@code lstat} (via statx), {@code lchown}, {@code fchmodat} without following links, {@code
 * mknod}, links, {@code utimensat} in nanoseconds, {@code l*xattr} in every namespace, and safe
 * path resolution inside a root ({@link dev.stowage.engine.fs.SafePath}, kernel-checked with {@link
 * dev.stowage.engine.fs.Openat2} where available).
 *
 * <p>Depends on no other engine package. Paths are passed to libc as UTF-8; run the JVM with a
 * UTF-8 locale ({@code LANG=C.UTF-8}) so the JDK's own file APIs agree.
 */
package dev.stowage.engine.fs;
