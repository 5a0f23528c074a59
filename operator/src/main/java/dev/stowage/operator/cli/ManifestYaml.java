package dev.stowage.operator.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/** Writes Kubernetes objects as a stable multi-document YAML stream (sorted map keys). */
final class ManifestYaml {

  private static final ObjectMapper YAML =
      new ObjectMapper(
              new YAMLFactory()
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                  .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                  .disable(YAMLGenerator.Feature.SPLIT_LINES))
          .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
          .setSerializationInclusion(JsonInclude.Include.NON_EMPTY);

  private ManifestYaml() {}

  /** Each object as one document, starting with {@code ---}. */
  static String write(List<? extends HasMetadata> objects) {
    StringBuilder out = new StringBuilder();
    for (HasMetadata object : objects) {
      try {
        out.append(YAML.writeValueAsString(object));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot write " + object.getKind(), e);
      }
    }
    return out.toString();
  }
}
