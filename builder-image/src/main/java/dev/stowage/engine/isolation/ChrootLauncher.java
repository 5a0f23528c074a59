package dev.stowage.engine.isolation;

import dev.stowage.engine.isolation.IsolationException.Reason;
import dev.stowage.engine.isolation.Syscalls.SyscallException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The second JVM that turns itself into a RUN process: chroot, ids, capabilities, descriptors,
 * signals, then {@code execve}. Everything happens on the main thread because capabilities and
 * credentials belong to a thread in the kernel and the thread that execs is the one whose
 * credentials the command inherits.
 *
 * <p>Usage: {@code ChrootLauncher [--status FILE] [--parent PID] [--spec FILE] [--train]}; without
 * {@code --spec} the {@link RunSpec} JSON comes on stdin, which is then replaced by {@code
 * /dev/null}. Exit codes when it fails before the exec: 127 command not found, 126 not executable,
 * 125 anything else; the status file says which (see {@link LaunchStatus}). {@code --train} stops
 * before the chroot, for building a JVM AOT cache; {@code --write-aot-cache FILE} runs that
 * training with the runner's JVM flags and writes the cache. Lambdas and streams are avoided on
 * purpose: each costs class generation at start-up.
 */
public final class ChrootLauncher {

  private final Arena arena = Arena.ofAuto();
  private final Syscalls sys = new Syscalls(arena);
  private int statusFd = -1;

  private ChrootLauncher() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length == 2 && args[0].equals("--write-aot-cache")) {
      // a build-time chore, not a RUN: may load whatever it needs
      boolean written = ChrootRunner.create().trainAotCache(Path.of(args[1]));
      System.out.println(written ? "wrote " + args[1] : "could not write " + args[1]);
      System.exit(written ? 0 : 1);
    }
    new ChrootLauncher().run(args);
  }

  private void run(String[] args) {
    String statusFile = null;
    String specFile = null;
    int parent = -1;
    boolean train = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--status" -> statusFile = args[++i];
        case "--spec" -> specFile = args[++i];
        case "--parent" -> parent = Integer.parseInt(args[++i]);
        case "--train" -> train = true;
        default -> fail(Reason.LAUNCHER_FAILED, "unknown launcher argument " + args[i]);
      }
    }
    try {
      if (statusFile != null) {
        statusFd =
            sys.open(
                arena.allocateFrom(statusFile),
                Syscalls.O_WRONLY | Syscalls.O_APPEND | Syscalls.O_CLOEXEC,
                statusFile);
        sys.write(statusFd, bytes(LaunchStatus.STARTED + "\n"));
      }
    } catch (SyscallException e) {
      fail(Reason.LAUNCHER_FAILED, "cannot open the status file: " + e.getMessage());
    }
    RunSpec spec = null;
    try {
      spec = RunSpecJson.read(readSpec(specFile));
    } catch (IOException | RuntimeException e) {
      fail(Reason.LAUNCHER_FAILED, "cannot read the run spec: " + e.getMessage());
    }
    Prepared prepared = prepare(spec);
    RunMounts mounts = new RunMounts(arena, sys, spec);
    if (train) {
      sys.getppid();
      return;
    }
    launch(spec, prepared, mounts, parent);
  }

  /** Native copies of everything the exec needs, made while the JVM can still load classes. */
  private record Prepared(
      MemorySegment rootfs,
      MemorySegment slash,
      MemorySegment workdir,
      MemorySegment groups,
      MemorySegment argv,
      MemorySegment env,
      String[] candidates,
      MemorySegment[] candidatePaths,
      MemorySegment emptySignalSet,
      MemorySegment defaultAction,
      MemorySegment oldAction) {}

  private Prepared prepare(RunSpec spec) {
    String command = spec.argv().getFirst();
    String[] candidates;
    if (command.indexOf('/') >= 0) {
      candidates = new String[] {command};
    } else {
      List<String> dirs = spec.searchPath();
      candidates = new String[dirs.size()];
      for (int i = 0; i < candidates.length; i++) {
        String dir = dirs.get(i);
        candidates[i] = dir.endsWith("/") ? dir + command : dir + "/" + command;
      }
    }
    MemorySegment[] paths = new MemorySegment[candidates.length];
    for (int i = 0; i < paths.length; i++) {
      paths[i] = arena.allocateFrom(candidates[i]);
    }
    MemorySegment groups = arena.allocate(ValueLayout.JAVA_INT, Math.max(1, spec.groups().size()));
    for (int i = 0; i < spec.groups().size(); i++) {
      groups.setAtIndex(ValueLayout.JAVA_INT, i, spec.groups().get(i));
    }
    // loaded now: after chroot the class path may be out of reach (a directory in tests)
    preload(SyscallException.class, Reason.class, LaunchStatus.class, Errno.class);
    return new Prepared(
        arena.allocateFrom(spec.rootfs().toString()),
        arena.allocateFrom("/"),
        arena.allocateFrom(spec.workdir()),
        groups,
        cStrings(spec.argv()),
        cStrings(spec.processEnv()),
        candidates,
        paths,
        arena.allocate(8, 8),
        arena.allocate(Syscalls.KERNEL_SIGACTION_SIZE, 8),
        arena.allocate(Syscalls.KERNEL_SIGACTION_SIZE, 8));
  }

  private void launch(RunSpec spec, Prepared p, RunMounts mounts, int parent) {
    try {
      int devNull = sys.open(arena.allocateFrom("/dev/null"), Syscalls.O_RDWR, "/dev/null");
      sys.dup2(devNull, 0);
      sys.close(devNull);
    } catch (SyscallException e) {
      fail(Reason.LAUNCHER_FAILED, "cannot put /dev/null on stdin: " + e.getMessage());
    }
    if (mounts.any()) {
      String refused = mounts.apply();
      if (refused != null) {
        fail(Reason.MOUNT_FAILED, refused);
      }
    }
    try {
      sys.chroot(p.rootfs());
      sys.chdir(p.slash());
    } catch (SyscallException e) {
      fail(
          Reason.CHROOT_FAILED,
          "cannot chroot into "
              + spec.rootfs()
              + ": "
              + e.getMessage()
              + " (the engine needs CAP_SYS_CHROOT and the directory must exist)");
    }
    try {
      sys.chdir(p.workdir());
    } catch (SyscallException e) {
      fail(
          e.errno() == Syscalls.ENOENT || e.errno() == Syscalls.ENOTDIR
              ? Reason.WORKDIR_MISSING
              : Reason.LAUNCHER_FAILED,
          "working directory " + spec.workdir() + " is unusable in the image: " + e.getMessage());
    }
    try {
      sys.setgroups(p.groups(), spec.groups().size());
      sys.setresgid(spec.gid());
    } catch (SyscallException e) {
      fail(
          Reason.PERMISSION_DENIED,
          "cannot switch to gid "
              + spec.gid()
              + " with groups "
              + spec.groups()
              + ": "
              + e.getMessage()
              + " (the engine needs CAP_SETGID)");
    }
    boolean boundingDropped = limitBoundingSet(spec.capabilities());
    try {
      sys.prctl(Syscalls.PR_CAP_AMBIENT, Syscalls.PR_CAP_AMBIENT_CLEAR_ALL, "clear ambient caps");
    } catch (SyscallException e) {
      if (e.errno() != Syscalls.EINVAL) { // kernels before 4.3 have no ambient set
        fail(Reason.PERMISSION_DENIED, e.getMessage());
      }
    }
    try {
      sys.setresuid(spec.uid());
    } catch (SyscallException e) {
      fail(
          Reason.PERMISSION_DENIED,
          "cannot switch to uid "
              + spec.uid()
              + ": "
              + e.getMessage()
              + " (the engine needs CAP_SETUID)");
    }
    try {
      sys.limitCapabilitySets(arena, spec.capabilities());
      if (!boundingDropped) {
        // Without CAP_SETPCAP the bounding set stays; no_new_privs then keeps exec (root's implicit
        // file capabilities, setcap'd binaries in the image) from granting CAP_SYS_CHROOT back.
        sys.prctl(Syscalls.PR_SET_NO_NEW_PRIVS, 1, "set no_new_privs");
      }
      // after the id changes: the kernel clears the parent-death signal when credentials change
      sys.prctl(Syscalls.PR_SET_PDEATHSIG, Syscalls.SIGKILL, "set the parent-death signal");
    } catch (SyscallException e) {
      fail(Reason.PERMISSION_DENIED, "cannot limit the RUN's capabilities: " + e.getMessage());
    }
    if (parent > 0 && sys.getppid() != parent) {
      fail(Reason.LAUNCHER_FAILED, "the engine (pid " + parent + ") exited before the RUN started");
    }
    sys.umask(spec.umask());
    resetSignals(p);
    markDescriptorsCloseOnExec();
    exec(spec, p);
  }

  /**
   * Drops every capability outside {@code mask} from the bounding set, CAP_SYS_CHROOT first; false
   * when that is refused (no CAP_SETPCAP, as in the builder pod), then no_new_privs must do.
   */
  private boolean limitBoundingSet(long mask) {
    try {
      sys.prctl(Syscalls.PR_CAPBSET_DROP, Syscalls.CAP_SYS_CHROOT, "drop CAP_SYS_CHROOT");
    } catch (SyscallException e) {
      if (e.errno() != Syscalls.EPERM) {
        fail(Reason.PERMISSION_DENIED, "bounding set: " + e.getMessage());
      }
      return false;
    }
    for (int cap = 0; cap < 64; cap++) {
      if ((mask & (1L << cap)) != 0 || cap == Syscalls.CAP_SYS_CHROOT) {
        continue;
      }
      try {
        sys.prctl(Syscalls.PR_CAPBSET_DROP, cap, "drop capability " + cap);
      } catch (SyscallException e) {
        if (e.errno() == Syscalls.EINVAL) {
          break; // past the kernel's last capability
        }
        fail(Reason.PERMISSION_DENIED, "bounding set: " + e.getMessage());
      }
    }
    return true;
  }

  /** Signals the JVM ignores would stay ignored across exec; its handlers reset by themselves. */
  private void resetSignals(Prepared p) {
    for (int signal = 1; signal <= 64; signal++) {
      if (signal == Syscalls.SIGKILL || signal == Syscalls.SIGSTOP) {
        continue;
      }
      if (sys.sigaction(signal, MemorySegment.NULL, p.oldAction())
          && p.oldAction().get(ValueLayout.JAVA_LONG, 0) == 1L /* SIG_IGN */) {
        sys.sigaction(signal, p.defaultAction(), MemorySegment.NULL);
      }
    }
    try {
      sys.unblockAllSignals(p.emptySignalSet());
    } catch (SyscallException e) {
      fail(Reason.LAUNCHER_FAILED, e.getMessage());
    }
  }

  /**
   * Marks every descriptor above stderr close-on-exec rather than closing it, so the JVM keeps
   * working (and can report an exec failure) until the exec itself closes them all.
   */
  private void markDescriptorsCloseOnExec() {
    try {
      sys.closeRangeFrom(3, Syscalls.CLOSE_RANGE_CLOEXEC);
    } catch (SyscallException e) {
      for (int fd = 3; fd < 65536; fd++) { // kernels before 5.11
        sys.setCloseOnExec(fd);
      }
    }
  }

  private void exec(RunSpec spec, Prepared p) {
    String command = spec.argv().getFirst();
    int lastErrno = Syscalls.ENOENT;
    boolean denied = false;
    for (int i = 0; i < p.candidatePaths().length; i++) {
      int errno = sys.execve(p.candidatePaths()[i], p.argv(), p.env());
      if (errno == Syscalls.EACCES) {
        denied = true;
      } else if (errno != Syscalls.ENOENT && errno != Syscalls.ENOTDIR) {
        fail(
            Reason.NOT_EXECUTABLE,
            "cannot execute " + p.candidates()[i] + ": " + Errno.describe(errno));
      }
      lastErrno = errno;
    }
    if (denied) {
      fail(
          Reason.NOT_EXECUTABLE,
          "cannot execute " + command + ": " + Errno.describe(Syscalls.EACCES));
    }
    if (command.indexOf('/') >= 0) {
      fail(
          Reason.COMMAND_NOT_FOUND,
          command
              + ": "
              + Errno.describe(lastErrno)
              + " (in the image; for a script its interpreter may be what is missing)");
    }
    fail(
        Reason.COMMAND_NOT_FOUND,
        command
            + ": command not found in the image (PATH="
            + spec.envValue("PATH").orElse(RunSpec.DEFAULT_PATH)
            + ")");
  }

  /** Reports the failure on stderr and in the status file, then ends the process. */
  private void fail(Reason reason, String message) {
    System.err.println("stowage: RUN: " + message);
    System.err.flush();
    if (statusFd >= 0) {
      try {
        sys.write(statusFd, bytes(LaunchStatus.failureLine(reason, message)));
      } catch (SyscallException ignored) {
        // the exit code still says it failed
      }
    }
    Runtime.getRuntime().halt(reason.exitCode());
  }

  private MemorySegment bytes(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return arena.allocate(Math.max(1, b.length)).copyFrom(MemorySegment.ofArray(b));
  }

  private MemorySegment cStrings(List<String> values) {
    MemorySegment array = arena.allocate(ValueLayout.ADDRESS, values.size() + 1L);
    for (int i = 0; i < values.size(); i++) {
      array.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(values.get(i)));
    }
    array.setAtIndex(ValueLayout.ADDRESS, values.size(), MemorySegment.NULL);
    return array;
  }

  private static String readSpec(String specFile) throws IOException {
    if (specFile != null) {
      return Files.readString(Path.of(specFile));
    }
    return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
  }

  private static void preload(Class<?>... classes) {
    for (Class<?> c : classes) {
      try {
        Class.forName(c.getName(), true, c.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
