package dev.stowage.engine.containerfile.instruction;

import java.util.Objects;
import java.util.Optional;

/** One {@code RUN --mount=...}, parsed. */
public sealed interface Mount {

  /** Where it appears inside the RUN step's root. */
  String target();

  /**
   * {@code type=bind}: a read-only (unless {@code rw}) view of the context or of {@code from}.
   *
   * @param from a stage name or index, or an image; empty for the build context
   */
  record Bind(String target, String source, Optional<String> from, boolean readWrite)
      implements Mount {
    public Bind {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(from, "from");
    }
  }

  /** Sharing mode of a cache mount. */
  enum Sharing {
    SHARED,
    PRIVATE,
    LOCKED
  }

  /**
   * {@code type=cache}: a directory kept between builds, keyed by {@code id} (default: target).
   *
   * @param mode permission bits of a new cache directory (default 0755)
   */
  record Cache(
      String target,
      String id,
      Sharing sharing,
      Optional<String> from,
      String source,
      boolean readOnly,
      int mode,
      int uid,
      int gid)
      implements Mount {
    public Cache {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(sharing, "sharing");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(source, "source");
    }
  }

  /** {@code type=tmpfs}: an empty in-memory directory; {@code sizeBytes} 0 means unlimited. */
  record Tmpfs(String target, long sizeBytes) implements Mount {
    public Tmpfs {
      Objects.requireNonNull(target, "target");
    }
  }

  /**
   * {@code type=secret}: a build secret as a file (default {@code /run/secrets/<id>}) and/or an
   * environment variable; never stored in a layer.
   */
  record Secret(
      String id, String target, Optional<String> env, boolean required, int mode, int uid, int gid)
      implements Mount {
    public Secret {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(env, "env");
    }
  }
}
