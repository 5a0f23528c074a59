package dev.stowage.engine.parity;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The differences between two image listings, grouped (files, layers, config, history) and phrased
 * for a failing test: which side has what, field by field.
 */
public final class ParityDiff {

  private static final int MAX_LINES_PER_GROUP = 60;

  private final String left;
  private final String right;
  private final List<String> files;
  private final List<String> layers;
  private final List<String> config;
  private final List<String> history;

  private ParityDiff(
      String left,
      String right,
      List<String> files,
      List<String> layers,
      List<String> config,
      List<String> history) {
    this.left = left;
    this.right = right;
    this.files = List.copyOf(files);
    this.layers = List.copyOf(layers);
    this.config = List.copyOf(config);
    this.history = List.copyOf(history);
  }

  /** Compares {@code a} (called {@code leftName}) with {@code b} (called {@code rightName}). */
  public static ParityDiff between(
      String leftName, ImageListing a, String rightName, ImageListing b) {
    return new ParityDiff(
        leftName,
        rightName,
        compareFiles(leftName, a.files(), rightName, b.files()),
        compareLayers(leftName, a, rightName, b),
        compareConfig(leftName, a.config(), rightName, b.config()),
        compareHistory(leftName, a, rightName, b));
  }

  /** Differences of the final filesystems. */
  public List<String> files() {
    return files;
  }

  /** Differences in layer count and in what each layer does (see {@link LayerEffect}). */
  public List<String> layers() {
    return layers;
  }

  /** Differences of the config fields. */
  public List<String> config() {
    return config;
  }

  /** Differences of the normalised history. */
  public List<String> history() {
    return history;
  }

  /**
   * Every difference as one line prefixed by its group ({@code files: }, {@code layers: }, {@code
   * config: }, {@code history: }), the format of the suite's known-differences files.
   */
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    files.forEach(line -> out.add("files: " + line));
    layers.forEach(line -> out.add("layers: " + line));
    config.forEach(line -> out.add("config: " + line));
    history.forEach(line -> out.add("history: " + line));
    return out;
  }

  public boolean isEmpty() {
    return files.isEmpty() && layers.isEmpty() && config.isEmpty() && history.isEmpty();
  }

  /** All differences as a readable report, empty when there are none. */
  public String explain() {
    if (isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder(left + " vs " + right + ":\n");
    group(out, "final filesystem", files);
    group(out, "layers", layers);
    group(out, "config", config);
    group(out, "history", history);
    return out.toString();
  }

  @Override
  public String toString() {
    return isEmpty() ? "no differences" : explain();
  }

  private static void group(StringBuilder out, String title, List<String> lines) {
    if (lines.isEmpty()) {
      return;
    }
    out.append("  ").append(title).append(" (").append(lines.size()).append("):\n");
    lines.stream()
        .limit(MAX_LINES_PER_GROUP)
        .forEach(line -> out.append("    ").append(line).append('\n'));
    if (lines.size() > MAX_LINES_PER_GROUP) {
      out.append("    … ").append(lines.size() - MAX_LINES_PER_GROUP).append(" more\n");
    }
  }

  static List<String> compareFiles(
      String leftName,
      SortedMap<String, FileEntry> a,
      String rightName,
      SortedMap<String, FileEntry> b) {
    List<String> out = new ArrayList<>();
    TreeSet<String> paths = new TreeSet<>(a.keySet());
    paths.addAll(b.keySet());
    for (String path : paths) {
      FileEntry x = a.get(path);
      FileEntry y = b.get(path);
      if (y == null) {
        out.add("only in " + leftName + ": " + x);
      } else if (x == null) {
        out.add("only in " + rightName + ": " + y);
      } else if (!x.equals(y)) {
        out.add("/" + path + ": " + fieldDifferences(leftName, x, rightName, y));
      }
    }
    return out;
  }

  private static String fieldDifferences(
      String leftName, FileEntry x, String rightName, FileEntry y) {
    List<String> out = new ArrayList<>();
    field(out, "type", x, y, FileEntry::type);
    field(out, "mode", x, y, e -> String.format("%04o", e.mode()));
    field(out, "owner", x, y, e -> e.uid() + ":" + e.gid());
    field(out, "size", x, y, FileEntry::size);
    field(out, "sha256", x, y, FileEntry::sha256);
    field(out, "link", x, y, FileEntry::linkTarget);
    field(out, "hardlink", x, y, FileEntry::hardlinkTo);
    field(out, "device", x, y, FileEntry::device);
    field(out, "opaque", x, y, FileEntry::opaque);
    field(out, "xattrs", x, y, FileEntry::xattrs);
    return String.join(", ", out) + " (" + leftName + " vs " + rightName + ")";
  }

  private static void field(
      List<String> out, String name, FileEntry x, FileEntry y, Function<FileEntry, Object> get) {
    Object a = get.apply(x);
    Object b = get.apply(y);
    if (!Objects.equals(a, b)) {
      out.add(name + " " + a + " ≠ " + b);
    }
  }

  private static List<String> compareLayers(
      String leftName, ImageListing a, String rightName, ImageListing b) {
    List<String> out = new ArrayList<>();
    if (a.layerCount() != b.layerCount()) {
      out.add(
          "%s has %d layers, %s has %d"
              .formatted(leftName, a.layerCount(), rightName, b.layerCount()));
    }
    List<LayerEffect> x = a.effects();
    List<LayerEffect> y = b.effects();
    for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
      int layer = i;
      for (String change :
          compareFiles(leftName, x.get(i).changed(), rightName, y.get(i).changed())) {
        out.add("layer " + i + " changes " + change);
      }
      TreeSet<String> onlyLeft = new TreeSet<>(x.get(i).removed());
      onlyLeft.removeAll(y.get(i).removed());
      TreeSet<String> onlyRight = new TreeSet<>(y.get(i).removed());
      onlyRight.removeAll(x.get(i).removed());
      onlyLeft.forEach(p -> out.add("layer " + layer + " removes /" + p + " only in " + leftName));
      onlyRight.forEach(
          p -> out.add("layer " + layer + " removes /" + p + " only in " + rightName));
    }
    return out;
  }

  private static List<String> compareConfig(
      String leftName, ConfigFields a, String rightName, ConfigFields b) {
    List<String> out = new ArrayList<>();
    var components = ConfigFields.class.getRecordComponents();
    for (var component : components) {
      try {
        Object x = component.getAccessor().invoke(a);
        Object y = component.getAccessor().invoke(b);
        if (!Objects.equals(x, y)) {
          out.add("%s: %s=%s, %s=%s".formatted(component.getName(), leftName, x, rightName, y));
        }
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read config field " + component.getName(), e);
      }
    }
    return out;
  }

  private static List<String> compareHistory(
      String leftName, ImageListing a, String rightName, ImageListing b) {
    List<String> out = new ArrayList<>();
    int steps = Math.max(a.history().size(), b.history().size());
    for (int i = 0; i < steps; i++) {
      HistoryLine x = i < a.history().size() ? a.history().get(i) : null;
      HistoryLine y = i < b.history().size() ? b.history().get(i) : null;
      if (!Objects.equals(x, y)) {
        out.add("step %d: %s=%s, %s=%s".formatted(i, leftName, x, rightName, y));
      }
    }
    return out;
  }
}
