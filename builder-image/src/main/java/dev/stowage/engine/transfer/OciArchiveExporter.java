package dev.stowage.engine.transfer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.engine.archive.Compression;
import dev.stowage.engine.image.Descriptor;
import dev.stowage.engine.image.Digest;
import dev.stowage.engine.image.ImageIndex;
import dev.stowage.engine.json.JsonTrees;
import dev.stowage.engine.storage.ResolvedImage;
import dev.stowage.engine.storage.StoreSet;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes a local image as an OCI image layout directory ({@code oci-layout}, {@code index.json},
 * {@code blobs/sha256/}), that layout as one tarball (oci-archive), or a docker-archive tarball
 * ({@code manifest.json}, config, one tar per layer) that {@code podman load} and {@code docker
 * load} read.
 */
public final class OciArchiveExporter {

  /** The annotation an OCI layout names its images by. */
  public static final String REF_NAME = "org.opencontainers.image.ref.name";

  private static final byte[] OCI_LAYOUT =
      "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8);

  private final StoreSet stores;
  private final PushOptions options;
  private final TransferLog log;

  public OciArchiveExporter(StoreSet stores, PushOptions options, TransferLog log) {
    this.stores = stores;
    this.options = options;
    this.log = log;
  }

  /**
   * Exports the local image {@code image} (name, id or digest, any store) to an {@code oci:},
   * {@code oci-archive:} or {@code docker-archive:} destination.
   */
  public PushResult export(String image, Destination destination) {
    ResolvedImage local = LocalImages.require(stores, image);
    return switch (destination) {
      case Destination.OciLayout oci -> {
        try (PreparedImage prepared = new ImagePreparer(stores, options, log).prepare(local)) {
          writeOciLayout(prepared, oci.directory(), oci.name());
          String name = oci.name().orElse("");
          yield new PushResult(
              prepared.manifest().digest(),
              List.of("oci:" + oci.directory() + (name.isEmpty() ? "" : ":" + name)),
              prepared.size());
        }
      }
      case Destination.OciArchive archive -> {
        try (PreparedImage prepared = new ImagePreparer(stores, options, log).prepare(local)) {
          Optional<String> name =
              archive
                  .name()
                  .or(() -> local.image().names().stream().findFirst())
                  .map(t -> LocalImages.normalise(t).orElse(t));
          writeOciArchive(prepared, archive.file(), name);
          yield new PushResult(
              prepared.manifest().digest(),
              List.of("oci-archive:" + archive.file() + name.map(n -> ":" + n).orElse("")),
              prepared.size());
        }
      }
      case Destination.DockerArchive archive -> {
        // docker save carries plain tar layers; load tools expect nothing else
        PushOptions plain = new PushOptions(Compression.NONE, false, options.timestamp());
        try (PreparedImage prepared = new ImagePreparer(stores, plain, log).prepare(local)) {
          List<String> tags =
              archive
                  .reference()
                  .or(() -> local.image().names().stream().findFirst())
                  .map(t -> LocalImages.normalise(t).orElse(t))
                  .stream()
                  .toList();
          writeDockerArchive(prepared, archive.file(), tags);
          yield new PushResult(
              prepared.manifest().digest(),
              List.of("docker-archive:" + archive.file()),
              prepared.size());
        }
      }
      case Destination.Registry r ->
          throw new IllegalArgumentException(
              "OciArchiveExporter writes oci:, oci-archive: and docker-archive: destinations, not "
                  + r);
    };
  }

  /**
   * Adds {@code image} to the OCI layout at {@code directory} (created if missing); an existing
   * entry with the same {@code name} is replaced, others are kept.
   */
  public void writeOciLayout(PreparedImage image, Path directory, Optional<String> name) {
    try {
      Path blobs = directory.resolve("blobs").resolve("sha256");
      Files.createDirectories(blobs);
      Files.write(directory.resolve("oci-layout"), OCI_LAYOUT);
      for (PreparedImage.LayerFile layer : image.layers()) {
        Path target = blobs.resolve(layer.descriptor().digest().hex());
        if (!Files.exists(target)) {
          Files.copy(layer.file().orElseThrow(), target);
        }
        log.line("Copying blob " + TransferLog.shortDigest(layer.descriptor().digest()) + " done");
      }
      byte[] config = image.config();
      writeBlob(blobs, Digest.sha256(config), config);
      log.line("Copying config " + TransferLog.shortDigest(Digest.sha256(config)) + " done");
      byte[] manifest = image.manifestBytes();
      Digest manifestDigest = Digest.sha256(manifest);
      writeBlob(blobs, manifestDigest, manifest);
      log.line("Writing manifest to image destination");

      Descriptor entry =
          Descriptor.of(image.manifest().mediaType(), manifestDigest, manifest.length);
      if (name.isPresent()) {
        entry = entry.withAnnotations(Map.of(REF_NAME, name.get()));
      }
      List<Descriptor> manifests = new ArrayList<>();
      Path indexFile = directory.resolve("index.json");
      if (Files.exists(indexFile)) {
        for (Descriptor d : ImageIndex.parse(Files.readAllBytes(indexFile), null).manifests()) {
          String existing = d.annotations() == null ? null : d.annotations().get(REF_NAME);
          boolean replaced =
              name.isPresent() ? name.get().equals(existing) : d.digest().equals(manifestDigest);
          if (!replaced) {
            manifests.add(d);
          }
        }
      }
      manifests.add(entry);
      atomicWrite(indexFile, ImageIndex.oci(manifests).toBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("writing OCI layout " + directory, e);
    }
  }

  /**
   * Writes {@code image} as a tar of a fresh OCI image layout at {@code file} (replaced
   * atomically): {@code oci-layout}, {@code index.json} with the one manifest (annotated with
   * {@code name}), and {@code blobs/sha256/}. Entries come in a fixed order with fixed times and
   * owners, so equal images give equal archives.
   */
  public void writeOciArchive(PreparedImage image, Path file, Optional<String> name) {
    Path parent = file.toAbsolutePath().getParent();
    Path temp = null;
    try {
      Files.createDirectories(parent);
      temp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
      byte[] config = image.config();
      byte[] manifest = image.manifestBytes();
      Digest manifestDigest = Digest.sha256(manifest);
      Descriptor entry =
          Descriptor.of(image.manifest().mediaType(), manifestDigest, manifest.length);
      if (name.isPresent()) {
        entry = entry.withAnnotations(Map.of(REF_NAME, name.get()));
      }
      byte[] index = ImageIndex.oci(List.of(entry)).toBytes();
      // sorted by digest, each blob once: identical layers share a blob
      TreeMap<Digest, Path> layers = new TreeMap<>(Comparator.comparing(Digest::toString));
      for (PreparedImage.LayerFile layer : image.layers()) {
        layers.putIfAbsent(layer.descriptor().digest(), layer.file().orElseThrow());
      }
      TreeMap<Digest, byte[]> small = new TreeMap<>(Comparator.comparing(Digest::toString));
      small.put(Digest.sha256(config), config);
      small.put(manifestDigest, manifest);
      try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16);
          TarArchiveOutputStream tar = new TarArchiveOutputStream(raw)) {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        putBytes(tar, "oci-layout", OCI_LAYOUT);
        putBytes(tar, "index.json", index);
        putDirectory(tar, "blobs/");
        putDirectory(tar, "blobs/sha256/");
        for (Map.Entry<Digest, Path> layer : layers.entrySet()) {
          TarArchiveEntry tarEntry = fixedEntry("blobs/sha256/" + layer.getKey().hex(), 0100644);
          tarEntry.setSize(Files.size(layer.getValue()));
          tar.putArchiveEntry(tarEntry);
          Files.copy(layer.getValue(), tar);
          tar.closeArchiveEntry();
          log.line("Copying blob " + TransferLog.shortDigest(layer.getKey()) + " done");
        }
        for (Map.Entry<Digest, byte[]> blob : small.entrySet()) {
          putBytes(tar, "blobs/sha256/" + blob.getKey().hex(), blob.getValue());
        }
        log.line("Writing manifest to image destination");
        tar.finish();
      }
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("writing OCI archive " + file, e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // best effort: a leftover .tmp beside the archive is harmless
        }
      }
    }
  }

  /** Writes {@code image} (plain tar layers) as a docker-archive tarball at {@code file}. */
  public void writeDockerArchive(PreparedImage image, Path file, List<String> repoTags) {
    Path parent = file.toAbsolutePath().getParent();
    Path temp = null;
    try {
      Files.createDirectories(parent);
      temp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
      try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16);
          TarArchiveOutputStream tar = new TarArchiveOutputStream(raw)) {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        byte[] config = image.config();
        String configName = Digest.sha256(config).hex() + ".json";
        putBytes(tar, configName, config);
        ArrayNode layers = JsonNodeFactory.instance.arrayNode();
        for (PreparedImage.LayerFile layer : image.layers()) {
          String layerName = layer.descriptor().digest().hex() + ".tar";
          TarArchiveEntry entry = fixedEntry(layerName, 0100644);
          entry.setSize(Files.size(layer.file().orElseThrow()));
          tar.putArchiveEntry(entry);
          Files.copy(layer.file().orElseThrow(), tar);
          tar.closeArchiveEntry();
          layers.add(layerName);
          log.line(
              "Copying blob " + TransferLog.shortDigest(layer.descriptor().digest()) + " done");
        }
        ObjectNode item = JsonNodeFactory.instance.objectNode();
        item.put("Config", configName);
        ArrayNode tags = item.putArray("RepoTags");
        repoTags.forEach(tags::add);
        item.set("Layers", layers);
        ArrayNode manifest = JsonNodeFactory.instance.arrayNode().add(item);
        log.line("Writing manifest to image destination");
        putBytes(tar, "manifest.json", JsonTrees.bytes(manifest));
        tar.finish();
      }
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("writing docker archive " + file, e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // best effort: a leftover .tmp beside the archive is harmless
        }
      }
    }
  }

  /** An entry owned by 0:0 without user names (commons-compress puts in the caller's) at 1970. */
  private static TarArchiveEntry fixedEntry(String name, int mode) {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setModTime(0);
    entry.setMode(mode);
    entry.setIds(0, 0);
    entry.setUserName("");
    entry.setGroupName("");
    return entry;
  }

  private static void putDirectory(TarArchiveOutputStream tar, String name) throws IOException {
    tar.putArchiveEntry(fixedEntry(name, 040755));
    tar.closeArchiveEntry();
  }

  private static void putBytes(TarArchiveOutputStream tar, String name, byte[] bytes)
      throws IOException {
    TarArchiveEntry entry = fixedEntry(name, 0100644);
    entry.setSize(bytes.length);
    tar.putArchiveEntry(entry);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }

  private static void writeBlob(Path blobs, Digest digest, byte[] bytes) throws IOException {
    Path target = blobs.resolve(digest.hex());
    if (!Files.exists(target)) {
      atomicWrite(target, bytes);
    }
  }

  private static void atomicWrite(Path target, byte[] bytes) throws IOException {
    Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
    try {
      Files.write(temp, bytes);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
