package dev.stowage.engine.storage;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A second process for lock tests: takes a lock, says "locked", waits for a line, lets go. */
public final class LockHolderMain {

  private LockHolderMain() {}

  public static void main(String[] args) throws Exception {
    LockFile lock = LockFile.at(Path.of(args[0]), args[1].equals("shared-readonly"));
    try (LockFile.Held _ = args[1].equals("exclusive") ? lock.lockExclusive() : lock.lockShared()) {
      System.out.println("locked");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    }
    System.out.println("released");
    System.out.flush();
  }
}
