#!/usr/bin/env bash
# The main job: package Stowage, then build the example context with the stowage engine on its
# embedded defaults (store under /var/lib/stowage when root). No network: the base image is
# imported from the host's busybox-static (apt-get install busybox-static).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export JAVA_HOME=${JAVA_HOME_25:-/usr/lib/jvm/temurin-25-jdk-amd64}
export PATH="$JAVA_HOME/bin:$PATH"
./mvnw -q -B -ntp -DskipTests package
stowage=builder-image/src/main/sh/stowage

if ! "$stowage" inspect localhost/busybox:latest >/dev/null 2>&1; then
  busybox=$(command -v busybox || true)
  if [ -z "$busybox" ] || ! file -L "$busybox" 2>/dev/null | grep -q "statically linked"; then
    busybox=/bin/busybox
  fi
  [ -x "$busybox" ] || { echo "Error: no busybox; run: apt-get install busybox-static" >&2; exit 4; }
  rootfs=$(mktemp -d)
  trap 'rm -rf "$rootfs"' EXIT
  mkdir -p "$rootfs/bin" "$rootfs/tmp" "$rootfs/etc"
  cp "$busybox" "$rootfs/bin/busybox"
  for applet in sh cat echo ls mkdir tr uname id rm cp mv; do ln -s busybox "$rootfs/bin/$applet"; done
  echo "root:x:0:0:root:/root:/bin/sh" >"$rootfs/etc/passwd"
  echo "root:x:0:" >"$rootfs/etc/group"
  "$stowage" import "$rootfs" localhost/busybox:latest
fi

"$stowage" build -t localhost/hello:latest "${1:-examples/hello}"
"$stowage" images
