package dev.stowage.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.engine.auth.Credential;
import dev.stowage.engine.auth.CredentialProvider;
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
  void followsBlobRedirectsWithoutSendingRegistryCredentialsElsewhere() throws IOException {
    try (FakeServer storage = new FakeServer()) {
      storage.on("/bucket/", ex -> FakeServer.respond(ex, 200, "application/octet-stream", BLOB));
      server.on(
          blobPath(),
          ex -> {
            if (ex.getRequestHeaders().getFirst("Authorization") == null) {
              ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"fake\"");
              FakeServer.respond(ex, 401, "{}");
              return;
            }
            ex.getResponseHeaders().set("Location", storage.url("/bucket/blob?sig=1"));
            FakeServer.respond(ex, 307, null, new byte[0]);
          });
      RegistryClient client =
          RegistryClient.builder()
              .plainHttp()
              .credentials(CredentialProvider.fixed(server.host(), new Credential.Basic("u", "p")))
              .build();

      assertThat(client.pullBlobBytes(repo(), BLOB_DESCRIPTOR)).isEqualTo(BLOB);
      assertThat(server.seen(blobPath()).getLast().authorization()).startsWith("Basic ");
      assertThat(storage.seen("/bucket/blob?sig=1"))
          .singleElement()
          .satisfies(seen -> assertThat(seen.authorization()).isNull());
    }
  }

  @Test
  void resumesAChunkedUploadWhereTheRegistryStopped() throws IOException {
    byte[] content = new byte[10_000];
    new java.util.Random(7).nextBytes(content);
    Digest digest = Digest.sha256(content);
    java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
    AtomicInteger patches = new AtomicInteger();
    String upload = "/v2/app/blobs/uploads/";
    server.on(
        "/v2/app/blobs/",
        ex -> {
          String method = ex.getRequestMethod();
          String path = ex.getRequestURI().getPath();
          if (method.equals("HEAD")) {
            FakeServer.respond(ex, 404, null, new byte[0]);
          } else if (method.equals("POST")) {
            ex.getResponseHeaders().set("Location", upload + "s1");
            FakeServer.respond(ex, 202, null, new byte[0]);
          } else if (method.equals("PATCH") && path.startsWith(upload)) {
            byte[] body = server.lastBody();
            String range = ex.getRequestHeaders().getFirst("Content-Range");
            long start = Long.parseLong(range.substring(0, range.indexOf('-')));
            synchronized (received) {
              if (start != received.size()) {
                FakeServer.respond(ex, 416, "{}");
                return;
              }
              if (patches.incrementAndGet() == 2) {
                // Keep half of the chunk, then fail as a broken proxy would.
                received.write(body, 0, body.length / 2);
                FakeServer.respond(ex, 500, "{}");
                return;
              }
              received.write(body, 0, body.length);
            }
            ex.getResponseHeaders().set("Location", upload + "s1?n=" + patches.get());
            FakeServer.respond(ex, 202, null, new byte[0]);
          } else if (method.equals("GET") && path.startsWith(upload)) {
            ex.getResponseHeaders().set("Range", "0-" + (received.size() - 1));
            ex.getResponseHeaders().set("Location", upload + "s1?resumed");
            FakeServer.respond(ex, 204, null, new byte[0]);
          } else if (method.equals("PUT")
              && ex.getRequestURI().getQuery().contains("digest=" + digest)) {
            boolean intact = Digest.sha256(received.toByteArray()).equals(digest);
            FakeServer.respond(ex, intact ? 201 : 400, "{}");
          } else {
            FakeServer.respond(ex, 405, "{}");
          }
        });
    RegistryClient client = RegistryClient.builder().plainHttp().chunkSize(3000).build();

    BlobPushResult result =
        client.pushBlob(repo(), digest, BlobSource.of(content), null, ProgressListener.NONE);

    assertThat(result).isEqualTo(BlobPushResult.UPLOADED);
    assertThat(received.toByteArray()).isEqualTo(content);
    assertThat(server.seen(upload).stream().map(FakeServer.Seen::method))
        .containsSubsequence("POST", "PATCH", "PATCH", "GET", "PATCH", "PUT");
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
