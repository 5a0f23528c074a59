package dev.stowage.operator.pod;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.stowage.operator.api.ImageBuildSpec;
import dev.stowage.operator.config.OperatorConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Hash of everything that defines a build: the spec and the operator settings that shape pods. */
public final class Revision {

  private static final ObjectMapper CANONICAL =
      new ObjectMapper()
          .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
          .configure(
              com.fasterxml.jackson.databind.MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true);

  private Revision() {}

  /** Lower-case hex SHA-256 of the canonical JSON of the spec plus the pod-shaping settings. */
  public static String of(ImageBuildSpec spec, OperatorConfig config) {
    try {
      String json =
          CANONICAL.writeValueAsString(spec)
              + "\n"
              + config.builderImage()
              + "\n"
              + config.securityMode()
              + "\n"
              + config.fuse();
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(json.getBytes(StandardCharsets.UTF_8)));
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot hash ImageBuild spec", e);
    }
  }
}
