package dev.stowage.operator.reconcile;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Keeps the mock API server from logging every request (thousands in the bulk tests). */
final class QuietMockServer {

  // Held strongly: java.util.logging forgets the level of a logger nobody references.
  private static final Logger MOCK_SERVER = Logger.getLogger("io.fabric8.mockwebserver");

  private QuietMockServer() {}

  static void install() {
    MOCK_SERVER.setLevel(Level.WARNING);
  }
}
