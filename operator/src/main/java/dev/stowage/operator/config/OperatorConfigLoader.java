package dev.stowage.operator.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.stowage.operator.api.BuildStorage.StorageMode;
import dev.stowage.operator.config.OperatorConfig.FuseConfig;
import dev.stowage.operator.config.OperatorConfig.FuseProvider;
import dev.stowage.operator.config.OperatorConfig.SecurityMode;
import dev.stowage.operator.config.OperatorConfig.StoragePolicy;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads {@link OperatorConfig}: a YAML file whose keys are the record component names (missing keys
 * keep {@link OperatorConfig#standard()}), then {@code STOWAGE_*} environment overrides.
 *
 * <p>The mapping walks the record components, so a new setting is loadable as soon as it exists;
 * unknown keys and malformed values fail with a {@link ConfigException} naming the key.
 */
public final class OperatorConfigLoader {

  /** Where the chart mounts the configuration ConfigMap. */
  public static final Path DEFAULT_FILE = Path.of("/etc/stowage/config.yaml");

  public static final String ENV_BUILDER_IMAGE = "STOWAGE_BUILDER_IMAGE";
  public static final String ENV_SECURITY_MODE = "STOWAGE_SECURITY_MODE";
  public static final String ENV_FUSE_PROVIDER = "STOWAGE_FUSE_PROVIDER";
  public static final String ENV_FUSE_RESOURCE = "STOWAGE_FUSE_RESOURCE";
  public static final String ENV_ALLOWED_STORAGE_MODES = "STOWAGE_ALLOWED_STORAGE_MODES";
  public static final String ENV_ALLOWED_HOST_PATHS = "STOWAGE_ALLOWED_HOST_PATHS";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Map<String, String> environment;

  /** A loader reading overrides from {@code environment} (usually {@code System.getenv()}). */
  public OperatorConfigLoader(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  /**
   * Loads {@code file}, or {@link #DEFAULT_FILE} when absent and that exists, or the standard
   * configuration; then applies the environment.
   */
  public OperatorConfig load(Optional<Path> file) {
    Optional<Path> chosen = file.or(() -> Optional.of(DEFAULT_FILE).filter(Files::isRegularFile));
    OperatorConfig fromFile = chosen.map(this::readFile).orElseGet(OperatorConfig::standard);
    return ConfigChecks.check(applyEnvironment(ConfigChecks.check(fromFile)));
  }

  /** Parses YAML text (no environment applied, but checked). */
  public static OperatorConfig parse(String yaml) {
    return ConfigChecks.check(merge(OperatorConfig.standard(), yaml, "<config>"));
  }

  private OperatorConfig readFile(Path path) {
    String text;
    try {
      text = Files.readString(path);
    } catch (IOException e) {
      throw new ConfigException(path.toString(), "cannot read operator config: " + e, e);
    }
    return merge(OperatorConfig.standard(), text, path.toString());
  }

  private static OperatorConfig merge(OperatorConfig base, String yaml, String origin) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? origin : origin + ":" + e.getLocation().getLineNr();
      throw new ConfigException(where, "not valid YAML: " + e.getOriginalMessage(), e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return base;
    }
    return mergeRecord(OperatorConfig.class, base, root, "");
  }

  private static <R extends Record> R mergeRecord(
      Class<R> type, R base, JsonNode node, String prefix) {
    String where = prefix.isEmpty() ? "<root>" : prefix.substring(0, prefix.length() - 1);
    if (!node.isObject()) {
      throw new ConfigException(where, "expected a mapping, found " + describe(node));
    }
    RecordComponent[] components = type.getRecordComponents();
    Set<String> known =
        Arrays.stream(components).map(RecordComponent::getName).collect(Collectors.toSet());
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!known.contains(name)) {
        throw new ConfigException(
            prefix + name,
            "unknown key (known: "
                + Arrays.stream(components)
                    .map(RecordComponent::getName)
                    .collect(Collectors.joining(", "))
                + ")");
      }
    }
    Object[] values = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      types[i] = c.getType();
      Object current = accessor(c, base);
      JsonNode child = node.get(c.getName());
      values[i] =
          child == null
              ? current
              : convert(c.getGenericType(), current, child, prefix + c.getName());
    }
    try {
      Constructor<R> ctor = type.getDeclaredConstructor(types);
      return ctor.newInstance(values);
    } catch (InvocationTargetException e) {
      throw new ConfigException(where, String.valueOf(e.getCause().getMessage()), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot construct " + type.getName(), e);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object convert(Type type, Object current, JsonNode node, String key) {
    if (type instanceof Class<?> cls) {
      if (node.isNull()) {
        if (cls.isPrimitive() || cls.isRecord()) {
          throw new ConfigException(key, "must not be null");
        }
        return null;
      }
      if (cls == String.class) {
        return scalar(node, key);
      }
      if (cls == int.class || cls == Integer.class) {
        if (!node.canConvertToInt() || !node.isIntegralNumber()) {
          throw new ConfigException(key, "expected an integer, found " + describe(node));
        }
        return node.intValue();
      }
      if (cls.isEnum()) {
        return enumValue((Class<? extends Enum>) cls, scalar(node, key), key);
      }
      if (cls.isRecord()) {
        return mergeRecord((Class<Record>) cls, (Record) current, node, key + ".");
      }
    } else if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
      if (node.isNull()) {
        throw new ConfigException(key, "must not be null; use [] for an empty list");
      }
      Type element = p.getActualTypeArguments()[0];
      List<String> items = list(node, key);
      if (raw == List.class && element == String.class) {
        return List.copyOf(items);
      }
      if (raw == Set.class && element instanceof Class<?> e && e.isEnum()) {
        Set set = EnumSet.noneOf((Class<? extends Enum>) e);
        for (String item : items) {
          set.add(enumValue((Class<? extends Enum>) e, item, key));
        }
        return Set.copyOf(set);
      }
    }
    throw new IllegalStateException("unsupported config type " + type + " at " + key);
  }

  private static String scalar(JsonNode node, String key) {
    if (!node.isValueNode()) {
      throw new ConfigException(key, "expected a single value, found " + describe(node));
    }
    return node.asText();
  }

  private static List<String> list(JsonNode node, String key) {
    if (!node.isArray()) {
      throw new ConfigException(key, "expected a list, found " + describe(node));
    }
    List<String> items = new ArrayList<>();
    for (JsonNode item : node) {
      items.add(scalar(item, key));
    }
    return items;
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String text, String key) {
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equals(text)) {
        return constant;
      }
    }
    throw new ConfigException(
        key,
        "'"
            + text
            + "' is not one of "
            + Arrays.stream(type.getEnumConstants())
                .map(Enum::name)
                .collect(Collectors.joining(", ")));
  }

  private static String describe(JsonNode node) {
    return node.getNodeType() == JsonNodeType.OBJECT
        ? "a mapping"
        : node.getNodeType() == JsonNodeType.ARRAY ? "a list" : "'" + node.asText() + "'";
  }

  private static Object accessor(RecordComponent component, Record record) {
    try {
      return component.getAccessor().invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read " + component, e);
    }
  }

  private OperatorConfig applyEnvironment(OperatorConfig c) {
    String builderImage =
        env(ENV_BUILDER_IMAGE)
            .map(v -> ConfigChecks.builderImage(v, ENV_BUILDER_IMAGE))
            .orElse(c.builderImage());
    SecurityMode securityMode =
        env(ENV_SECURITY_MODE)
            .map(v -> enumValue(SecurityMode.class, v, ENV_SECURITY_MODE))
            .orElse(c.securityMode());
    FuseProvider provider =
        env(ENV_FUSE_PROVIDER)
            .map(v -> enumValue(FuseProvider.class, v, ENV_FUSE_PROVIDER))
            .orElse(c.fuse().provider());
    String resource = env(ENV_FUSE_RESOURCE).orElse(c.fuse().resourceName());
    Set<StorageMode> modes =
        env(ENV_ALLOWED_STORAGE_MODES)
            .map(
                v -> {
                  Set<StorageMode> set = EnumSet.noneOf(StorageMode.class);
                  for (String item : commaList(v)) {
                    set.add(enumValue(StorageMode.class, item, ENV_ALLOWED_STORAGE_MODES));
                  }
                  return Set.copyOf(set);
                })
            .orElse(c.storage().allowedModes());
    List<String> hostPaths =
        env(ENV_ALLOWED_HOST_PATHS)
            .map(v -> ConfigChecks.hostPaths(commaList(v), ENV_ALLOWED_HOST_PATHS))
            .orElse(c.storage().allowedHostPaths());
    return new OperatorConfig(
        builderImage,
        c.builderImagePullPolicy(),
        securityMode,
        new FuseConfig(provider, resource, c.fuse().seccompProfile()),
        new StoragePolicy(modes, hostPaths, c.storage().projectAccessMode()),
        c.defaults());
  }

  private Optional<String> env(String name) {
    return Optional.ofNullable(environment.get(name)).map(String::strip);
  }

  private static List<String> commaList(String value) {
    return List.copyOf(
        new LinkedHashSet<>(
            Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList()));
  }
}
