package dev.stowage.engine.containerfile.instruction;

import dev.stowage.engine.containerfile.Location;

/** {@code CMD}; never expanded by the builder. */
public record CmdInstruction(Location location, String original, CommandLine command)
    implements Instruction {}
