package dev.stowage.operator.reconcile;

import dev.stowage.operator.api.ImageBuild;
import dev.stowage.operator.pod.BuilderPodLabels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The few API calls the reconciler makes itself: create-if-absent (a 409 means a previous run of
 * the operator got there first), delete, and a direct read that bypasses the informer cache.
 */
final class ClusterWrites {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterWrites.class);

  private final KubernetesClient client;

  ClusterWrites(KubernetesClient client) {
    this.client = client;
  }

  /** Creates the pod unless one of that name exists; pods are never updated in place. */
  void createPod(Pod pod) {
    createIfAbsent(pod);
  }

  /** Creates the project volume unless it exists. */
  void createClaim(PersistentVolumeClaim claim) {
    createIfAbsent(claim);
  }

  /** The pod as the API server has it now, or null. */
  Pod readPod(String namespace, String name) {
    return client.pods().inNamespace(namespace).withName(name).get();
  }

  /** Unfinished builder pods in the namespace that mount the claim, as the API server has them. */
  List<Pod> activePodsUsingClaim(String namespace, String claimName) {
    return client
        .pods()
        .inNamespace(namespace)
        .withLabel(BuilderPodLabels.MANAGED_BY, BuilderPodLabels.MANAGED_BY_VALUE)
        .list()
        .getItems()
        .stream()
        .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
        .filter(pod -> !isFinished(pod))
        .filter(pod -> mountsClaim(pod, claimName))
        .toList();
  }

  private static boolean isFinished(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  private static boolean mountsClaim(Pod pod, String claimName) {
    return pod.getSpec() != null
        && pod.getSpec().getVolumes() != null
        && pod.getSpec().getVolumes().stream()
            .anyMatch(
                v ->
                    v.getPersistentVolumeClaim() != null
                        && claimName.equals(v.getPersistentVolumeClaim().getClaimName()));
  }

  /** Deletes the pod unless it is already going; a missing pod is fine. */
  /** Removes {@code finalizer} from the build if it still carries it. */
  void removeFinalizer(ImageBuild build, String finalizer) {
    List<String> finalizers = build.getMetadata().getFinalizers();
    if (finalizers == null || !finalizers.contains(finalizer)) {
      return;
    }
    LOG.info(
        "removing finalizer {} from ImageBuild {}/{}",
        finalizer,
        build.getMetadata().getNamespace(),
        build.getMetadata().getName());
    try {
      client
          .resources(ImageBuild.class)
          .inNamespace(build.getMetadata().getNamespace())
          .withName(build.getMetadata().getName())
          .edit(
              current -> {
                current.getMetadata().getFinalizers().remove(finalizer);
                return current;
              });
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
        throw e;
      }
    }
  }

  void deletePod(Pod pod) {
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    LOG.info(
        "deleting builder pod {}/{}",
        pod.getMetadata().getNamespace(),
        pod.getMetadata().getName());
    client
        .pods()
        .inNamespace(pod.getMetadata().getNamespace())
        .withName(pod.getMetadata().getName())
        .delete();
  }

  private void createIfAbsent(HasMetadata resource) {
    try {
      client.resource(resource).create();
      LOG.debug(
          "created {} {}/{}",
          resource.getKind(),
          resource.getMetadata().getNamespace(),
          resource.getMetadata().getName());
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
    }
  }
}
