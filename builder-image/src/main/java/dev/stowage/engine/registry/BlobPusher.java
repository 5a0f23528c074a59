package dev.stowage.engine.registry;

import dev.stowage.engine.image.Digest;
import dev.stowage.engine.image.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes one blob: HEAD first, then a cross-repository mount if a source repository is known, then
 * a monolithic upload (small blobs) or chunked one that resumes where the registry stopped.
 */
final class BlobPusher {

  private static final Logger LOG = LoggerFactory.getLogger(BlobPusher.class);

  private static final int PIPE_BYTES = 1 << 20;

  private final RegistryCaller caller;
  private final long chunkSize;
  private final int maxResumes;

  BlobPusher(RegistryCaller caller, long chunkSize, int maxResumes) {
    this.caller = caller;
    this.chunkSize = chunkSize;
    this.maxResumes = maxResumes;
  }

  BlobPushResult push(
      ImageReference repo,
      Digest digest,
      BlobSource source,
      String mountFrom,
      ProgressListener progress) {
    long size = source.size();
    if (caller.call(repo, new BlobCheck(repo, digest)).isPresent()) {
      progress.onProgress(size, size);
      return BlobPushResult.ALREADY_PRESENT;
    }
    URI location;
    if (mountFrom != null && !mountFrom.equals(repo.repository())) {
      MountResult mount = caller.call(repo, new BlobMount(repo, digest, mountFrom));
      if (mount instanceof MountResult.Mounted) {
        progress.onProgress(size, size);
        return BlobPushResult.MOUNTED;
      }
      location = ((MountResult.NotMounted) mount).uploadLocation();
    } else {
      location = caller.call(repo, new BlobUploadStart(repo, digest));
    }
    if (size <= chunkSize) {
      caller.call(repo, new BlobUploadFinish(repo, digest, location, source, progress));
      return BlobPushResult.UPLOADED;
    }
    uploadChunks(repo, digest, source, location, progress);
    return BlobPushResult.UPLOADED;
  }

  private void uploadChunks(
      ImageReference repo, Digest digest, BlobSource source, URI start, ProgressListener progress) {
    long size = source.size();
    long offset = 0;
    URI location = start;
    int resumes = 0;
    while (offset < size) {
      long length = Math.min(chunkSize, size - offset);
      try {
        location =
            caller.call(
                repo,
                new BlobUploadChunk(repo, digest, location, source, offset, length, progress));
        offset += length;
      } catch (RegistryException e) {
        if (e.isAuthFailure() || resumes >= maxResumes || !resumable(e)) {
          throw e;
        }
        resumes++;
        UploadStatus.Progress status = caller.call(repo, new UploadStatus(repo, digest, location));
        LOG.info(
            "{}: chunk at {} failed ({}); registry holds {} bytes, resuming",
            e.action(),
            offset,
            e.getMessage(),
            status.received());
        offset = status.received();
        location = status.location();
      }
    }
    caller.call(repo, new BlobUploadFinish(repo, digest, location, null, progress));
  }

  /**
   * Uploads a blob as {@code writer} produces it, without knowing its digest or size first: POST,
   * one streamed PATCH, PUT with the digest the writer returns. Nothing is retried (the bytes are
   * gone once sent); a caller that can produce them again falls back to {@link #push}.
   */
  <T> T pushStreaming(
      ImageReference repo,
      StreamedBlobWriter<T> writer,
      Function<T, Digest> digestOf,
      ProgressListener progress)
      throws IOException {
    URI location = caller.call(repo, new BlobUploadStart(repo, null));
    PipedInputStream pipeIn = new PipedInputStream(PIPE_BYTES);
    PipedOutputStream pipeOut = new PipedOutputStream(pipeIn);
    CompletableFuture<URI> patch =
        CompletableFuture.supplyAsync(
            () -> {
              try (InputStream in =
                  new ProgressInputStream(pipeIn, 0, Long.MAX_VALUE, -1, progress)) {
                return caller.call(repo, new BlobUploadStream(repo, location, in));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            runnable -> Thread.ofVirtual().name("blob-stream").start(runnable));
    T written;
    try (OutputStream out = pipeOut) {
      written = writer.writeTo(out);
    } catch (IOException | RuntimeException e) {
      pipeIn.close(); // the PATCH reading it fails and the upload is left unfinished
      throw e;
    }
    URI finish;
    try {
      finish = patch.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IOException("streaming a blob to " + repo.name() + " failed", e.getCause());
    }
    caller.call(repo, new BlobUploadFinish(repo, digestOf.apply(written), finish, null, progress));
    return written;
  }

  private static boolean resumable(RegistryException e) {
    int s = e.statusCode();
    return s == 0 || s == 416 || s == 429 || s >= 500;
  }
}
