/**
 * The image model: references, digests, descriptors, manifests, indexes and configs as immutable
 * values that validate when built and write canonical JSON. Depends only on {@code json}.
 */
package dev.stowage.engine.image;
