package dev.stowage.engine.driver;

/** What a step does to its root: run a command in it, or only have files copied into it. */
public enum StepKind {
  /** A RUN: the root gets the runtime files and mount points a process needs. */
  RUN,
  /** COPY or ADD: the engine writes files; nothing runs. */
  COPY
}
