/**
 * Layer tarballs: {@link dev.stowage.engine.archive.LayerWriter} writes reproducible PAX layers
 * (from a tree, an overlay upper directory, or {@link dev.stowage.engine.archive.Changes}) and
 * hashes DiffID and digest in the same pass; {@link dev.stowage.engine.archive.LayerExtractor}
 * applies a layer with OCI whiteout semantics or records it as an overlay {@code diff/}, refusing
 * hostile entries; {@link dev.stowage.engine.archive.Snapshot} and {@link
 * dev.stowage.engine.archive.TreeDiff} find what a RUN step changed for the native driver.
 *
 * <p>Depends on {@code engine.fs} and {@code engine.image} (for {@code Digest}) only.
 */
package dev.stowage.engine.archive;
