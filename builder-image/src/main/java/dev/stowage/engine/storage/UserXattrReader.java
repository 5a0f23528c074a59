package dev.stowage.engine.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Optional;

/**
 * {@link XattrReader} over {@link UserDefinedFileAttributeView}: answers {@code user.*} names (what
 * rootless fuse-overlayfs writes) and reports every other namespace as absent.
 */
public final class UserXattrReader implements XattrReader {

  private static final String USER = "user.";

  @Override
  public Optional<byte[]> get(Path path, String name) throws IOException {
    if (!name.startsWith(USER) || Files.isSymbolicLink(path)) {
      return Optional.empty();
    }
    UserDefinedFileAttributeView view =
        Files.getFileAttributeView(
            path, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (view == null) {
      return Optional.empty();
    }
    String bare = name.substring(USER.length());
    try {
      if (!view.list().contains(bare)) {
        return Optional.empty();
      }
      ByteBuffer buffer = ByteBuffer.allocate(view.size(bare));
      view.read(bare, buffer);
      buffer.flip();
      byte[] value = new byte[buffer.remaining()];
      buffer.get(value);
      return Optional.of(value);
    } catch (FileSystemException e) {
      // file systems without user xattrs (ENOTSUP) carry none
      if (e.getMessage() != null && e.getMessage().contains("not supported")) {
        return Optional.empty();
      }
      throw e;
    }
  }
}
