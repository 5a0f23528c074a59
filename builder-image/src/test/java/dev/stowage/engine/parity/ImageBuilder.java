package dev.stowage.engine.parity;

import java.io.IOException;

/** An engine that builds a Containerfile into a containers/storage overlay store. */
public interface ImageBuilder {

  /** A short name for reports ({@code buildah}, {@code stowage}). */
  String name();

  /** Builds {@code request}; fails with the engine's output when the build fails. */
  BuiltImage build(BuildRequest request) throws IOException, InterruptedException;
}
