package dev.stowage.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

/** A context written inline: the Containerfile plus small files keyed by relative path. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InlineSource(
    @Required @JsonPropertyDescription("Text of the Containerfile.") String containerfile,
    @JsonPropertyDescription(
            "Further files of the context: relative path to content. The whole inline source"
                + " travels in a pod annotation and must stay under 128 KiB.")
        Map<String, String> files) {}
