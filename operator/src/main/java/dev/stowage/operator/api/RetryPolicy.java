package dev.stowage.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** How many times infrastructure failures (eviction, node loss) are retried; never build errors. */
public record RetryPolicy(
    @JsonPropertyDescription("Retries after infrastructure failures; default 3.") @Min(0) @Max(10)
        Integer infrastructureFailures) {}
