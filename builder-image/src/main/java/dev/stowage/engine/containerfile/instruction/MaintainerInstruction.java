package dev.stowage.engine.containerfile.instruction;

import dev.stowage.engine.containerfile.Location;

/** The deprecated {@code MAINTAINER name}; it sets the image author. */
public record MaintainerInstruction(Location location, String original, String maintainer)
    implements Instruction {}
