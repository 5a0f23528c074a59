package dev.stowage.operator.pod;

import dev.stowage.operator.api.BuildStorage.StorageMode;
import dev.stowage.operator.api.ImageBuild;
import dev.stowage.operator.config.OperatorConfig;
import dev.stowage.operator.config.OperatorConfig.FuseProvider;
import dev.stowage.operator.config.OperatorConfig.SecurityMode;
import dev.stowage.operator.testing.TestBuilds;
import dev.stowage.operator.testing.TestBuilds.SourceVariant;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;

/** Every combination of source, storage, fuse provider, security mode, secrets and stores. */
final class PodMatrix {

  /** Which additional store a variant has. */
  enum Stores {
    NONE,
    CLAIM,
    HOST_PATH
  }

  /** One rendered variant and how it was made. */
  record Variant(
      SourceVariant source,
      StorageMode mode,
      FuseProvider fuse,
      SecurityMode security,
      boolean pushSecret,
      Stores stores,
      Pod pod) {

    /** Whether an admin-allowed hostPath is part of this variant. */
    boolean usesHostPath() {
      return mode == StorageMode.Host || stores == Stores.HOST_PATH;
    }

    @Override
    public String toString() {
      return source
          + "/"
          + mode
          + "/"
          + fuse
          + "/"
          + security
          + "/secret="
          + pushSecret
          + "/"
          + stores;
    }
  }

  private PodMatrix() {}

  /** All variants, including the admin-only Host mode and hostPath stores; computed once. */
  static List<Variant> all() {
    return Holder.ALL;
  }

  private static final class Holder {
    static final List<Variant> ALL = List.copyOf(compute());
  }

  private static List<Variant> compute() {
    List<Variant> variants = new ArrayList<>();
    for (SourceVariant source : SourceVariant.values()) {
      for (StorageMode mode : StorageMode.values()) {
        for (FuseProvider fuse : FuseProvider.values()) {
          for (SecurityMode security : SecurityMode.values()) {
            for (boolean secret : new boolean[] {false, true}) {
              for (Stores stores : Stores.values()) {
                variants.add(variant(source, mode, fuse, security, secret, stores));
              }
            }
          }
        }
      }
    }
    return variants;
  }

  static Variant variant(
      SourceVariant source,
      StorageMode mode,
      FuseProvider fuse,
      SecurityMode security,
      boolean secret,
      Stores stores) {
    TestBuilds b = TestBuilds.build().source(source).pushSecret(secret ? "registry-push" : null);
    switch (mode) {
      case Ephemeral -> b.ephemeral();
      case Project -> b.project("shop");
      case Host -> b.host("/var/lib/containers");
    }
    switch (stores) {
      case NONE -> {}
      case CLAIM -> b.store("base-images", null, "store");
      case HOST_PATH -> b.store(null, "/var/lib/shared", null);
    }
    ImageBuild build = b.get();
    OperatorConfig config = TestBuilds.permissive(TestBuilds.config(security, fuse));
    Pod pod = new BuilderPodFactory(config).desired(build, 1).pod();
    return new Variant(source, mode, fuse, security, secret, stores, pod);
  }
}
