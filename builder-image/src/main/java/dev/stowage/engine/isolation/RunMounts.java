package dev.stowage.engine.isolation;

import dev.stowage.engine.isolation.Syscalls.SyscallException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The mounts a RUN gets when the engine may mount (overlay driver): on the launcher's exec thread a
 * mount namespace of its own, private, then under the root a recursive bind of the engine's {@code
 * /proc}, a read-only bind of {@code /sys}, and a {@code /dev} on tmpfs holding only the basic
 * character devices (bound from the engine's), {@code pts}, {@code shm} and the usual links. They
 * vanish with the RUN's processes and never reach the upper directory, so no layer sees them.
 * Everything native is allocated up front, while the JVM may still load classes.
 */
final class RunMounts {

  private static final List<String> DEVICES =
      List.of("null", "zero", "full", "random", "urandom", "tty");
  private static final String[][] LINKS = {
    {"/proc/self/fd", "fd"},
    {"/proc/self/fd/0", "stdin"},
    {"/proc/self/fd/1", "stdout"},
    {"/proc/self/fd/2", "stderr"},
    {"pts/ptmx", "ptmx"}
  };

  private final Arena arena;
  private final Syscalls sys;
  private final List<String> points;
  private final String root;
  private final MemorySegment none;
  private final List<String> devices = new ArrayList<>();

  RunMounts(Arena arena, Syscalls sys, RunSpec spec) {
    this.arena = arena;
    this.sys = sys;
    this.points = spec.mounts();
    this.root = spec.rootfs().toString();
    this.none = MemorySegment.NULL;
    for (String d : DEVICES) {
      if (Files.exists(Path.of("/dev", d))) {
        devices.add(d);
      }
    }
    // the strings are made now: allocating later is fine, but keep the exec path predictable
    for (String p : points) {
      segment(root + "/" + p);
    }
  }

  boolean any() {
    return !points.isEmpty();
  }

  /** Mounts everything; the message of the first refusal, or null. */
  String apply() {
    String step = "unshare the mount namespace";
    try {
      sys.unshareMounts();
      step = "make the mounts private";
      sys.mount(
          segment("none"), segment("/"), none, Syscalls.MS_REC | Syscalls.MS_PRIVATE, none, "/");
      for (String p : points) {
        step = "mount /" + p;
        switch (p) {
          case "proc" -> proc(root + "/proc");
          case "sys" -> {
            bind("/sys", root + "/sys", true);
            sys.mount(
                none,
                segment(root + "/sys"),
                none,
                Syscalls.MS_BIND
                    | Syscalls.MS_REMOUNT
                    | Syscalls.MS_RDONLY
                    | Syscalls.MS_NOSUID
                    | Syscalls.MS_NODEV
                    | Syscalls.MS_NOEXEC,
                none,
                "/sys read-only");
          }
          case "dev" -> dev(root + "/dev");
          default -> throw new IllegalStateException("unknown mount point " + p);
        }
      }
      return null;
    } catch (SyscallException e) {
      return "cannot " + step + " for the RUN: " + e.getMessage();
    }
  }

  /**
   * A procfs of the RUN's PID namespace where the kernel allows one (not under a container
   * runtime's masked /proc, which makes a new mount "too revealing"), else the engine's /proc.
   */
  private void proc(String target) throws SyscallException {
    try {
      sys.mount(
          segment("proc"),
          segment(target),
          segment("proc"),
          Syscalls.MS_NOSUID | Syscalls.MS_NODEV | Syscalls.MS_NOEXEC,
          none,
          "proc");
    } catch (SyscallException e) {
      bind("/proc", target, true);
    }
  }

  private void dev(String dev) throws SyscallException {
    sys.mount(
        segment("tmpfs"),
        segment(dev),
        segment("tmpfs"),
        Syscalls.MS_NOSUID,
        segment("mode=755,size=65536k"),
        "tmpfs on /dev");
    for (String d : devices) {
      MemorySegment target = segment(dev + "/" + d);
      sys.createFile(target, 0666, "/dev/" + d);
      sys.mount(segment("/dev/" + d), target, none, Syscalls.MS_BIND, none, "/dev/" + d);
    }
    sys.mkdir(segment(dev + "/pts"), 0755, "/dev/pts");
    try {
      sys.mount(
          segment("devpts"),
          segment(dev + "/pts"),
          segment("devpts"),
          Syscalls.MS_NOSUID | Syscalls.MS_NOEXEC,
          segment("newinstance,ptmxmode=0666,mode=0620"),
          "devpts");
    } catch (SyscallException e) {
      // a RUN rarely needs a terminal; without devpts /dev/pts stays an empty directory
    }
    sys.mkdir(segment(dev + "/shm"), 01777, "/dev/shm");
    sys.mount(
        segment("shm"),
        segment(dev + "/shm"),
        segment("tmpfs"),
        Syscalls.MS_NOSUID | Syscalls.MS_NODEV,
        segment("mode=1777,size=65536k"),
        "tmpfs on /dev/shm");
    for (String[] link : LINKS) {
      sys.symlink(segment(link[0]), segment(dev + "/" + link[1]), "/dev/" + link[1]);
    }
  }

  private void bind(String from, String to, boolean recursive) throws SyscallException {
    sys.mount(
        segment(from),
        segment(to),
        none,
        Syscalls.MS_BIND | (recursive ? Syscalls.MS_REC : 0),
        none,
        from);
  }

  private MemorySegment segment(String s) {
    return arena.allocateFrom(s);
  }
}
