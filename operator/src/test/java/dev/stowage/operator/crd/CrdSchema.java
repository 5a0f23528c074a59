package dev.stowage.operator.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The generated CRD's openAPIV3Schema as an offline validator: structural checks (type, required,
 * enum, pattern, limits) plus every {@code x-kubernetes-validations} rule evaluated with CEL, the
 * way the API server applies them (self = the object the rule is attached to).
 */
final class CrdSchema {

  /** A CEL rule and the schema path it is attached to. */
  record Rule(String path, String expression, String message) {}

  /** One failed check: the value's path and what failed (the rule's message for CEL). */
  record Error(String path, String message, Rule rule) {}

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final JsonNode schema;
  private final Cel cel =
      CelFactory.standardCelBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("self", SimpleType.DYN)
          .addCompilerLibraries(CelExtensions.strings())
          .addRuntimeLibraries(CelExtensions.strings())
          .build();
  private final Map<String, CelAbstractSyntaxTree> compiled = new HashMap<>();

  private CrdSchema(JsonNode schema) {
    this.schema = schema;
  }

  /** The directory of the generated CRDs, set by the pom. */
  static Path generatedDir() {
    return Path.of(System.getProperty("stowage.generatedCrds"));
  }

  static CrdSchema load() {
    try {
      JsonNode crd =
          YAML.readTree(generatedDir().resolve("imagebuilds.stowage.dev-v1.yml").toFile());
      JsonNode version = crd.at("/spec/versions/0");
      return new CrdSchema(version.at("/schema/openAPIV3Schema"));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the generated CRD", e);
    }
  }

  /** Every CEL rule of the schema, in document order. */
  List<Rule> rules() {
    List<Rule> rules = new ArrayList<>();
    collectRules(schema, "", rules);
    return rules;
  }

  private static void collectRules(JsonNode node, String path, List<Rule> out) {
    for (JsonNode rule : node.path("x-kubernetes-validations")) {
      out.add(new Rule(path, rule.get("rule").asText(), rule.get("message").asText()));
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.path("properties").fields();
        it.hasNext(); ) {
      var e = it.next();
      collectRules(e.getValue(), join(path, e.getKey()), out);
    }
    if (node.has("items")) {
      collectRules(node.get("items"), path + "[*]", out);
    }
    if (node.path("additionalProperties").isObject()) {
      collectRules(node.get("additionalProperties"), path + "[*]", out);
    }
  }

  /** Compiles {@code expression}; a rule the API server would reject fails here too. */
  CelAbstractSyntaxTree compile(String expression) {
    return compiled.computeIfAbsent(
        expression,
        e -> {
          try {
            return cel.compile(e).getAst();
          } catch (CelValidationException ex) {
            throw new IllegalStateException("CEL rule does not compile: " + e, ex);
          }
        });
  }

  /** Every error of {@code object} (a whole ImageBuild) against the schema. */
  List<Error> validate(JsonNode object) {
    List<Error> errors = new ArrayList<>();
    check(schema, object, "", errors);
    return errors;
  }

  private void check(JsonNode s, JsonNode value, String path, List<Error> out) {
    if (value == null || value.isNull()) {
      return;
    }
    String type = s.path("type").asText("");
    boolean intOrString = s.path("x-kubernetes-int-or-string").asBoolean(false);
    if (!intOrString && !type.isEmpty() && !hasType(value, type)) {
      out.add(new Error(path, "must be of type " + type, null));
      return;
    }
    if (s.has("enum")) {
      boolean found = false;
      for (JsonNode allowed : s.get("enum")) {
        found |= allowed.asText().equals(value.asText());
      }
      if (!found) {
        out.add(new Error(path, "unsupported value " + value, null));
      }
    }
    if (s.has("pattern")
        && value.isTextual()
        && !Pattern.compile(s.get("pattern").asText()).matcher(value.asText()).find()) {
      out.add(new Error(path, "should match " + s.get("pattern").asText(), null));
    }
    if (s.has("maxLength")
        && value.isTextual()
        && value.asText().codePointCount(0, value.asText().length()) > s.get("maxLength").asInt()) {
      out.add(new Error(path, "too long", null));
    }
    if (s.has("minimum") && value.isNumber() && value.asDouble() < s.get("minimum").asDouble()) {
      out.add(new Error(path, "should be greater than or equal to " + s.get("minimum"), null));
    }
    if (s.has("maximum") && value.isNumber() && value.asDouble() > s.get("maximum").asDouble()) {
      out.add(new Error(path, "should be less than or equal to " + s.get("maximum"), null));
    }
    if (s.has("maxItems") && value.isArray() && value.size() > s.get("maxItems").asInt()) {
      out.add(new Error(path, "too many items", null));
    }
    if (s.has("maxProperties")
        && value.isObject()
        && value.size() > s.get("maxProperties").asInt()) {
      out.add(new Error(path, "too many properties", null));
    }
    for (JsonNode required : s.path("required")) {
      if (!value.has(required.asText()) || value.get(required.asText()).isNull()) {
        out.add(new Error(join(path, required.asText()), "Required value", null));
      }
    }
    if (value.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        var e = it.next();
        JsonNode child = s.path("properties").get(e.getKey());
        if (child == null && s.path("additionalProperties").isObject()) {
          child = s.get("additionalProperties");
        }
        // Unknown fields are pruned by the API server, not rejected.
        if (child != null) {
          check(child, e.getValue(), join(path, e.getKey()), out);
        }
      }
    }
    if (value.isArray() && s.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        check(s.get("items"), value.get(i), path + "[" + i + "]", out);
      }
    }
    // Like the API server, CEL rules only run on values that passed the structural checks.
    if (out.stream().noneMatch(e -> e.path().startsWith(path))) {
      for (JsonNode rule : s.path("x-kubernetes-validations")) {
        Rule r = new Rule(path, rule.get("rule").asText(), rule.get("message").asText());
        if (!evaluate(r, value)) {
          out.add(new Error(path, r.message(), r));
        }
      }
    }
  }

  /** Evaluates {@code rule} with {@code self} bound to {@code value}. */
  boolean evaluate(Rule rule, JsonNode value) {
    try {
      Object result =
          cel.createProgram(compile(rule.expression())).eval(Map.of("self", toCel(value)));
      if (!(result instanceof Boolean b)) {
        throw new IllegalStateException("rule is not boolean: " + rule.expression());
      }
      return b;
    } catch (CelEvaluationException e) {
      throw new IllegalStateException("cannot evaluate " + rule.expression() + " on " + value, e);
    }
  }

  private static Object toCel(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields().forEachRemaining(e -> map.put(e.getKey(), toCel(e.getValue())));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(n -> list.add(toCel(n)));
      return list;
    }
    if (node.isIntegralNumber()) {
      return node.longValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    return node.asText();
  }

  private static boolean hasType(JsonNode value, String type) {
    return switch (type) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber();
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      default -> true;
    };
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
