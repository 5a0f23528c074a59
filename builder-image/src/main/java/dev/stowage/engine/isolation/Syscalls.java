package dev.stowage.engine.isolation;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The system calls the launcher makes, all through one FFM binding of libc's {@code syscall(2)}
 * with errno captured. One downcall handle instead of twenty keeps the launcher JVM's start-up
 * short (each handle costs milliseconds to generate), and raw calls act on the calling thread only,
 * which is the thread that execs.
 */
final class Syscalls {

  static final int O_RDWR = 2;
  static final int O_WRONLY = 1;
  static final int O_APPEND = 0x400;
  static final int O_CLOEXEC = 0x80000;
  static final int AT_FDCWD = -100;

  static final int PR_SET_PDEATHSIG = 1;
  static final int PR_CAPBSET_DROP = 24;
  static final int PR_SET_NO_NEW_PRIVS = 38;
  static final int PR_CAP_AMBIENT = 47;
  static final int PR_CAP_AMBIENT_CLEAR_ALL = 4;

  static final int CAP_SYS_CHROOT = 18;
  static final int O_CREAT = 0100;
  static final int CLONE_NEWNS = 0x00020000;
  static final long MS_RDONLY = 1;
  static final long MS_NOSUID = 2;
  static final long MS_NODEV = 4;
  static final long MS_NOEXEC = 8;
  static final long MS_REMOUNT = 32;
  static final long MS_BIND = 4096;
  static final long MS_REC = 16384;
  static final long MS_PRIVATE = 1 << 18;
  static final int SIGKILL = 9;
  static final int SIGSTOP = 19;
  static final int SIG_SETMASK = 2;
  static final int CLOSE_RANGE_CLOEXEC = 1 << 2;

  static final int EPERM = 1;
  static final int ENOENT = 2;
  static final int EACCES = 13;
  static final int ENOTDIR = 20;
  static final int EINVAL = 22;

  /** The kernel's struct sigaction (handler, flags, restorer, 64-bit mask) on x86_64 and arm64. */
  static final long KERNEL_SIGACTION_SIZE = 32;

  private static final int LINUX_CAPABILITY_VERSION_3 = 0x20080522;

  private static final Numbers NR = Numbers.forArch(System.getProperty("os.arch"));

  private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
  private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
  private static final MethodHandle SYSCALL =
      Linker.nativeLinker()
          .downcallHandle(
              Linker.nativeLinker().defaultLookup().findOrThrow("syscall"),
              FunctionDescriptor.of(LONG, LONG, LONG, LONG, LONG, LONG, LONG, LONG),
              Linker.Option.firstVariadicArg(1),
              Linker.Option.captureCallState("errno"));

  private final MemorySegment state;

  Syscalls(Arena arena) {
    this.state = arena.allocate(CALL_STATE);
  }

  /** A failed system call: which call, on what, and errno. */
  static final class SyscallException extends Exception {
    private final int errno;

    SyscallException(String call, int errno) {
      super(call + ": " + Errno.describe(errno));
      this.errno = errno;
    }

    int errno() {
      return errno;
    }
  }

  int open(MemorySegment path, int flags, String what) throws SyscallException {
    return (int) check(call(NR.openat, AT_FDCWD, path.address(), flags, 0), "open " + what);
  }

  /** Creates an empty file (to mount on) unless one exists. */
  void createFile(MemorySegment path, int mode, String what) throws SyscallException {
    int fd =
        (int)
            check(
                call(NR.openat, AT_FDCWD, path.address(), O_CREAT | O_WRONLY | O_CLOEXEC, mode),
                "create " + what);
    close(fd);
  }

  void mkdir(MemorySegment path, int mode, String what) throws SyscallException {
    check(call(NR.mkdirat, AT_FDCWD, path.address(), mode, 0), "mkdir " + what);
  }

  void symlink(MemorySegment target, MemorySegment link, String what) throws SyscallException {
    check(call(NR.symlinkat, target.address(), AT_FDCWD, link.address(), 0), "symlink " + what);
  }

  /** Gives this thread a mount namespace of its own (its other threads keep theirs). */
  void unshareMounts() throws SyscallException {
    check(call(NR.unshare, CLONE_NEWNS, 0, 0, 0), "unshare(CLONE_NEWNS)");
  }

  /** mount(2); a NULL segment for the arguments that take none. */
  void mount(
      MemorySegment source,
      MemorySegment target,
      MemorySegment type,
      long flags,
      MemorySegment data,
      String what)
      throws SyscallException {
    check(
        call6(NR.mount, source.address(), target.address(), type.address(), flags, data.address()),
        "mount " + what);
  }

  void dup2(int from, int to) throws SyscallException {
    check(call(NR.dup3, from, to, 0, 0), "dup " + from + " to " + to);
  }

  void close(int fd) throws SyscallException {
    check(call(NR.close, fd, 0, 0, 0), "close");
  }

  void write(int fd, MemorySegment bytes) throws SyscallException {
    long done = 0;
    while (done < bytes.byteSize()) {
      done +=
          check(call(NR.write, fd, bytes.address() + done, bytes.byteSize() - done, 0), "write");
    }
  }

  void chroot(MemorySegment path) throws SyscallException {
    check(call(NR.chroot, path.address(), 0, 0, 0), "chroot");
  }

  void chdir(MemorySegment path) throws SyscallException {
    check(call(NR.chdir, path.address(), 0, 0, 0), "chdir");
  }

  void setgroups(MemorySegment gids, int count) throws SyscallException {
    check(call(NR.setgroups, count, gids.address(), 0, 0), "setgroups");
  }

  void setresgid(int gid) throws SyscallException {
    check(call(NR.setresgid, gid, gid, gid, 0), "setresgid");
  }

  void setresuid(int uid) throws SyscallException {
    check(call(NR.setresuid, uid, uid, uid, 0), "setresuid");
  }

  void prctl(int option, long arg2, String what) throws SyscallException {
    check(call(NR.prctl, option, arg2, 0, 0), what);
  }

  /**
   * Keeps only the capabilities of {@code mask} in this thread's effective, permitted and
   * inheritable sets.
   */
  void limitCapabilitySets(Arena arena, long mask) throws SyscallException {
    MemorySegment header = arena.allocate(8, 4);
    header.set(ValueLayout.JAVA_INT, 0, LINUX_CAPABILITY_VERSION_3);
    header.set(ValueLayout.JAVA_INT, 4, 0); // this thread
    // two __user_cap_data_struct {effective, permitted, inheritable}: caps 0-31, then 32-63
    MemorySegment data = arena.allocate(24, 4);
    check(call(NR.capget, header.address(), data.address(), 0, 0), "capget");
    for (int word = 0; word < 2; word++) {
      int keep = (int) (mask >>> (32 * word));
      for (long field = 0; field < 12; field += 4) {
        long at = word * 12L + field;
        data.set(ValueLayout.JAVA_INT, at, data.get(ValueLayout.JAVA_INT, at) & keep);
      }
    }
    check(call(NR.capset, header.address(), data.address(), 0, 0), "capset");
  }

  int getppid() {
    return (int) call(NR.getppid, 0, 0, 0, 0);
  }

  void umask(int mask) {
    call(NR.umask, mask, 0, 0, 0);
  }

  /** rt_sigaction; false when the kernel refuses the signal (SIGKILL, SIGSTOP, out of range). */
  boolean sigaction(int signal, MemorySegment set, MemorySegment old) {
    return call(NR.rtSigaction, signal, set.address(), old.address(), 8) == 0;
  }

  void unblockAllSignals(MemorySegment emptySet) throws SyscallException {
    check(call(NR.rtSigprocmask, SIG_SETMASK, emptySet.address(), 0, 8), "sigprocmask (unblock)");
  }

  /** close_range(first, ~0U, flags); fails with ENOSYS or EINVAL on kernels before 5.11. */
  void closeRangeFrom(int first, int flags) throws SyscallException {
    check(call(NR.closeRange, first, 0xFFFF_FFFFL, flags, 0), "close_range");
  }

  /** fcntl(fd, F_SETFD, FD_CLOEXEC); false when fd is not open. */
  boolean setCloseOnExec(int fd) {
    return call(NR.fcntl, fd, 2, 1, 0) == 0;
  }

  /** Only returns when the exec failed; the result is errno. */
  int execve(MemorySegment path, MemorySegment argv, MemorySegment env) {
    call(NR.execve, path.address(), argv.address(), env.address(), 0);
    return errno();
  }

  int errno() {
    return (int) ERRNO.get(state, 0L);
  }

  private long check(long result, String call) throws SyscallException {
    if (result < 0) {
      throw new SyscallException(call, errno());
    }
    return result;
  }

  private long call(long number, long a, long b, long c, long d) {
    return call6(number, a, b, c, d, 0L);
  }

  private long call6(long number, long a, long b, long c, long d, long f) {
    try {
      return (long) SYSCALL.invokeExact(state, number, a, b, c, d, f, 0L);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  /** System call numbers; x86_64 has its own table, arm64 uses the generic one. */
  private record Numbers(
      long openat,
      long dup3,
      long close,
      long write,
      long chroot,
      long chdir,
      long setgroups,
      long setresgid,
      long setresuid,
      long prctl,
      long capget,
      long capset,
      long getppid,
      long umask,
      long rtSigaction,
      long rtSigprocmask,
      long closeRange,
      long fcntl,
      long execve,
      long unshare,
      long mount,
      long mkdirat,
      long symlinkat) {

    static Numbers forArch(String arch) {
      return switch (arch) {
        case "amd64", "x86_64" ->
            new Numbers(
                257, 292, 3, 1, 161, 80, 116, 119, 117, 157, 125, 126, 110, 95, 13, 14, 436, 72, 59,
                272, 165, 258, 266);
        case "aarch64", "arm64" ->
            new Numbers(
                56, 24, 57, 64, 51, 49, 159, 149, 147, 167, 90, 91, 173, 166, 134, 135, 436, 25,
                221, 97, 40, 34, 36);
        default ->
            throw new UnsupportedOperationException(
                "chroot isolation supports x86_64 and arm64, not " + arch);
      };
    }
  }
}
