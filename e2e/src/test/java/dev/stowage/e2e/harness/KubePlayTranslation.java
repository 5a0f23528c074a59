package dev.stowage.e2e.harness;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every change the kubelet stand-in makes to a pod before {@code podman kube play} runs it, and the
 * host files that stand in for what a kubelet would provide. Nothing else in the harness rewrites
 * pods; each rule below has its own test in {@code KubePlayTranslationTest}.
 *
 * <ol>
 *   <li><b>name</b>: podman has no namespaces, so the podman pod is {@code NAMESPACE-NAME}; only
 *       the labels stay in the metadata (annotations are read by the downward-API rule, and kube
 *       play would copy every one of them into each container).
 *   <li><b>network</b>: {@code hostNetwork: true}, so steps reach the registry on 127.0.0.1.
 *   <li><b>termination messages</b>: kube play ignores {@code terminationMessagePath}; each
 *       container gets a host file mounted at that path, read when the container dies.
 *   <li><b>/dev/fuse</b>: the device-plugin resource is dropped from requests and limits; the
 *       container that asked for it gets a {@code CharDevice} hostPath of {@code /dev/fuse}, as the
 *       device plugin would give it the device.
 *   <li><b>emptyDir</b>: a fresh host directory of this pod (kube play makes a named volume called
 *       after the volume, which every pod with a volume of that name would share); {@code
 *       sizeLimit} is not enforced.
 *   <li><b>downwardAPI</b>: unsupported by kube play; a host directory with each item rendered from
 *       the pod's metadata.
 *   <li><b>configMap</b> and <b>secret</b>: a host directory with one file per key (or per {@code
 *       items} entry), with {@code defaultMode}, read from the API server as a kubelet would.
 *   <li><b>seccomp</b>: {@code RuntimeDefault} is podman's default profile and needs nothing; a
 *       {@code Localhost} profile becomes kube play's seccomp annotation, found under {@code
 *       --seccomp-profile-root}.
 *   <li><b>hostUsers: false</b> is dropped: kube play would run the pod with {@code --userns=auto}
 *       (subordinate ids of a {@code containers} user in {@code /etc/subuid}) and cannot id-map the
 *       host directories above into it, so the pod runs in the host's user namespace.
 * </ol>
 *
 * PersistentVolumeClaims (named volumes, created on first use and kept), hostPath volumes,
 * capabilities, read-only mounts and root file systems, resources and init containers go through
 * unchanged.
 */
public final class KubePlayTranslation {

  /** Where a kubelet reads a container's termination message when the pod names none. */
  public static final String DEFAULT_TERMINATION_PATH = "/dev/termination-log";

  static final String FUSE_VOLUME = "dev-fuse";
  static final String FUSE_DEVICE = "/dev/fuse";
  static final String TERMINATION_PREFIX = "termination-";
  static final String SECCOMP_POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod";

  /** The ConfigMaps and Secrets a kubelet would read from the API server. */
  public interface ClusterObjects {
    ConfigMap configMap(String namespace, String name);

    Secret secret(String namespace, String name);
  }

  /** A file the harness writes before the pod starts. */
  public record HostFile(Path path, byte[] content, Set<PosixFilePermission> mode) {}

  /**
   * The pod to play and what must exist on the host first.
   *
   * @param terminationFiles container name → host file holding its termination message
   */
  public record Translated(
      Pod pod,
      List<Path> directories,
      List<HostFile> files,
      Map<String, Path> terminationFiles,
      List<String> playOptions) {

    /** The podman pod's name. */
    public String podmanName() {
      return pod.getMetadata().getName();
    }
  }

  private static final Pattern FIELD_IN_MAP =
      Pattern.compile("metadata\\.(annotations|labels)\\['([^']+)'\\]");
  private static final int DEFAULT_FILE_MODE = 0644;

  private final String fuseResource;
  private final Path seccompProfileRoot;

  /**
   * @param fuseResource the device-plugin resource that stands for /dev/fuse (operator config)
   * @param seccompProfileRoot the directory Localhost seccomp profiles are relative to (the chart's
   *     {@code files/})
   */
  public KubePlayTranslation(String fuseResource, Path seccompProfileRoot) {
    this.fuseResource = Objects.requireNonNull(fuseResource, "fuseResource");
    this.seccompProfileRoot = Objects.requireNonNull(seccompProfileRoot, "seccompProfileRoot");
  }

  /** The podman pod name of a Kubernetes pod. */
  public static String podmanName(String namespace, String name) {
    return namespace + "-" + name;
  }

  /**
   * Translates {@code original} (left unchanged) for a run whose host files live under {@code
   * runDir}.
   */
  public Translated translate(Pod original, Path runDir, ClusterObjects cluster) {
    Pod pod = new PodBuilder(original).withStatus(null).build();
    Work work = new Work(runDir);
    PodSpec spec = pod.getSpec();
    ObjectMeta meta = original.getMetadata();

    pod.setMetadata(
        new ObjectMetaBuilder()
            .withName(podmanName(meta.getNamespace(), meta.getName()))
            .withLabels(meta.getLabels() == null ? null : new TreeMap<>(meta.getLabels()))
            .build());
    spec.setHostNetwork(true);
    spec.setHostUsers(null);

    List<Volume> volumes = new ArrayList<>();
    for (Volume volume : orEmpty(spec.getVolumes())) {
      volumes.add(volume(volume, original, cluster, work));
    }
    boolean fuse = false;
    for (Container container : containers(spec)) {
      volumes.add(terminationMessage(container, work));
      fuse |= fuseDevice(container);
    }
    if (fuse) {
      volumes.add(
          new VolumeBuilder()
              .withName(FUSE_VOLUME)
              .withNewHostPath()
              .withPath(FUSE_DEVICE)
              .withType("CharDevice")
              .endHostPath()
              .build());
    }
    spec.setVolumes(volumes);
    seccomp(pod, work);
    return new Translated(
        pod,
        List.copyOf(work.directories),
        List.copyOf(work.files),
        Map.copyOf(work.terminationFiles),
        List.copyOf(work.options));
  }

  private Volume volume(Volume volume, Pod original, ClusterObjects cluster, Work work) {
    String namespace = original.getMetadata().getNamespace();
    if (volume.getEmptyDir() != null) {
      return hostDirectory(volume.getName(), work.directory(volume.getName()));
    }
    if (volume.getDownwardAPI() != null) {
      Path dir = work.directory(volume.getName());
      for (DownwardAPIVolumeFile item : orEmpty(volume.getDownwardAPI().getItems())) {
        if (item.getFieldRef() == null) {
          throw new IllegalArgumentException(
              "volume " + volume.getName() + ": only fieldRef downward-API items are translated");
        }
        String value = field(original, item.getFieldRef().getFieldPath());
        work.file(
            dir.resolve(item.getPath()),
            value.getBytes(StandardCharsets.UTF_8),
            mode(item.getMode(), volume.getDownwardAPI().getDefaultMode()));
      }
      return hostDirectory(volume.getName(), dir);
    }
    if (volume.getConfigMap() != null) {
      ConfigMapVolumeSource source = volume.getConfigMap();
      ConfigMap map = cluster.configMap(namespace, source.getName());
      Map<String, byte[]> data = new TreeMap<>();
      if (map != null) {
        orEmpty(map.getData()).forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
        orEmpty(map.getBinaryData()).forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
      } else if (!Boolean.TRUE.equals(source.getOptional())) {
        throw new IllegalArgumentException(
            "volume " + volume.getName() + ": ConfigMap " + source.getName() + " not found");
      }
      return keyFiles(volume.getName(), data, source.getItems(), source.getDefaultMode(), work);
    }
    if (volume.getSecret() != null) {
      SecretVolumeSource source = volume.getSecret();
      Secret secret = cluster.secret(namespace, source.getSecretName());
      Map<String, byte[]> data = new TreeMap<>();
      if (secret != null) {
        orEmpty(secret.getData()).forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
        // The mock API server keeps stringData as written; a real one folds it into data.
        orEmpty(secret.getStringData())
            .forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
      } else if (!Boolean.TRUE.equals(source.getOptional())) {
        throw new IllegalArgumentException(
            "volume " + volume.getName() + ": Secret " + source.getSecretName() + " not found");
      }
      return keyFiles(volume.getName(), data, source.getItems(), source.getDefaultMode(), work);
    }
    return volume;
  }

  private static Volume keyFiles(
      String name,
      Map<String, byte[]> data,
      List<KeyToPath> items,
      Integer defaultMode,
      Work work) {
    Path dir = work.directory(name);
    if (items == null || items.isEmpty()) {
      data.forEach((key, bytes) -> work.file(dir.resolve(key), bytes, mode(null, defaultMode)));
    } else {
      for (KeyToPath item : items) {
        byte[] bytes = data.get(item.getKey());
        if (bytes == null) {
          throw new IllegalArgumentException(
              "volume " + name + ": no key " + item.getKey() + " to project");
        }
        work.file(dir.resolve(item.getPath()), bytes, mode(item.getMode(), defaultMode));
      }
    }
    return hostDirectory(name, dir);
  }

  private static Volume terminationMessage(Container container, Work work) {
    String path =
        container.getTerminationMessagePath() == null
            ? DEFAULT_TERMINATION_PATH
            : container.getTerminationMessagePath();
    Path file = work.runDir.resolve("termination").resolve(container.getName());
    work.file(
        file,
        new byte[0],
        EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    work.terminationFiles.put(container.getName(), file);
    String volume = TERMINATION_PREFIX + container.getName();
    container.setTerminationMessagePath(null);
    container.setTerminationMessagePolicy(null);
    container
        .getVolumeMounts()
        .add(new VolumeMountBuilder().withName(volume).withMountPath(path).build());
    return new VolumeBuilder()
        .withName(volume)
        .withNewHostPath()
        .withPath(file.toString())
        .withType("File")
        .endHostPath()
        .build();
  }

  /** Whether {@code container} asked for the fuse resource (which is then dropped). */
  private boolean fuseDevice(Container container) {
    ResourceRequirements resources = container.getResources();
    if (resources == null) {
      return false;
    }
    if (resources.getLimits() != null) {
      resources.setLimits(new LinkedHashMap<>(resources.getLimits()));
    }
    if (resources.getRequests() != null) {
      resources.setRequests(new LinkedHashMap<>(resources.getRequests()));
    }
    boolean asked = remove(resources.getLimits()) | remove(resources.getRequests());
    if (asked) {
      container
          .getVolumeMounts()
          .add(new VolumeMountBuilder().withName(FUSE_VOLUME).withMountPath(FUSE_DEVICE).build());
    }
    return asked;
  }

  private boolean remove(Map<String, Quantity> quantities) {
    return quantities != null && quantities.remove(fuseResource) != null;
  }

  private void seccomp(Pod pod, Work work) {
    var context = pod.getSpec().getSecurityContext();
    SeccompProfile profile = context == null ? null : context.getSeccompProfile();
    if (profile == null || !"Localhost".equals(profile.getType())) {
      return;
    }
    Map<String, String> annotations = new TreeMap<>();
    annotations.put(SECCOMP_POD_ANNOTATION, "localhost/" + profile.getLocalhostProfile());
    pod.getMetadata().setAnnotations(annotations);
    work.options.addAll(List.of("--seccomp-profile-root", seccompProfileRoot.toString()));
  }

  private static String field(Pod pod, String fieldPath) {
    ObjectMeta meta = pod.getMetadata();
    Matcher inMap = FIELD_IN_MAP.matcher(fieldPath);
    if (inMap.matches()) {
      Map<String, String> map =
          inMap.group(1).equals("annotations") ? meta.getAnnotations() : meta.getLabels();
      return orEmpty(map).getOrDefault(inMap.group(2), "");
    }
    return switch (fieldPath) {
      case "metadata.name" -> meta.getName();
      case "metadata.namespace" -> meta.getNamespace();
      case "metadata.uid" -> Objects.toString(meta.getUid(), "");
      default ->
          throw new IllegalArgumentException("downward-API field not translated: " + fieldPath);
    };
  }

  private static Volume hostDirectory(String name, Path dir) {
    return new VolumeBuilder()
        .withName(name)
        .withNewHostPath()
        .withPath(dir.toString())
        .withType("Directory")
        .endHostPath()
        .build();
  }

  /** Kubernetes file modes are permission bits (0644 style); the item's mode wins. */
  static Set<PosixFilePermission> mode(Integer itemMode, Integer defaultMode) {
    int bits = itemMode != null ? itemMode : defaultMode != null ? defaultMode : DEFAULT_FILE_MODE;
    Set<PosixFilePermission> mode = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE,
      PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE,
      PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE,
      PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
    };
    for (int i = 0; i < order.length; i++) {
      if ((bits & (1 << i)) != 0) {
        mode.add(order[i]);
      }
    }
    return mode;
  }

  private static List<Container> containers(PodSpec spec) {
    List<Container> all = new ArrayList<>(orEmpty(spec.getInitContainers()));
    all.addAll(orEmpty(spec.getContainers()));
    for (Container container : all) {
      if (container.getVolumeMounts() == null) {
        container.setVolumeMounts(new ArrayList<>());
      } else {
        container.setVolumeMounts(new ArrayList<>(container.getVolumeMounts()));
      }
    }
    return all;
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
    return map == null ? Map.of() : map;
  }

  /** What a translation collects besides the pod. */
  private static final class Work {
    final Path runDir;
    final List<Path> directories = new ArrayList<>();
    final List<HostFile> files = new ArrayList<>();
    final Map<String, Path> terminationFiles = new LinkedHashMap<>();
    final List<String> options = new ArrayList<>();

    Work(Path runDir) {
      this.runDir = runDir;
    }

    Path directory(String volume) {
      Path dir = runDir.resolve("volumes").resolve(volume);
      directories.add(dir);
      return dir;
    }

    void file(Path path, byte[] content, Set<PosixFilePermission> mode) {
      files.add(new HostFile(path, content, mode));
    }
  }
}
