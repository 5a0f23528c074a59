package dev.stowage.engine.containerfile.instruction;

import dev.stowage.engine.containerfile.Location;

/** {@code ENTRYPOINT}; never expanded by the builder. {@code ENTRYPOINT []} clears it. */
public record EntrypointInstruction(Location location, String original, CommandLine command)
    implements Instruction {}
