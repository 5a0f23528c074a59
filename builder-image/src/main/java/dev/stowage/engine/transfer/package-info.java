/**
 * Moving images between registries, our store and archives: {@link
 * dev.stowage.engine.transfer.ImagePuller} (registry → store), {@link
 * dev.stowage.engine.transfer.ImagePusher} (store → registry, OCI layout or docker archive), {@link
 * dev.stowage.engine.transfer.OciArchiveExporter} (store → {@code oci:} / {@code docker-archive:})
 * and {@link dev.stowage.engine.transfer.RootfsImporter} (rootfs tarball or directory → store).
 *
 * <p>Depends on {@code image}, {@code registry}, {@code storage}, {@code archive} and {@code json};
 * never on {@code cli} or {@code containerfile}.
 */
package dev.stowage.engine.transfer;
