package dev.stowage.operator.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The objects of one {@code helm template} run, parsed, with typed lookups. */
final class RenderedChart {

  static final YAMLMapper YAML = new YAMLMapper();
  private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();

  private final String text;
  private final List<JsonNode> documents;

  private RenderedChart(String text, List<JsonNode> documents) {
    this.text = text;
    this.documents = documents;
  }

  /** Renders the chart as release "stowage" in namespace "stowage-system" with extra flags. */
  static RenderedChart render(Helm helm, ChartLocation location, String... flags) {
    List<String> args = new ArrayList<>(templateArgs(location));
    args.addAll(List.of(flags));
    return parse(helm.succeed(args));
  }

  /** The arguments of the canonical {@code helm template} call (the golden file's). */
  static List<String> templateArgs(ChartLocation location) {
    return List.of(
        "template",
        ChartLocation.RELEASE,
        location.chart().toString(),
        "--namespace",
        ChartLocation.NAMESPACE);
  }

  static RenderedChart parse(String text) {
    List<JsonNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(text)) {
      while (it.hasNext()) {
        JsonNode node = it.next();
        if (node != null && !node.isNull() && !node.isMissingNode() && !node.isEmpty()) {
          documents.add(node);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("helm template printed invalid YAML", e);
    }
    return new RenderedChart(text, List.copyOf(documents));
  }

  String text() {
    return text;
  }

  List<JsonNode> documents() {
    return documents;
  }

  Stream<JsonNode> ofKind(String kind) {
    return documents.stream().filter(d -> kind.equals(d.path("kind").asText()));
  }

  /** Every object of a kind, as the fabric8 model class. */
  <T extends HasMetadata> List<T> all(String kind, Class<T> type) {
    return ofKind(kind).map(d -> KUBERNETES.convertValue(d, type)).toList();
  }

  /** The single object of a kind; fails if there is none or more than one. */
  <T extends HasMetadata> T one(String kind, Class<T> type) {
    List<T> found = all(kind, type);
    if (found.size() != 1) {
      throw new AssertionError("expected exactly one " + kind + ", found " + found.size());
    }
    return found.getFirst();
  }

  /** The object of a kind with a name; fails if absent. */
  <T extends HasMetadata> T named(String kind, String name, Class<T> type) {
    return all(kind, type).stream()
        .filter(o -> name.equals(o.getMetadata().getName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
  }
}
