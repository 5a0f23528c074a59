package dev.stowage.engine.registry;

import dev.stowage.engine.image.ImageReference;

/** Token scope strings of the docker token protocol. */
final class Scopes {

  private Scopes() {}

  static String pull(ImageReference repo) {
    return "repository:" + repo.repository() + ":pull";
  }

  static String pull(String repository) {
    return "repository:" + repository + ":pull";
  }

  static String push(ImageReference repo) {
    return "repository:" + repo.repository() + ":pull,push";
  }
}
