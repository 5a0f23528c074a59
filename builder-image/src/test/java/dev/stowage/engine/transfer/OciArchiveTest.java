package dev.stowage.engine.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.engine.image.Digest;
import dev.stowage.engine.storage.StoreSet;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code oci-archive:FILE[:NAME]}: a tar of an OCI layout that podman loads and skopeo reads. */
class OciArchiveTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private StoreSet importedBusybox(Path root) throws Exception {
    StoreSet stores = StoreSet.open(root, List.of());
    new RootfsImporter(stores, TransferLog.QUIET)
        .importRootfs(Tools.busyboxRootfs(tmp.resolve("rootfs")), "localhost/bb:1");
    return stores;
  }

  private static PushResult export(StoreSet stores, String destination) {
    return new OciArchiveExporter(
            stores, PushOptions.defaults().withTimestamp(0), TransferLog.QUIET)
        .export("localhost/bb:1", Destination.parse(destination));
  }

  /** Entry name to content, in archive order, with every entry's owner and mode checked. */
  private static Map<String, byte[]> entries(Path archive) throws Exception {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(archive);
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        assertThat(e.getLongUserId()).isZero();
        assertThat(e.getLongGroupId()).isZero();
        assertThat(e.getUserName()).isEmpty();
        assertThat(e.getModTime().getTime()).isZero();
        assertThat(e.getMode() & 07777).isEqualTo(e.isDirectory() ? 0755 : 0644);
        out.put(e.getName(), tar.readAllBytes());
      }
    }
    return out;
  }

  @Test
  void archiveHoldsAnOciLayoutWithEveryBlobUnderItsDigestAndTheNameAnnotated() throws Exception {
    StoreSet stores = importedBusybox(tmp.resolve("store"));
    Path archive = tmp.resolve("out/image.tar");

    PushResult result = export(stores, "oci-archive:" + archive + ":localhost/named:2");

    Map<String, byte[]> entries = entries(archive);
    assertThat(new String(entries.get("oci-layout")))
        .isEqualTo("{\"imageLayoutVersion\":\"1.0.0\"}");
    JsonNode index = JSON.readTree(entries.get("index.json"));
    assertThat(index.get("manifests")).hasSize(1);
    JsonNode entry = index.get("manifests").get(0);
    assertThat(entry.get("digest").asText()).isEqualTo(result.digest().toString());
    assertThat(entry.get("annotations").get("org.opencontainers.image.ref.name").asText())
        .isEqualTo("localhost/named:2");
    JsonNode manifest = JSON.readTree(entries.get("blobs/sha256/" + result.digest().hex()));
    List<String> blobs = new ArrayList<>();
    blobs.add(manifest.get("config").get("digest").asText());
    manifest.get("layers").forEach(l -> blobs.add(l.get("digest").asText()));
    for (String digest : blobs) {
      byte[] blob = entries.get("blobs/sha256/" + Digest.parse(digest).hex());
      assertThat(blob).as(digest).isNotNull();
      assertThat(Digest.sha256(blob).toString()).isEqualTo(digest);
    }
    assertThat(entries.keySet())
        .startsWith("oci-layout", "index.json", "blobs/", "blobs/sha256/")
        .hasSize(4 + blobs.size() + 1);
    assertThat(result.references())
        .containsExactly("oci-archive:" + archive + ":localhost/named:2");
  }

  @Test
  void withoutANameTheArchiveCarriesTheImagesOwnName() throws Exception {
    StoreSet stores = importedBusybox(tmp.resolve("store"));
    Path archive = tmp.resolve("image.tar");

    export(stores, "oci-archive:" + archive);

    JsonNode index = JSON.readTree(entries(archive).get("index.json"));
    assertThat(
            index
                .get("manifests")
                .get(0)
                .get("annotations")
                .get("org.opencontainers.image.ref.name")
                .asText())
        .isEqualTo("localhost/bb:1");
  }

  @Test
  void equalImagesGiveByteIdenticalArchivesAndAnExistingFileIsReplaced() throws Exception {
    StoreSet stores = importedBusybox(tmp.resolve("store"));
    Path first = tmp.resolve("first.tar");
    Path second = tmp.resolve("second.tar");
    Files.writeString(second, "an older file");

    export(stores, "oci-archive:" + first);
    export(stores, "oci-archive:" + second);

    assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
    try (var siblings = Files.list(tmp)) {
      assertThat(siblings.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  @Test
  void podmanLoadsTheArchiveUnderItsNameAndSkopeoInspectsIt() throws Exception {
    StoreSet stores = importedBusybox(tmp.resolve("store"));
    Path archive = tmp.resolve("image.tar");
    PushResult result = export(stores, "oci-archive:" + archive + ":localhost/loaded:3");

    JsonNode inspected = JSON.readTree(Tools.skopeo("inspect", "oci-archive:" + archive));
    assertThat(inspected.get("Digest").asText()).isEqualTo(result.digest().toString());
    assertThat(inspected.get("Layers")).hasSize(1);

    try (PodmanStore podman = new PodmanStore(tmp.resolve("p/root"), tmp.resolve("p"))) {
      podman.podman("load", "-i", archive.toString());
      assertThat(podman.podman("images", "--format", "{{.Repository}}:{{.Tag}}"))
          .contains("localhost/loaded:3");
      assertThat(
              podman.podman(
                  "run",
                  "--rm",
                  "--network",
                  "none",
                  "localhost/loaded:3",
                  "/bin/cat",
                  "/etc/motd"))
          .isEqualTo("hello from stowage\n");
    }
  }
}
