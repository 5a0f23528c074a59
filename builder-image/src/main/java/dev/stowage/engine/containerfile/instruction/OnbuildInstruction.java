package dev.stowage.engine.containerfile.instruction;

import dev.stowage.engine.containerfile.Location;

/**
 * {@code ONBUILD <instruction>}: recorded in the image config, run by builds that use it as base.
 *
 * @param triggerText the wrapped instruction as written, the form stored in the image config
 * @param trigger the wrapped instruction, parsed (not expanded: that happens in the child build)
 */
public record OnbuildInstruction(
    Location location, String original, String triggerText, Instruction trigger)
    implements Instruction {}
