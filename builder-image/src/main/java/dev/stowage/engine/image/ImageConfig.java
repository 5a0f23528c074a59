package dev.stowage.engine.image;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The OCI image configuration (also Docker's image JSON): platform, execution defaults, rootfs
 * DiffIDs and history. {@code created}, {@code author}, {@code variant} and {@code osVersion} are
 * null when absent.
 */
public record ImageConfig(
    Instant created,
    String author,
    String architecture,
    String os,
    String osVersion,
    String variant,
    ContainerConfig config,
    RootFs rootfs,
    List<HistoryEntry> history,
    UnknownFields unknown) {

  private static final Set<String> KNOWN =
      Set.of(
          "created",
          "author",
          "architecture",
          "os",
          "os.version",
          "variant",
          "config",
          "rootfs",
          "history");

  public ImageConfig {
    if (architecture == null || architecture.isBlank()) {
      throw new ImageFormatException("image config has no architecture");
    }
    if (os == null || os.isBlank()) {
      throw new ImageFormatException("image config has no os");
    }
    config = config == null ? ContainerConfig.EMPTY : config;
    Objects.requireNonNull(rootfs, "rootfs");
    history = history == null ? List.of() : List.copyOf(history);
    unknown = unknown == null ? UnknownFields.NONE : unknown;
  }

  /** An empty image (no layers) for {@code platform}, as {@code FROM scratch} starts. */
  public static ImageConfig scratch(Platform platform) {
    return new ImageConfig(
        null,
        null,
        platform.architecture(),
        platform.os(),
        platform.osVersion(),
        platform.variant(),
        ContainerConfig.EMPTY,
        RootFs.of(List.of()),
        List.of(),
        UnknownFields.NONE);
  }

  /** Parses image config JSON. */
  public static ImageConfig parse(byte[] json) {
    JsonFields f = new JsonFields(CanonicalJson.parseObject(json, "image config"), "config");
    JsonFields cfg = f.object("config");
    JsonFields rootfs = f.object("rootfs");
    if (rootfs == null) {
      throw new ImageFormatException("image config has no rootfs");
    }
    List<HistoryEntry> history = new ArrayList<>();
    for (JsonFields h : f.objects("history")) {
      history.add(HistoryEntry.fromJson(h));
    }
    return new ImageConfig(
        f.instant("created"),
        f.text("author"),
        f.text("architecture"),
        f.text("os"),
        f.text("os.version"),
        f.text("variant"),
        cfg == null ? ContainerConfig.EMPTY : ContainerConfig.fromJson(cfg),
        RootFs.fromJson(rootfs),
        history,
        f.unknown(KNOWN));
  }

  public Platform platform() {
    return new Platform(os, architecture, variant, osVersion, List.of(), UnknownFields.NONE);
  }

  public ImageConfig withConfig(ContainerConfig newConfig) {
    return new ImageConfig(
        created, author, architecture, os, osVersion, variant, newConfig, rootfs, history, unknown);
  }

  public ImageConfig withCreated(Instant newCreated) {
    return new ImageConfig(
        newCreated, author, architecture, os, osVersion, variant, config, rootfs, history, unknown);
  }

  public ImageConfig withAuthor(String newAuthor) {
    return new ImageConfig(
        created, newAuthor, architecture, os, osVersion, variant, config, rootfs, history, unknown);
  }

  public ImageConfig withHistory(List<HistoryEntry> newHistory) {
    return new ImageConfig(
        created, author, architecture, os, osVersion, variant, config, rootfs, newHistory, unknown);
  }

  /** A copy with one more layer: its DiffID and the history step that made it. */
  public ImageConfig withLayer(Digest diffId, HistoryEntry step) {
    List<HistoryEntry> h = new ArrayList<>(history);
    h.add(step);
    return new ImageConfig(
        created,
        author,
        architecture,
        os,
        osVersion,
        variant,
        config,
        rootfs.withDiffId(diffId),
        h,
        unknown);
  }

  /** A copy with one more history step that made no layer (ENV, CMD, …). */
  public ImageConfig withEmptyLayerStep(HistoryEntry step) {
    List<HistoryEntry> h = new ArrayList<>(history);
    h.add(step);
    return withHistory(h);
  }

  public ObjectNode toJson() {
    ObjectNode o = CanonicalJson.object();
    JsonFields.put(o, "created", created);
    JsonFields.put(o, "author", author);
    o.put("architecture", architecture);
    o.put("os", os);
    JsonFields.put(o, "os.version", osVersion);
    JsonFields.put(o, "variant", variant);
    o.set("config", config.toJson());
    o.set("rootfs", rootfs.toJson());
    if (!history.isEmpty()) {
      ArrayNode a = o.putArray("history");
      history.forEach(h -> a.add(h.toJson()));
    }
    unknown.writeTo(o);
    return o;
  }

  /** The canonical bytes; the image ID is their digest. */
  public byte[] toBytes() {
    return CanonicalJson.bytes(toJson());
  }

  public Digest digest() {
    return Digest.sha256(toBytes());
  }
}
