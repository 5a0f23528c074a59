package dev.stowage.operator.reconcile;

import dev.stowage.operator.api.ImageBuild;
import dev.stowage.operator.pod.BuilderPodLabels;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.dependent.managed.ManagedWorkflowAndDependentResourceContext;
import io.javaoperatorsdk.operator.processing.event.EventSourceRetriever;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * A hand-written JOSDK context over the mock API server, the Flink operator's way: secondary
 * resources are read straight from the server (what the informers would have cached).
 */
final class MockContext implements Context<ImageBuild> {

  private final KubernetesClient client;
  private final ImageBuild primary;
  private final boolean primaryDeleted;

  MockContext(KubernetesClient client, ImageBuild primary) {
    this(client, primary, false);
  }

  private MockContext(KubernetesClient client, ImageBuild primary, boolean primaryDeleted) {
    this.client = client;
    this.primary = primary;
    this.primaryDeleted = primaryDeleted;
  }

  /** The context JOSDK passes with the Delete event of {@code primary}: its last known state. */
  static MockContext afterDelete(KubernetesClient client, ImageBuild primary) {
    return new MockContext(client, primary, true);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <R> Set<R> getSecondaryResources(Class<R> type) {
    String namespace = primary.getMetadata().getNamespace();
    if (type == Pod.class) {
      return (Set<R>)
          new HashSet<>(
              client
                  .pods()
                  .inNamespace(namespace)
                  .withLabel(BuilderPodLabels.MANAGED_BY, BuilderPodLabels.MANAGED_BY_VALUE)
                  .list()
                  .getItems());
    }
    if (type == PersistentVolumeClaim.class) {
      Set<R> claims = new HashSet<>();
      for (var id : BuilderEventSources.claimOf(primary)) {
        var claim =
            client.persistentVolumeClaims().inNamespace(namespace).withName(id.getName()).get();
        if (claim != null) {
          claims.add((R) claim);
        }
      }
      return claims;
    }
    throw new UnsupportedOperationException("no secondary resources of " + type);
  }

  @Override
  public <R> Optional<R> getSecondaryResource(Class<R> type, String eventSourceName) {
    return getSecondaryResources(type).stream().findFirst();
  }

  @Override
  public Optional<RetryInfo> getRetryInfo() {
    return Optional.empty();
  }

  @Override
  public KubernetesClient getClient() {
    return client;
  }

  @Override
  public ImageBuild getPrimaryResource() {
    return primary;
  }

  @Override
  public boolean isNextReconciliationImminent() {
    return false;
  }

  @Override
  public boolean isPrimaryResourceDeleted() {
    return primaryDeleted;
  }

  @Override
  public boolean isPrimaryResourceFinalStateUnknown() {
    return false;
  }

  @Override
  public ControllerConfiguration<ImageBuild> getControllerConfiguration() {
    throw new UnsupportedOperationException();
  }

  @Override
  public ManagedWorkflowAndDependentResourceContext managedWorkflowAndDependentResourceContext() {
    throw new UnsupportedOperationException();
  }

  @Override
  public EventSourceRetriever<ImageBuild> eventSourceRetriever() {
    throw new UnsupportedOperationException();
  }

  @Override
  public ExecutorService getWorkflowExecutorService() {
    throw new UnsupportedOperationException();
  }

  @Override
  public IndexedResourceCache<ImageBuild> getPrimaryCache() {
    throw new UnsupportedOperationException();
  }
}
