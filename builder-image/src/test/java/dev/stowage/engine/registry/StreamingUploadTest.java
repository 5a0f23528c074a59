package dev.stowage.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.engine.image.Digest;
import dev.stowage.engine.image.ImageReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Blobs streamed into an upload while they are produced (their digest known only at the end). */
class StreamingUploadTest {

  private static final String UPLOADS = "/v2/app/blobs/uploads/";

  private FakeServer server;
  private final RegistryClient client =
      RegistryClient.builder().plainHttp().retryPolicy(RetryPolicy.none()).build();

  @BeforeEach
  void start() throws IOException {
    server = new FakeServer();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private ImageReference repo() {
    return ImageReference.parse(server.host() + "/app");
  }

  @Test
  void blobLargerThanThePipeArrivesWholeInOnePatchAndIsClosedWithTheWritersDigest()
      throws IOException {
    byte[] blob = new byte[3 << 20];
    new Random(3).nextBytes(blob);
    server.on(
        UPLOADS,
        ex -> {
          switch (ex.getRequestMethod()) {
            case "POST", "PATCH" -> {
              ex.getResponseHeaders().set("Location", UPLOADS + "s1");
              FakeServer.respond(ex, 202, null, new byte[0]);
            }
            default -> {
              ex.getResponseHeaders().set("Docker-Content-Digest", Digest.sha256(blob).toString());
              FakeServer.respond(ex, 201, null, new byte[0]);
            }
          }
        });

    Digest written =
        client.pushBlobStreaming(
            repo(),
            out -> {
              for (int off = 0; off < blob.length; off += 4096) {
                out.write(blob, off, 4096);
              }
              return Digest.sha256(blob);
            },
            d -> d,
            ProgressListener.NONE);

    assertThat(written).isEqualTo(Digest.sha256(blob));
    assertThat(server.seen().stream().map(FakeServer.Seen::method).toList())
        .containsExactly("POST", "PATCH", "PUT");
    assertThat(server.seen().get(1).body().getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(blob);
    assertThat(server.seen().get(2).pathAndQuery())
        .endsWith("digest=" + Digest.sha256(blob).toString().replace(":", "%3A"));
  }

  @Test
  void registryRefusingTheStreamFailsThePushWithoutClosingTheUpload() {
    server.on(
        UPLOADS,
        ex -> {
          if (ex.getRequestMethod().equals("POST")) {
            ex.getResponseHeaders().set("Location", UPLOADS + "s1");
            FakeServer.respond(ex, 202, null, new byte[0]);
          } else {
            FakeServer.respond(
                ex, 400, "{\"errors\":[{\"code\":\"BLOB_UPLOAD_INVALID\",\"message\":\"no\"}]}");
          }
        });

    assertThatThrownBy(
            () ->
                client.pushBlobStreaming(
                    repo(),
                    out -> {
                      out.write(new byte[2 << 20]);
                      return Digest.sha256(new byte[2 << 20]);
                    },
                    d -> d,
                    ProgressListener.NONE))
        .isInstanceOfAny(RegistryException.class, IOException.class);
    assertThat(server.seen().stream().map(FakeServer.Seen::method).toList()).doesNotContain("PUT");
  }

  @Test
  void writerFailingStopsTheUploadBeforeItIsClosed() {
    server.on(
        UPLOADS,
        ex -> {
          ex.getResponseHeaders().set("Location", UPLOADS + "s1");
          FakeServer.respond(ex, 202, null, new byte[0]);
        });

    assertThatThrownBy(
            () ->
                client.pushBlobStreaming(
                    repo(),
                    out -> {
                      out.write(new byte[1 << 20]);
                      throw new IOException("layer changed under us");
                    },
                    d -> (Digest) d,
                    ProgressListener.NONE))
        .hasMessageContaining("layer changed under us");
    assertThat(server.seen().stream().map(FakeServer.Seen::method).toList()).doesNotContain("PUT");
  }
}
