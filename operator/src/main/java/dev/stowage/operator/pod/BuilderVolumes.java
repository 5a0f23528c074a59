package dev.stowage.operator.pod;

import dev.stowage.operator.api.AdditionalStore;
import dev.stowage.operator.api.BuildSource;
import dev.stowage.operator.api.BuildStorage;
import dev.stowage.operator.api.ImageBuildSpec;
import dev.stowage.operator.config.OperatorConfig;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The volumes of a builder pod and which step mounts which: secrets only where the step needs them,
 * read-only wherever the step only reads, never a secret in {@code build}.
 */
final class BuilderVolumes {

  static final String WORKSPACE = "workspace";
  static final String STORAGE = "storage";

  /** Scratch volumes are per step, so nothing one step caches (e.g. a token) reaches build. */
  static final String TMP_PREFIX = "tmp-";

  private static final List<String> STEPS =
      List.of(
          BuilderPodLabels.SOURCE,
          BuilderPodLabels.PULL,
          BuilderPodLabels.BUILD,
          BuilderPodLabels.PUSH);
  static final String INLINE_SOURCE = "inline-source";
  static final String CONFIG_MAP_SOURCE = "configmap-source";
  static final String GIT_CREDENTIALS = "git-credentials";
  static final String REGISTRY_CREDENTIALS = "registry-credentials";
  static final String SHARED_PREFIX = "shared-";

  /** Secrets are read by root only. */
  private static final int SECRET_MODE = 0400;

  private final ImageBuildSpec spec;
  private final OperatorConfig config;
  private final List<AdditionalStore> stores;

  BuilderVolumes(ImageBuildSpec spec, OperatorConfig config) {
    this.spec = spec;
    this.config = config;
    this.stores = spec.storage() == null ? List.of() : spec.storage().additionalStoresOrEmpty();
  }

  /** Every volume of the pod, in a fixed order. */
  List<Volume> volumes() {
    List<Volume> volumes = new ArrayList<>();
    volumes.add(workspace());
    volumes.add(storage());
    for (int i = 0; i < stores.size(); i++) {
      volumes.add(additionalStore(i, stores.get(i)));
    }
    for (String step : STEPS) {
      volumes.add(
          new VolumeBuilder().withName(TMP_PREFIX + step).withNewEmptyDir().endEmptyDir().build());
    }
    BuildSource source = spec.source();
    switch (source.kind()) {
      case INLINE ->
          volumes.add(
              new VolumeBuilder()
                  .withName(INLINE_SOURCE)
                  .withNewDownwardAPI()
                  .addNewItem()
                  .withPath("source.json")
                  .withNewFieldRef()
                  .withFieldPath("metadata.annotations['" + BuilderPodLabels.INLINE_SOURCE + "']")
                  .endFieldRef()
                  .endItem()
                  .endDownwardAPI()
                  .build());
      case CONFIG_MAP ->
          volumes.add(
              new VolumeBuilder()
                  .withName(CONFIG_MAP_SOURCE)
                  .withNewConfigMap()
                  .withName(source.configMap().name())
                  .endConfigMap()
                  .build());
      case GIT -> {
        if (source.git().cloneSecretRef() != null) {
          volumes.add(secret(GIT_CREDENTIALS, source.git().cloneSecretRef().name()));
        }
      }
      case VOLUME -> {}
    }
    if (spec.output().pushSecretRef() != null) {
      volumes.add(secret(REGISTRY_CREDENTIALS, spec.output().pushSecretRef().name()));
    }
    return List.copyOf(volumes);
  }

  List<VolumeMount> sourceMounts() {
    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(workspaceMount(spec.source().kind() == BuildSource.Kind.VOLUME));
    mounts.add(mount(TMP_PREFIX + BuilderPodLabels.SOURCE, BuilderPaths.TMP, false));
    BuildSource source = spec.source();
    switch (source.kind()) {
      case INLINE -> mounts.add(mount(INLINE_SOURCE, BuilderPaths.INLINE_DIR, true));
      case CONFIG_MAP -> mounts.add(mount(CONFIG_MAP_SOURCE, BuilderPaths.CONFIG_MAP_DIR, true));
      case GIT -> {
        if (source.git().cloneSecretRef() != null) {
          mounts.add(mount(GIT_CREDENTIALS, BuilderPaths.GIT_CREDENTIALS, true));
        }
      }
      case VOLUME -> {}
    }
    return List.copyOf(mounts);
  }

  List<VolumeMount> pullMounts() {
    List<VolumeMount> mounts = storeMounts(BuilderPodLabels.PULL, true);
    if (spec.output().pushSecretRef() != null) {
      mounts.add(mount(REGISTRY_CREDENTIALS, BuilderPaths.PULL_CREDENTIALS, true));
    }
    return List.copyOf(mounts);
  }

  /** The build step: context, stores and scratch space; no secret, ever. */
  List<VolumeMount> buildMounts() {
    return List.copyOf(storeMounts(BuilderPodLabels.BUILD, true));
  }

  List<VolumeMount> pushMounts() {
    List<VolumeMount> mounts = storeMounts(BuilderPodLabels.PUSH, false);
    if (spec.output().pushSecretRef() != null) {
      mounts.add(mount(REGISTRY_CREDENTIALS, BuilderPaths.PUSH_CREDENTIALS, true));
    }
    return List.copyOf(mounts);
  }

  private List<VolumeMount> storeMounts(String step, boolean withWorkspace) {
    List<VolumeMount> mounts = new ArrayList<>();
    if (withWorkspace) {
      mounts.add(workspaceMount(true));
    }
    mounts.add(mount(STORAGE, BuilderPaths.STORAGE_MOUNT, false));
    // The push step needs the stores too: base image layers stay where they were found.
    for (int i = 0; i < stores.size(); i++) {
      mounts.add(storeMount(i, stores.get(i)));
    }
    mounts.add(mount(TMP_PREFIX + step, BuilderPaths.TMP, false));
    return mounts;
  }

  private static VolumeMount storeMount(int index, AdditionalStore store) {
    VolumeMountBuilder mount =
        new VolumeMountBuilder()
            .withName(SHARED_PREFIX + index)
            .withMountPath(BuilderPaths.shared(index))
            .withReadOnly(true);
    String sub = BuildContextPaths.normalize(store.subPath());
    // A hostPath store carries its subPath in the volume path already.
    if (store.claimName() != null && !sub.isEmpty()) {
      mount.withSubPath(sub);
    }
    return mount.build();
  }

  private VolumeMount workspaceMount(boolean readOnly) {
    VolumeMountBuilder mount =
        new VolumeMountBuilder().withName(WORKSPACE).withMountPath(BuilderPaths.WORKSPACE);
    if (spec.source().kind() == BuildSource.Kind.VOLUME) {
      String subPath = BuildContextPaths.normalize(spec.source().volume().subPath());
      if (!subPath.isEmpty()) {
        mount.withSubPath(subPath);
      }
    }
    if (readOnly) {
      mount.withReadOnly(true);
    }
    return mount.build();
  }

  private Volume workspace() {
    if (spec.source().kind() == BuildSource.Kind.VOLUME) {
      return new VolumeBuilder()
          .withName(WORKSPACE)
          .withNewPersistentVolumeClaim()
          .withClaimName(spec.source().volume().claimName())
          .withReadOnly(true)
          .endPersistentVolumeClaim()
          .build();
    }
    return new VolumeBuilder().withName(WORKSPACE).withNewEmptyDir().endEmptyDir().build();
  }

  private Volume storage() {
    BuildStorage storage = spec.storage();
    BuildStorage.StorageMode mode =
        storage == null ? BuildStorage.StorageMode.Ephemeral : storage.modeOrDefault();
    return switch (mode) {
      case Ephemeral ->
          new VolumeBuilder()
              .withName(STORAGE)
              .withNewEmptyDir()
              .withSizeLimit(new Quantity(storageSize(spec, config)))
              .endEmptyDir()
              .build();
      case Project ->
          new VolumeBuilder()
              .withName(STORAGE)
              .withNewPersistentVolumeClaim()
              .withClaimName(BuilderPodNames.projectClaimName(storage.project()))
              .endPersistentVolumeClaim()
              .build();
      case Host ->
          new VolumeBuilder()
              .withName(STORAGE)
              .withNewHostPath()
              .withPath(storage.hostPath())
              .withType("Directory")
              .endHostPath()
              .build();
    };
  }

  private static Volume additionalStore(int index, AdditionalStore store) {
    VolumeBuilder volume = new VolumeBuilder().withName(SHARED_PREFIX + index);
    if (store.claimName() != null) {
      volume
          .withNewPersistentVolumeClaim()
          .withClaimName(store.claimName())
          .withReadOnly(true)
          .endPersistentVolumeClaim();
    } else {
      String path = store.hostPath();
      String sub = BuildContextPaths.normalize(store.subPath());
      volume
          .withNewHostPath()
          .withPath(sub.isEmpty() ? path : path.replaceAll("/+$", "") + "/" + sub)
          .withType("Directory")
          .endHostPath();
    }
    return volume.build();
  }

  /** The store size: the spec's, else the operator default. */
  static String storageSize(ImageBuildSpec spec, OperatorConfig config) {
    return spec.storage() != null && spec.storage().size() != null
        ? spec.storage().size()
        : config.defaults().storageSize();
  }

  private static Volume secret(String volumeName, String secretName) {
    return new VolumeBuilder()
        .withName(volumeName)
        .withNewSecret()
        .withSecretName(secretName)
        .withDefaultMode(SECRET_MODE)
        .endSecret()
        .build();
  }

  private static VolumeMount mount(String name, String path, boolean readOnly) {
    VolumeMountBuilder mount = new VolumeMountBuilder().withName(name).withMountPath(path);
    if (readOnly) {
      mount.withReadOnly(true);
    }
    return mount.build();
  }
}
