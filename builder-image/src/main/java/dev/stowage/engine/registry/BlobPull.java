package dev.stowage.engine.registry;

import dev.stowage.engine.image.Descriptor;
import dev.stowage.engine.image.Digest;
import dev.stowage.engine.image.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.UUID;

/**
 * GET a blob into a file: streamed through SHA-256 into a temp file beside the target, which is
 * moved into place only once digest and size match; nothing is left behind otherwise.
 */
final class BlobPull extends BlobGet<Path> {

  private final Path target;
  private final ProgressListener progress;

  BlobPull(ImageReference repo, Descriptor blob, Path target, ProgressListener progress) {
    super(repo, blob);
    this.target = target;
    this.progress = progress;
  }

  @Override
  public Path handle(HttpResponse<InputStream> response) throws IOException {
    if (response.statusCode() != 200) {
      throw ResponseError.of(response);
    }
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = dir.resolve("." + target.getFileName() + ".part-" + UUID.randomUUID());
    boolean moved = false;
    try {
      MessageDigest sha = Digest.newSha256();
      long size;
      // Reading one byte past the declared size is enough to notice oversized content.
      try (InputStream in =
              new DigestInputStream(
                  new ProgressInputStream(
                      response.body(), 0, blob.size() + 1, blob.size(), progress),
                  sha);
          OutputStream out = Files.newOutputStream(temp)) {
        size = in.transferTo(out);
      }
      Digest actual = Digest.of(sha);
      if (!actual.equals(blob.digest()) || size != blob.size()) {
        throw mismatch(actual, size);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      moved = true;
      return target;
    } finally {
      if (!moved) {
        Files.deleteIfExists(temp);
      }
    }
  }

  private RegistryException mismatch(Digest actual, long size) {
    if (!actual.equals(blob.digest())) {
      return new DigestMismatchException(
          repo.registry(), repo.repository(), action(), blob.digest(), actual);
    }
    return new RegistryException(
        repo.registry(),
        repo.repository(),
        action(),
        0,
        List.of(),
        "got " + size + " bytes but the descriptor says " + blob.size(),
        null);
  }
}
