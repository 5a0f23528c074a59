#!/usr/bin/env bash
# Builds the builder image with stowage itself and writes it as an OCI archive:
#   builder-image/target/stowage-builder.oci.tar   (podman load -i …, skopeo inspect oci-archive:…)
# Steps: the cached base rootfs (scripts/base-image.sh --builder-base: debootstrap once per
# machine), a jlinked Java runtime, then `stowage import` + `stowage build --pull=never` of
# builder-image/Containerfile in a scratch store under target/, exported with --output oci-archive
# at gzip level 9 (written once, pulled by every node; pushes default to the fastest level).
# Run by `./mvnw -pl builder-image -am -Pimage package` after the shaded jar exists. Needs root.
#
# Environment:
#   STOWAGE_IMAGE_NAME  the name in the archive (default ghcr.io/stowage/stowage-builder:0.1.0,
#                       the operator's default builderImage)
#   SOURCE_DATE_EPOCH   image and file times (default: the last commit's time, else 2025-01-01)
#   JAVA_HOME           the JDK that runs the build and is jlinked (Java 25)
#   STOWAGE_JLINK_COMPRESS  jlink --compress value (default zip-0: the layer's gzip does better)
#   STOWAGE_KEEP_IMAGE_WORK=1  keep target/image/ (store, context) for a look afterwards
set -euo pipefail

module=$(cd "$(dirname "$0")/../.." && pwd)
repo=$(cd "$module/.." && pwd)
target="$module/target"
jar="$target/stowage.jar"
archive="$target/stowage-builder.oci.tar"
work="$target/image"
name=${STOWAGE_IMAGE_NAME:-ghcr.io/stowage/stowage-builder:0.1.0}
base_name=localhost/stowage/builder-base:bookworm
java_home=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
compress=${STOWAGE_JLINK_COMPRESS:-zip-0}

die() {
  echo "build-image.sh: $*" >&2
  exit 1
}
step() {
  echo "build-image.sh: $* ($((SECONDS - start))s)" >&2
}
start=$SECONDS

[ "$(id -u)" = 0 ] || die "needs root: stowage build runs RUN steps under chroot isolation"
[ -f "$jar" ] || die "$jar is missing: run ./mvnw -pl builder-image package first"
[ -x "$java_home/bin/jlink" ] && [ -x "$java_home/bin/jdeps" ] ||
  die "no jlink/jdeps in $java_home: set JAVA_HOME to a Java 25 JDK"

if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then
  epoch=$SOURCE_DATE_EPOCH
elif epoch=$(git -C "$repo" log -1 --format=%ct 2>/dev/null) && [ -n "$epoch" ]; then
  :
else
  epoch=1735689600
fi

# The base rootfs tarball, made once per machine and cached outside the repository.
base_tar=$(bash "$repo/scripts/base-image.sh" --builder-base)
step "base $base_tar"

rm -rf "$work"
context="$work/context"
store="$work/store"
mkdir -p "$context"

# The runtime: the modules jdeps finds in the shaded jar, less java.desktop, which only optional
# code paths name (Jackson's java.beans support, commons-compress pack200, commons-lang3); the
# engine's own tests run the image, so a module missed here fails them.
modules=$("$java_home/bin/jdeps" --ignore-missing-deps --print-module-deps --multi-release 25 "$jar")
modules=$(echo "$modules" | tr ',' '\n' | grep -vx 'java.desktop' | paste -sd, -)
step "jlink $modules"
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --compress="$compress" --output "$context/java"
install -m 0644 "$jar" "$context/stowage.jar"
install -m 0755 "$module/src/main/sh/stowage" "$context/stowage"
# COPY keeps file times; equal times here and in the exported layers (clamped to the same epoch)
# keep the jar's time what the AOT cache recorded, and make the layers reproducible.
find "$context" -exec touch -h -d "@$epoch" {} +

stowage() {
  STOWAGE_JAR="$jar" JAVA_HOME="$java_home" STOWAGE_STORAGE_ROOT="$store" \
    STOWAGE_ADDITIONAL_STORES='' bash "$module/src/main/sh/stowage" "$@"
}
step "import $base_name"
stowage import "$base_tar" "$base_name" >"$work/import.log" || {
  cat "$work/import.log" >&2
  die "stowage import failed"
}
step "build $name"
SOURCE_DATE_EPOCH=$epoch stowage build --pull=never --no-cache --timestamp "$epoch" \
  --build-arg "BASE=$base_name" -f "$module/Containerfile" -t "$name" \
  --compression-level 9 --output "oci-archive:$archive:$name" "$context"
step "wrote $archive ($(du -h "$archive" | cut -f1))"
if [ "${STOWAGE_KEEP_IMAGE_WORK:-}" != 1 ]; then
  rm -rf "$work"
fi
