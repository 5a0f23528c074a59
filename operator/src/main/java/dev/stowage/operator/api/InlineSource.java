package dev.stowage.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

/** A context written inline: the Containerfile plus small files keyed by relative path. */
public record InlineSource(
    @Required @JsonPropertyDescription("Text of the Containerfile.") String containerfile,
    @JsonPropertyDescription("Further files of the context: relative path to content.")
        Map<String, String> files) {}
