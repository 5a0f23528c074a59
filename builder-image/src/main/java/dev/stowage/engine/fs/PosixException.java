package dev.stowage.engine.fs;

import java.io.IOException;

/** A failed libc call: which call, on which path, and the errno it set. */
public final class PosixException extends IOException {

  private final int errno;
  private final String syscall;
  private final String path;

  public PosixException(int errno, String syscall, String path, String description) {
    super(syscall + "(" + path + "): " + Errno.name(errno) + " (" + description + ")");
    this.errno = errno;
    this.syscall = syscall;
    this.path = path;
  }

  /** The errno value, compare with the constants of {@link Errno}. */
  public int errno() {
    return errno;
  }

  /** The symbolic errno name such as {@code EPERM}. */
  public String errnoName() {
    return Errno.name(errno);
  }

  /** The libc function that failed. */
  public String syscall() {
    return syscall;
  }

  /** The path the call was made on. */
  public String path() {
    return path;
  }
}
