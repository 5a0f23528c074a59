package dev.stowage.engine.driver;

import dev.stowage.engine.fs.FileTrees;
import dev.stowage.engine.fs.Posix;
import dev.stowage.engine.isolation.Namespaces;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Picks the storage driver for a build. {@code overlay} needs a mount: the kernel's overlayfs where
 * the engine holds CAP_SYS_ADMIN in the initial user namespace (root on a laptop or a CI machine),
 * else fuse-overlayfs (or, when asked for, the kernel's overlayfs with {@code userxattr}) inside a
 * user namespace of the engine's own (a builder pod with {@code /dev/fuse}). Every candidate is
 * tried with a real mount on the store's file system first; {@code auto} falls back to {@code
 * native} and says why, an explicit {@code overlay} fails instead.
 */
public final class DriverSelection {

  /** What {@code --storage-driver} asked for. */
  public enum Requested {
    AUTO,
    OVERLAY,
    NATIVE;

    /** {@code auto}, {@code overlay} or {@code native}. */
    public static Requested parse(String text) {
      return switch (text == null ? "auto" : text.toLowerCase(Locale.ROOT)) {
        case "auto", "" -> AUTO;
        case "overlay" -> OVERLAY;
        case "native", "vfs" -> NATIVE;
        default ->
            throw new IllegalArgumentException(
                "--storage-driver must be auto, overlay or native, not '" + text + "'");
      };
    }
  }

  /** What {@code --mount-program} asked for. */
  public enum Program {
    AUTO,
    KERNEL,
    FUSE;

    /** {@code auto}, {@code kernel} or {@code fuse-overlayfs}. */
    public static Program parse(String text) {
      return switch (text == null ? "auto" : text.toLowerCase(Locale.ROOT)) {
        case "auto", "" -> AUTO;
        case "kernel", "overlayfs" -> KERNEL;
        case "fuse-overlayfs", "fuse" -> FUSE;
        default ->
            throw new IllegalArgumentException(
                "--mount-program must be auto, kernel or fuse-overlayfs, not '" + text + "'");
      };
    }
  }

  /** No driver of the kind asked for can work here. */
  public static final class UnavailableException extends IOException {
    UnavailableException(String message) {
      super(message);
    }
  }

  private final Namespaces namespaces;
  private final String path;
  private final String noUserNamespace;

  /**
   * @param noUserNamespace why the engine could not enter a user namespace of its own (reported
   *     when it may not mount where it is); empty if it did not try
   */
  public DriverSelection(Namespaces namespaces, String path, String noUserNamespace) {
    this.namespaces = namespaces;
    this.path = path;
    this.noUserNamespace = noUserNamespace;
  }

  /** The selection for this process, finding fuse-overlayfs on {@code PATH}. */
  public static DriverSelection forThisProcess(String noUserNamespace) {
    return new DriverSelection(Namespaces.ofThisProcess(), System.getenv("PATH"), noUserNamespace);
  }

  /** The driver for a build with {@code context}, probing mounts in {@code probeDir}. */
  public StorageDriver select(
      Requested requested, Program program, DriverContext context, Path probeDir)
      throws IOException {
    boolean userNamespace = !namespaces.initialUserNamespace();
    if (requested == Requested.NATIVE) {
      return new NativeDriver(context, userNamespace, "");
    }
    List<String> refused = new ArrayList<>();
    for (MountProgram candidate : candidates(program, refused)) {
      Optional<String> failure = probe(candidate, context, probeDir);
      if (failure.isEmpty()) {
        return new OverlayDriver(context, candidate, userNamespace);
      }
      refused.add(candidate.name() + ": " + failure.get());
    }
    String why = "overlay unavailable (" + String.join("; ", refused) + ")";
    if (requested == Requested.OVERLAY) {
      throw new UnavailableException(why);
    }
    return new NativeDriver(context, userNamespace, why);
  }

  /**
   * What {@link #select} should give, found without mounting: the first candidate, or native with
   * the reasons none is possible.
   */
  public DriverInfo expected(Requested requested, Program program) {
    boolean userNamespace = !namespaces.initialUserNamespace();
    if (requested != Requested.NATIVE) {
      List<String> refused = new ArrayList<>();
      List<MountProgram> candidates = candidates(program, refused);
      if (!candidates.isEmpty()) {
        return new DriverInfo("overlay", candidates.getFirst().name(), userNamespace, "");
      }
      return new DriverInfo(
          "native", "", userNamespace, "overlay unavailable (" + String.join("; ", refused) + ")");
    }
    return new DriverInfo("native", "", userNamespace, "");
  }

  private List<MountProgram> candidates(Program program, List<String> refused) {
    List<MountProgram> out = new ArrayList<>();
    boolean mayMount = namespaces.hasSysAdmin();
    if (!mayMount) {
      refused.add(
          !namespaces.initialUserNamespace()
              ? "no CAP_SYS_ADMIN in this user namespace"
              : noUserNamespace.isEmpty()
                  ? "no CAP_SYS_ADMIN and no user namespace of our own"
                  : "no CAP_SYS_ADMIN, and " + noUserNamespace);
      return out;
    }
    boolean initial = namespaces.initialUserNamespace();
    if (program != Program.FUSE) {
      out.add(new KernelOverlay(!initial));
    }
    // in a user namespace the kernel's overlayfs comes first where it mounts (Linux 5.11 and
    // later): it keeps setgid bits on copy-up, which fuse-overlayfs 1.10 loses, and needs no FUSE
    if (program == Program.FUSE || (program == Program.AUTO && !initial)) {
      Optional<FuseOverlayfs> fuse = FuseOverlayfs.onPath(path);
      Path device = Path.of("/dev/fuse");
      if (fuse.isEmpty()) {
        refused.add("fuse-overlayfs: not found on PATH");
      } else if (!Files.isReadable(device) || !Files.isWritable(device)) {
        refused.add("fuse-overlayfs: /dev/fuse is missing or not accessible");
      } else {
        out.add(fuse.get());
      }
    }
    return out;
  }

  /** Mounts {@code program} once on the store's file system; the reason it failed, if it did. */
  static Optional<String> probe(MountProgram program, DriverContext context, Path probeDir) {
    Path lower = null;
    Path upper = null;
    Path work = null;
    Path target = null;
    try {
      lower = context.stores().primary().newStagingDirectory();
      upper = context.stores().primary().newStagingDirectory();
      work = context.stores().primary().newStagingDirectory();
      target = Files.createDirectories(probeDir);
      Files.writeString(lower.resolve("probe"), "lower", StandardCharsets.UTF_8);
      MountProgram.Mounted mounted = program.mount(List.of(lower), upper, work, target);
      try {
        Files.writeString(target.resolve("probe"), "upper", StandardCharsets.UTF_8);
      } finally {
        mounted.unmount();
      }
      if (!Files.readString(upper.resolve("probe")).equals("upper")) {
        return Optional.of("writes did not reach the upper directory");
      }
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.of(String.valueOf(e.getMessage()));
    } finally {
      for (Path p : new Path[] {lower, upper, work, target}) {
        try {
          if (p != null && Posix.lstatIfExists(p) != null) {
            FileTrees.deleteContents(p);
            Files.deleteIfExists(p);
          }
        } catch (IOException ignored) {
          // staging leftovers are cleared with the store's staging area
        }
      }
    }
  }
}
