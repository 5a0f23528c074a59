package dev.stowage.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockFileTest {

  @TempDir Path tmp;

  @Test
  void anExclusiveLockKeepsOtherThreadsOut() throws Exception {
    LockFile lock = LockFile.at(tmp.resolve("a.lock"), false);
    AtomicBoolean got = new AtomicBoolean();
    CountDownLatch done = new CountDownLatch(1);
    Thread reader;
    try (LockFile.Held _ = lock.lockExclusive()) {
      reader =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try (LockFile.Held _ = lock.lockShared()) {
                      got.set(true);
                    }
                    done.countDown();
                  });
      assertThat(done.await(300, TimeUnit.MILLISECONDS)).isFalse();
      assertThat(got).isFalse();
    }
    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(got).isTrue();
    reader.join();
    assertThat(lock.heldByThisProcess()).isFalse();
  }

  @Test
  void sharedLocksCoexistAcrossThreads() throws Exception {
    LockFile lock = LockFile.at(tmp.resolve("b.lock"), false);
    CountDownLatch both = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    Runnable reader =
        () -> {
          try (LockFile.Held _ = lock.lockShared()) {
            both.countDown();
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    Thread one = Thread.ofPlatform().start(reader);
    Thread two = Thread.ofPlatform().start(reader);
    assertThat(both.await(5, TimeUnit.SECONDS)).isTrue();
    release.countDown();
    one.join();
    two.join();
  }

  @Test
  void anotherProcessHoldingTheLockBlocksUsUntilItLetsGo() throws Exception {
    Path file = tmp.resolve("c.lock");
    LockFile lock = LockFile.at(file, false);
    Process holder = startHolder(file, "exclusive");
    try (BufferedReader out = reader(holder)) {
      assertThat(out.readLine()).isEqualTo("locked");
      CountDownLatch got = new CountDownLatch(1);
      Thread waiter =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try (LockFile.Held _ = lock.lockShared()) {
                      got.countDown();
                    }
                  });
      assertThat(got.await(500, TimeUnit.MILLISECONDS)).isFalse();
      release(holder);
      assertThat(got.await(10, TimeUnit.SECONDS)).isTrue();
      waiter.join();
    } finally {
      holder.destroy();
    }
  }

  @Test
  void ourExclusiveLockBlocksAnotherProcessEvenItsReadOnlySharedLock() throws Exception {
    Path file = tmp.resolve("d.lock");
    LockFile lock = LockFile.at(file, false);
    Process holder;
    try (LockFile.Held _ = lock.lockExclusive()) {
      holder = startHolder(file, "shared-readonly");
      Thread.sleep(500);
      assertThat(holder.getInputStream().available()).isZero();
    }
    try (BufferedReader out = reader(holder)) {
      assertThat(out.readLine()).isEqualTo("locked");
      release(holder);
      assertThat(out.readLine()).isEqualTo("released");
    } finally {
      holder.destroy();
    }
  }

  @Test
  void readOnlyLocksNeedAnExistingFileAndNeverCreateOne() {
    Path missing = tmp.resolve("nope/x.lock");
    assertThatThrownBy(() -> LockFile.at(missing, true))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("missing");
    assertThat(missing.getParent()).doesNotExist();
  }

  @Test
  void readOnlyLocksRefuseExclusiveLocking() throws Exception {
    Path file = tmp.resolve("ro.lock");
    Files.createFile(file);
    LockFile lock = LockFile.at(file, true);
    assertThatThrownBy(lock::lockExclusive).isInstanceOf(StorageException.class);
    try (LockFile.Held _ = lock.lockShared()) {
      assertThat(lock.heldByThisProcess()).isTrue();
    }
    assertThat(Files.size(file)).isZero();
  }

  private static Process startHolder(Path file, String mode) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            LockHolderMain.class.getName(),
            file.toString(),
            mode)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  private static BufferedReader reader(Process process) {
    return new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  private static void release(Process process) throws Exception {
    OutputStream in = process.getOutputStream();
    in.write('\n');
    in.flush();
  }
}
