package dev.stowage.engine.parity;

import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One path of an image listing, everything a build can legitimately be judged on and nothing it
 * cannot (no mtimes, inode numbers or link counts).
 *
 * @param path relative to the image root, {@code /}-separated, no leading slash
 * @param type {@code file}, {@code dir}, {@code symlink}, {@code char}, {@code block}, {@code
 *     fifo}, {@code socket}, or {@code whiteout} (layer listings only)
 * @param mode permission bits with setuid, setgid and sticky ({@code & 07777})
 * @param size bytes of a regular file, else 0
 * @param sha256 hex of a regular file's content, else empty
 * @param linkTarget a symlink's target, else empty
 * @param hardlinkTo for a regular file sharing its inode with an earlier path of the same layer,
 *     that path; else empty
 * @param device {@code major:minor} of a device, else empty
 * @param opaque a directory that hides the lower layers' content (layer listings only)
 * @param xattrs extended attributes, overlay bookkeeping left out, values in hex
 */
public record FileEntry(
    String path,
    String type,
    int mode,
    long uid,
    long gid,
    long size,
    String sha256,
    String linkTarget,
    String hardlinkTo,
    String device,
    boolean opaque,
    SortedMap<String, String> xattrs) {

  public FileEntry {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(type, "type");
    sha256 = Objects.requireNonNullElse(sha256, "");
    linkTarget = Objects.requireNonNullElse(linkTarget, "");
    hardlinkTo = Objects.requireNonNullElse(hardlinkTo, "");
    device = Objects.requireNonNullElse(device, "");
    xattrs = xattrs == null ? new TreeMap<>() : new TreeMap<>(xattrs);
  }

  /** A whiteout of {@code path} (layer listings). */
  public static FileEntry whiteout(String path) {
    return new FileEntry(path, "whiteout", 0, 0, 0, 0, "", "", "", "", false, null);
  }

  public boolean isDirectory() {
    return type.equals("dir");
  }

  public boolean isWhiteout() {
    return type.equals("whiteout");
  }

  /** The same entry as the final filesystem shows it: no layer-only facts. */
  FileEntry inFinalFilesystem() {
    return new FileEntry(
        path, type, mode, uid, gid, size, sha256, linkTarget, hardlinkTo, device, false, xattrs);
  }

  /** One readable line, e.g. {@code usr/bin/su file 4755 0:0 size=72000 sha256=3f2a…}. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("/").append(path).append(' ').append(type);
    if (isWhiteout()) {
      return out.toString();
    }
    out.append(' ').append(String.format("%04o", mode)).append(' ').append(uid).append(':');
    out.append(gid);
    if (type.equals("file")) {
      out.append(" size=").append(size).append(" sha256=").append(shortHash());
    }
    if (!linkTarget.isEmpty()) {
      out.append(" -> ").append(linkTarget);
    }
    if (!hardlinkTo.isEmpty()) {
      out.append(" hardlink=/").append(hardlinkTo);
    }
    if (!device.isEmpty()) {
      out.append(" dev=").append(device);
    }
    if (opaque) {
      out.append(" opaque");
    }
    if (!xattrs.isEmpty()) {
      out.append(" xattrs=").append(xattrs);
    }
    return out.toString();
  }

  private String shortHash() {
    return sha256.length() > 16 ? sha256.substring(0, 16) + "…" : sha256;
  }
}
