package dev.stowage.operator.reconcile;

import dev.stowage.operator.api.ImageBuild;
import dev.stowage.operator.api.ImageBuildStatus;
import dev.stowage.operator.api.ImageBuildStatus.Phase;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a core/v1 Event on the ImageBuild for each transition (phase or attempt). Event names
 * derive from the transition, so a restarted operator repeating one creates no duplicate.
 */
final class KubernetesEvents {

  static final String COMPONENT = "stowage-operator";

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesEvents.class);

  private final Clock clock;

  KubernetesEvents(Clock clock) {
    this.clock = clock;
  }

  /** Records the move from {@code previous} (may be null) to {@code current}; never throws. */
  void record(KubernetesClient client, ImageBuild build, ImageBuildStatus current) {
    Event event = eventFor(build, current);
    try {
      client.v1().events().resource(event).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        // An event is a courtesy: the status already says the same, so a build never fails on it.
        LOG.warn(
            "cannot record event {} on ImageBuild {}/{}: {}",
            event.getReason(),
            build.getMetadata().getNamespace(),
            build.getMetadata().getName(),
            e.getMessage());
      }
    }
  }

  Event eventFor(ImageBuild build, ImageBuildStatus current) {
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    String reason = current.reason() != null ? current.reason().name() : current.phase().name();
    String name = eventName(build, current);
    return new EventBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(build.getMetadata().getNamespace())
        .endMetadata()
        .withInvolvedObject(
            new ObjectReferenceBuilder()
                .withApiVersion(ImageBuild.API_VERSION)
                .withKind("ImageBuild")
                .withNamespace(build.getMetadata().getNamespace())
                .withName(build.getMetadata().getName())
                .withUid(build.getMetadata().getUid())
                .build())
        .withType(current.phase() == Phase.Failed ? "Warning" : "Normal")
        .withReason(reason)
        .withMessage(
            "attempt "
                + current.attempt()
                + " "
                + current.phase()
                + (current.message() == null || current.message().isEmpty()
                    ? ""
                    : ": " + current.message()))
        .withCount(1)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withNewSource()
        .withComponent(COMPONENT)
        .endSource()
        .withReportingComponent("stowage.dev/operator")
        .withReportingInstance(COMPONENT)
        .build();
  }

  private static String eventName(ImageBuild build, ImageBuildStatus current) {
    String key =
        build.getMetadata().getUid()
            + "|"
            + current.revision()
            + "|"
            + current.attempt()
            + "|"
            + current.phase()
            + "|"
            + current.reason();
    String base = build.getMetadata().getName();
    if (base.length() > 200) {
      base = base.substring(0, 200);
    }
    return base + "." + sha256(key).substring(0, 16);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }
}
