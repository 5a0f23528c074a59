package dev.stowage.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.engine.image.Descriptor;
import dev.stowage.engine.image.Digest;
import dev.stowage.engine.image.ImageReference;
import dev.stowage.engine.image.MediaTypes;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetryAndVerificationTest {

  private static final byte[] BLOB = "layer-bytes-0123456789".getBytes(StandardCharsets.UTF_8);
  private static final Descriptor BLOB_DESCRIPTOR =
      Descriptor.of(MediaTypes.OCI_LAYER_GZIP, Digest.sha256(BLOB), BLOB.length);

  @TempDir Path tmp;
  private FakeServer server;
  private final List<Duration> waits = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = new FakeServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private RegistryClient client(int attempts) {
    return RegistryClient.builder()
        .plainHttp()
        .retryPolicy(new RetryPolicy(attempts, Duration.ofMillis(100), Duration.ofMillis(250)))
        .sleeper(waits::add)
        .build();
  }

  private ImageReference repo() {
    return ImageReference.parse(server.host() + "/app");
  }

  private String blobPath() {
    return "/v2/app/blobs/" + BLOB_DESCRIPTOR.digest();
  }

  @Test
  void retriesServerErrorsWithGrowingBackoffThenSucceeds() {
    AtomicInteger calls = new AtomicInteger();
    server.on(
        blobPath(),
        ex -> {
          if (calls.incrementAndGet() <= 3) {
            FakeServer.respond(ex, calls.get() == 2 ? 502 : 500, "{}");
          } else {
            FakeServer.respond(ex, 200, "application/octet-stream", BLOB);
          }
        });

    byte[] pulled = client(5).pullBlobBytes(repo(), BLOB_DESCRIPTOR);

    assertThat(pulled).isEqualTo(BLOB);
    assertThat(calls).hasValue(4);
    assertThat(waits)
        .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(250));
  }

  @Test
  void givesUpAfterTheLastAttemptWithTheStatusAndAction() {
    server.on(
        blobPath(),
        ex ->
            FakeServer.respond(
                ex, 503, "{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"try later\"}]}"));

    assertThatThrownBy(() -> client(3).pullBlobBytes(repo(), BLOB_DESCRIPTOR))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(503);
              assertThat(e.errorCodes()).containsExactly("UNAVAILABLE");
              assertThat(e.isAuthFailure()).isFalse();
            })
        .hasMessageContaining("pulling blob " + BLOB_DESCRIPTOR.digest() + " from " + repo().name())
        .hasMessageContaining("try later");
    assertThat(server.seen(blobPath())).hasSize(3);
  }

  @Test
  void honoursRetryAfterOnTooManyRequestsWithinTheMaximumDelay() {
    AtomicInteger calls = new AtomicInteger();
    server.on(
        blobPath(),
        ex -> {
          if (calls.incrementAndGet() == 1) {
            ex.getResponseHeaders().set("Retry-After", "120");
            FakeServer.respond(ex, 429, "{}");
          } else {
            FakeServer.respond(ex, 200, "application/octet-stream", BLOB);
          }
        });

    assertThat(client(3).pullBlobBytes(repo(), BLOB_DESCRIPTOR)).isEqualTo(BLOB);
    assertThat(waits).containsExactly(Duration.ofMillis(250));
  }

  @Test
  void doesNotRetryClientErrors() {
    server.on(
        blobPath(),
        ex -> FakeServer.respond(ex, 404, "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\"}]}"));

    assertThatThrownBy(() -> client(5).pullBlobBytes(repo(), BLOB_DESCRIPTOR))
        .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.isNotFound()).isTrue());
    assertThat(server.seen(blobPath())).hasSize(1);
    assertThat(waits).isEmpty();
  }

  @Test
  void retriesAConnectionBrokenMidBodyAndKeepsNoPartialFile() throws IOException {
    AtomicInteger calls = new AtomicInteger();
    server.on(
        blobPath(),
        ex -> {
          if (calls.incrementAndGet() == 1) {
            ex.sendResponseHeaders(200, BLOB.length);
            OutputStream out = ex.getResponseBody();
            out.write(BLOB, 0, 5);
            out.flush();
            // Abandon the exchange: the client sees the body end early.
            ex.getHttpContext().getServer();
            throw new IOException("simulated reset");
          }
          FakeServer.respond(ex, 200, "application/octet-stream", BLOB);
        });
    Path target = tmp.resolve("layers/blob");

    client(3).pullBlob(repo(), BLOB_DESCRIPTOR, target, ProgressListener.NONE);

    assertThat(Files.readAllBytes(target)).isEqualTo(BLOB);
    try (var files = Files.list(target.getParent())) {
      assertThat(files).containsExactly(target);
    }
    assertThat(calls).hasValue(2);
  }

  @Test
  void followsBlobRedirectsWithoutSendingTheRegistryTokenElsewhere() throws IOException {
    try (FakeServer storage = new FakeServer()) {
      storage.on("/bucket/", ex -> FakeServer.respond(ex, 200, "application/octet-stream", BLOB));
      server.on(
          blobPath(),
          ex -> {
            ex.getResponseHeaders().set("Location", storage.url("/bucket/blob?sig=1"));
            FakeServer.respond(ex, 307, null, new byte[0]);
          });

      assertThat(client(1).pullBlobBytes(repo(), BLOB_DESCRIPTOR)).isEqualTo(BLOB);
      assertThat(storage.seen("/bucket/blob?sig=1")).hasSize(1);
    }
  }

  @Test
  void rejectsAManifestWhoseBytesDoNotMatchTheRequestedDigest() {
    byte[] manifest =
        ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    Digest asked = Digest.sha256("something else".getBytes(StandardCharsets.UTF_8));
    server.on(
        "/v2/app/manifests/", ex -> FakeServer.respond(ex, 200, MediaTypes.OCI_MANIFEST, manifest));

    assertThatThrownBy(() -> client(1).pullManifest(repo().withDigest(asked)))
        .isInstanceOfSatisfying(
            DigestMismatchException.class,
            e -> {
              assertThat(e.expected()).isEqualTo(asked);
              assertThat(e.actual()).isEqualTo(Digest.sha256(manifest));
            });
  }

  @Test
  void rejectsABlobLargerThanItsDescriptor() throws IOException {
    byte[] longer =
        (new String(BLOB, StandardCharsets.UTF_8) + "!").getBytes(StandardCharsets.UTF_8);
    server.on(blobPath(), ex -> FakeServer.respond(ex, 200, "application/octet-stream", longer));
    Path target = tmp.resolve("big");

    assertThatThrownBy(
            () -> client(1).pullBlob(repo(), BLOB_DESCRIPTOR, target, ProgressListener.NONE))
        .isInstanceOf(DigestMismatchException.class);
    try (var files = Files.list(tmp)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void sendsAllFourManifestTypesInAccept() {
    byte[] manifest =
        ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    List<String> accepts = new CopyOnWriteArrayList<>();
    server.on(
        "/v2/app/manifests/",
        ex -> {
          accepts.add(ex.getRequestHeaders().getFirst("Accept"));
          FakeServer.respond(ex, 200, MediaTypes.DOCKER_MANIFEST, manifest);
        });

    ManifestResponse response = client(1).pullManifest(repo().withTag("v1"));

    assertThat(response.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
    assertThat(accepts.getFirst())
        .contains(MediaTypes.OCI_MANIFEST)
        .contains(MediaTypes.OCI_INDEX)
        .contains(MediaTypes.DOCKER_MANIFEST)
        .contains(MediaTypes.DOCKER_MANIFEST_LIST);
  }
}
