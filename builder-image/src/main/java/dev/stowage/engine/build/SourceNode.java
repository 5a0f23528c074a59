package dev.stowage.engine.build;

import java.nio.file.Path;

/**
 * One entry of a COPY/ADD source tree, in walk order (a directory before its contents).
 *
 * @param relative the path below the source's top ({@code ""} for the top itself)
 * @param file where to read it on the host; never followed if it is a symlink
 */
record SourceNode(String relative, Path file) {}
