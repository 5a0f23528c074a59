package dev.stowage.operator.reconcile;

import dev.stowage.operator.api.BuildStorage;
import dev.stowage.operator.api.BuildStorage.StorageMode;
import dev.stowage.operator.api.ImageBuild;
import dev.stowage.operator.pod.BuilderPodLabels;
import dev.stowage.operator.pod.BuilderPodNames;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.PrimaryToSecondaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The informers that wake the reconciler: builder pods (mapped to their ImageBuild by owner
 * reference) and project volumes (mapped to the builds of that project, which share the claim and
 * are not its owners).
 */
final class BuilderEventSources {

  /** Only what Stowage created: keeps the informer caches small in busy namespaces. */
  static final String MANAGED_SELECTOR =
      BuilderPodLabels.MANAGED_BY + "=" + BuilderPodLabels.MANAGED_BY_VALUE;

  private BuilderEventSources() {}

  static List<EventSource<?, ImageBuild>> create(EventSourceContext<ImageBuild> context) {
    InformerEventSourceConfiguration<Pod> pods =
        InformerEventSourceConfiguration.from(Pod.class, ImageBuild.class)
            .withName("builder-pods")
            .withLabelSelector(MANAGED_SELECTOR)
            .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(ImageBuild.class))
            .build();
    InformerEventSourceConfiguration<PersistentVolumeClaim> claims =
        InformerEventSourceConfiguration.from(PersistentVolumeClaim.class, ImageBuild.class)
            .withName("project-volumes")
            .withLabelSelector(MANAGED_SELECTOR)
            .withSecondaryToPrimaryMapper(
                (PersistentVolumeClaim claim) -> buildsOfProject(context, claim))
            .withPrimaryToSecondaryMapper(
                (PrimaryToSecondaryMapper<ImageBuild>) BuilderEventSources::claimOf)
            .build();
    return List.of(
        new InformerEventSource<>(pods, context), new InformerEventSource<>(claims, context));
  }

  /** The project claim a build uses, if it is in Project mode. */
  static Set<ResourceID> claimOf(ImageBuild build) {
    return projectOf(build)
        .map(
            project ->
                Set.of(
                    new ResourceID(
                        BuilderPodNames.projectClaimName(project),
                        build.getMetadata().getNamespace())))
        .orElse(Set.of());
  }

  private static Set<ResourceID> buildsOfProject(
      EventSourceContext<ImageBuild> context, PersistentVolumeClaim claim) {
    Optional<String> project = projectOfClaim(claim);
    if (project.isEmpty()) {
      return Set.of();
    }
    return context
        .getPrimaryCache()
        .list(claim.getMetadata().getNamespace(), b -> projectOf(b).equals(project))
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  private static Optional<String> projectOfClaim(PersistentVolumeClaim claim) {
    Map<String, String> labels = claim.getMetadata().getLabels();
    if (labels != null && labels.containsKey(BuilderPodLabels.PROJECT)) {
      return Optional.of(labels.get(BuilderPodLabels.PROJECT));
    }
    String prefix = BuilderPodNames.projectClaimName("");
    String name = claim.getMetadata().getName();
    return name.startsWith(prefix)
        ? Optional.of(name.substring(prefix.length()))
        : Optional.empty();
  }

  private static Optional<String> projectOf(ImageBuild build) {
    BuildStorage storage = build.getSpec() == null ? null : build.getSpec().storage();
    if (storage == null || storage.modeOrDefault() != StorageMode.Project) {
      return Optional.empty();
    }
    return Optional.ofNullable(storage.project());
  }
}
