package dev.stowage.engine.driver;

import dev.stowage.engine.fs.Mounts;
import dev.stowage.engine.fs.Xattrs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Overlayfs mounted by the kernel ({@code mount(2)}). In the initial user namespace the kernel
 * keeps its markers in {@code trusted.overlay.*}, the format podman uses; in a user namespace of
 * our own it needs {@code userxattr} and keeps them in {@code user.overlay.*}. Redirects, metacopy
 * and the inode index stay off: a layer must hold whole files and real directories, as a tar does.
 */
record KernelOverlay(boolean userXattr) implements MountProgram {

  @Override
  public String name() {
    return "kernel";
  }

  List<String> options(boolean writable) {
    if (userXattr) {
      return List.of("userxattr");
    }
    return writable ? List.of("index=off", "redirect_dir=off", "metacopy=off") : List.of();
  }

  /** {@code user.overlay.opaque} in a user namespace, {@code trusted.overlay.opaque} outside. */
  private String opaqueXattr() {
    return userXattr ? "user.overlay.opaque" : "trusted.overlay.opaque";
  }

  @Override
  public boolean seesOpaque(Path dir) throws IOException {
    byte[] v = Xattrs.get(dir, opaqueXattr());
    return v != null && v.length == 1 && v[0] == 'y';
  }

  @Override
  public void markOpaque(Path dir) throws IOException {
    Xattrs.set(dir, opaqueXattr(), new byte[] {'y'});
  }

  @Override
  public Mounted mount(List<Path> lowers, Path upper, Path work, Path target) throws IOException {
    Mounts.overlay(lowers, upper, work, options(upper != null), target);
    return () -> Mounts.unmount(target, 0);
  }
}
