package dev.stowage.engine.isolation;

/** Names and texts of the errno values the launcher can meet, without a call into libc. */
final class Errno {

  private static final String[] TEXT = new String[41];

  static {
    TEXT[1] = "EPERM: Operation not permitted";
    TEXT[2] = "ENOENT: No such file or directory";
    TEXT[4] = "EINTR: Interrupted system call";
    TEXT[5] = "EIO: Input/output error";
    TEXT[7] = "E2BIG: Argument list too long";
    TEXT[8] = "ENOEXEC: Exec format error";
    TEXT[9] = "EBADF: Bad file descriptor";
    TEXT[11] = "EAGAIN: Resource temporarily unavailable";
    TEXT[12] = "ENOMEM: Cannot allocate memory";
    TEXT[13] = "EACCES: Permission denied";
    TEXT[14] = "EFAULT: Bad address";
    TEXT[20] = "ENOTDIR: Not a directory";
    TEXT[21] = "EISDIR: Is a directory";
    TEXT[22] = "EINVAL: Invalid argument";
    TEXT[23] = "ENFILE: Too many open files in system";
    TEXT[24] = "EMFILE: Too many open files";
    TEXT[26] = "ETXTBSY: Text file busy";
    TEXT[36] = "ENAMETOOLONG: File name too long";
    TEXT[38] = "ENOSYS: Function not implemented";
    TEXT[40] = "ELOOP: Too many levels of symbolic links";
  }

  private Errno() {}

  static String describe(int errno) {
    String text = errno > 0 && errno < TEXT.length ? TEXT[errno] : null;
    return text != null ? text : "errno " + errno;
  }
}
