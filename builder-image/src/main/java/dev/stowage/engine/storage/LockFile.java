package dev.stowage.engine.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A containers/storage lock file: a POSIX {@code fcntl} record lock over the whole file (what
 * {@link FileChannel#lock} takes on Linux) plus an in-process read-write lock, because fcntl locks
 * belong to the process and do not exclude our own threads. A writer records a new 64-byte "last
 * write" token (nanos, counter, pid little-endian, then random) so other processes reload.
 *
 * <p>One instance exists per path and process: closing any descriptor of a file drops all fcntl
 * locks the process holds on it, so the file is opened once while locked and never elsewhere.
 */
final class LockFile {

  static final int LAST_WRITE_SIZE = 64;

  private static final ConcurrentHashMap<Path, LockFile> OPEN = new ConcurrentHashMap<>();
  private static final AtomicLong WRITE_COUNTER = new AtomicLong();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path path;
  private final boolean readOnly;
  private final ReentrantReadWriteLock threads = new ReentrantReadWriteLock();
  private final Object state = new Object();
  private int holders;
  private FileChannel channel;
  private FileLock fileLock;

  private LockFile(Path path, boolean readOnly) {
    this.path = path;
    this.readOnly = readOnly;
  }

  /**
   * The lock at {@code path}. Read-only locks open the file read-only and never create it (an
   * additional store must already hold its lock files); writable ones create it with mode 0644.
   */
  static LockFile at(Path path, boolean readOnly) {
    Path key = path.toAbsolutePath().normalize();
    if (readOnly) {
      if (!Files.isRegularFile(key)) {
        throw new StorageException(
            "lock file "
                + key
                + " is missing; a read-only store must be a complete containers/storage store");
      }
    } else {
      create(key);
    }
    LockFile lock = OPEN.computeIfAbsent(key, k -> new LockFile(k, readOnly));
    if (lock.readOnly != readOnly && !readOnly) {
      throw new StorageException("lock file " + key + " is already open read-only in this process");
    }
    return lock;
  }

  Path path() {
    return path;
  }

  /** Takes the lock shared (many readers, also in other processes). */
  Held lockShared() {
    threads.readLock().lock();
    try {
      acquire(true);
    } catch (RuntimeException e) {
      threads.readLock().unlock();
      throw e;
    }
    return () -> {
      release();
      threads.readLock().unlock();
    };
  }

  /** Takes the lock exclusively. */
  Held lockExclusive() {
    if (readOnly) {
      throw new StorageException("cannot take a write lock on read-only lock file " + path);
    }
    threads.writeLock().lock();
    try {
      acquire(false);
    } catch (RuntimeException e) {
      threads.writeLock().unlock();
      throw e;
    }
    return () -> {
      release();
      threads.writeLock().unlock();
    };
  }

  /** Records that this process changed what the lock protects; requires the exclusive lock. */
  void recordWrite() {
    if (!threads.isWriteLockedByCurrentThread()) {
      throw new IllegalStateException("recordWrite without the write lock on " + path);
    }
    ByteBuffer token = ByteBuffer.allocate(LAST_WRITE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    java.time.Instant now = java.time.Instant.now();
    token.putLong(now.getEpochSecond() * 1_000_000_000L + now.getNano());
    token.putLong(WRITE_COUNTER.incrementAndGet());
    token.putInt((int) ProcessHandle.current().pid());
    byte[] random = new byte[LAST_WRITE_SIZE - 20];
    RANDOM.nextBytes(random);
    token.put(random).flip();
    synchronized (state) {
      try {
        channel.write(token, 0);
      } catch (IOException e) {
        throw StorageException.io("recording a write in lock file", path, e);
      }
    }
  }

  /** Whether some thread of this process holds the lock (for tests and assertions). */
  boolean heldByThisProcess() {
    synchronized (state) {
      return holders > 0;
    }
  }

  private void acquire(boolean shared) {
    synchronized (state) {
      if (holders == 0) {
        try {
          channel =
              readOnly
                  ? FileChannel.open(path, StandardOpenOption.READ)
                  : FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
          // blocks (F_SETLKW) until other processes let go, like containers/storage does
          fileLock = channel.lock(0, Long.MAX_VALUE, shared);
        } catch (NoSuchFileException e) {
          closeQuietly();
          throw new StorageException("lock file " + path + " disappeared", e);
        } catch (IOException e) {
          closeQuietly();
          throw StorageException.io("locking", path, e);
        }
      }
      holders++;
    }
  }

  private void release() {
    synchronized (state) {
      holders--;
      if (holders == 0) {
        try {
          if (fileLock != null && fileLock.isValid()) {
            fileLock.release();
          }
        } catch (IOException e) {
          throw StorageException.io("unlocking", path, e);
        } finally {
          closeQuietly();
        }
      }
    }
  }

  private void closeQuietly() {
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException ignored) {
      // closing drops the fcntl lock anyway
    }
    channel = null;
    fileLock = null;
  }

  private static void create(Path path) {
    try {
      Files.createDirectories(
          path.getParent(),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      if (!Files.exists(path)) {
        try {
          Files.createFile(
              path,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        } catch (java.nio.file.FileAlreadyExistsException raced) {
          // another process created it first
        }
      }
    } catch (IOException e) {
      throw StorageException.io("creating lock file", path, e);
    }
  }

  /** A held lock; closing it releases it. */
  interface Held extends AutoCloseable {
    @Override
    void close();
  }
}
