/**
 * Image and layer storage in the on-disk format of containers/storage's overlay driver, so that
 * podman, buildah and CRI-O stores serve as read-only additional stores and podman reads the stores
 * we write.
 *
 * <p>Layout under a graph root (modes as the driver creates them):
 *
 * <pre>
 * overlay/                     0700
 *   l/                         0755  LINK -> ../&lt;layer id&gt;/diff (26 upper-case base32 chars)
 *   &lt;layer id&gt;/               0700
 *     diff/                    the layer's content; whiteouts as 0/0 char devices (or .wh.)
 *     link                     0644  its LINK name, no newline
 *     lower                    0644  "l/LINK:l/LINK…" of all lower layers, nearest first
 *     empty/ work/ merged/     0700  empty/ only for base layers
 * overlay-layers/              0700
 *   layers.json                0600  [{id, parent, created, compressed-diff-digest, …}]
 *   layers.lock                0644  fcntl lock + 64-byte last-write token
 *   &lt;layer id&gt;.tar-split.gz   0600  see {@link dev.stowage.engine.storage.TarSplitWriter}
 * overlay-images/              0700
 *   images.json                0600  [{id, digest, names, names-history, layer, big-data-*, …}]
 *   images.lock                0644
 *   &lt;image id&gt;/               0700  big data: "manifest", "=base64(key)" for other keys
 * stowage-staging/             ours: layer content is extracted here, then renamed into place
 * </pre>
 *
 * <p>Layer ids: a base layer's id is its DiffID hex; a child's is {@code sha256(parentId + "+" +
 * diffIdHex)}. Image ids are the config digest hex; the config is the big data keyed by its own
 * digest, the manifest is kept as {@code manifest} and {@code manifest-<digest>}.
 *
 * <p>Depends only on {@code dev.stowage.engine.image} (for {@code Digest}) and {@code json}. {@code
 * trusted.*} extended attributes need native calls and come from the fs package through {@link
 * dev.stowage.engine.storage.XattrReader}.
 */
package dev.stowage.engine.storage;
