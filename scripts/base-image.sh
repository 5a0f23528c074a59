#!/usr/bin/env bash
# Creates, once, the base image rootfs tarballs the engine's parity tests and benchmarks use:
#   debian-bookworm-minbase.tar  debootstrap --variant=minbase, from the machine's Debian mirror
#   busybox-static-v2.tar        busybox-static, one symlink per applet, passwd/group, /tmp, /run
# in ${STOWAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/stowage} (outside the repository, so reruns
# on the same machine reuse them) and prints their paths, one a line: debian first, then busybox.
# Tarballs are numeric-owner PAX archives with xattrs, written atomically under a lock so parallel
# callers wait for the first one instead of racing. Needs root (debootstrap, device-free chroot).
# Options: --busybox-only  skip the Debian tarball (no network needed at all).
set -euo pipefail

cache=${STOWAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/stowage}
debian_tar="$cache/debian-bookworm-minbase.tar"
# bump a name when its content changes: cached files are never rebuilt
busybox_tar="$cache/busybox-static-v2.tar"
busybox_only=false
for arg in "$@"; do
  case "$arg" in
    --busybox-only) busybox_only=true ;;
    *) echo "base-image.sh: unknown argument $arg" >&2; exit 2 ;;
  esac
done

die() {
  echo "base-image.sh: $*" >&2
  exit 1
}

# The first http(s) URI serving Debian bookworm in the apt configuration (deb822 or one-line).
debian_mirror() {
  local f uri
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -e "$f" ] || continue
    uri=$(awk '
      /^[[:space:]]*$/ { if (uri != "" && suite ~ /(^| )bookworm( |$)/ && uri !~ /security/) { print uri; exit } uri=""; suite="" ; next }
      /^URIs:/ { uri=$2 }
      /^Suites:/ { $1=""; suite=$0 " " }
      END { if (uri != "" && suite ~ /(^| )bookworm( |$)/ && uri !~ /security/) print uri }
    ' "$f" | head -n1)
    [ -n "$uri" ] && { echo "$uri"; return; }
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -e "$f" ] || continue
    uri=$(awk '$1 == "deb" && $3 == "bookworm" && $2 !~ /security/ { print $2; exit }' "$f")
    [ -n "$uri" ] && { echo "$uri"; return; }
  done
  die "no Debian bookworm mirror in /etc/apt/sources.list{,.d}; set one up or set STOWAGE_CACHE to a directory holding $(basename "$debian_tar")"
}

# Writes a reproducible-order tar of $1 to $2 via a temporary file in the same directory.
write_tar() {
  local dir=$1 target=$2 tmp
  tmp=$(mktemp "$target.tmp.XXXXXX")
  tar --create --file="$tmp" --directory="$dir" --format=posix --numeric-owner \
    --xattrs --xattrs-include='*' --sort=name \
    --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime .
  chmod 0644 "$tmp"
  mv -f "$tmp" "$target"
}

make_busybox() {
  local work=$1 busybox=""
  for candidate in /usr/bin/busybox /bin/busybox; do
    [ -x "$candidate" ] && { busybox=$candidate; break; }
  done
  [ -n "$busybox" ] || die "busybox-static is not installed (apt-get install busybox-static)"
  local root="$work/busybox"
  mkdir -p "$root"/{bin,etc,root,tmp,proc,sys,dev,run,var}
  chmod 1777 "$root/tmp"
  chmod 0700 "$root/root"
  install -m 0755 "$busybox" "$root/bin/busybox"
  local applet
  for applet in $("$busybox" --list); do
    [ "$applet" = busybox ] || ln -s busybox "$root/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' \
    >"$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
  : >"$root/etc/hosts"
  : >"$root/etc/resolv.conf"
  echo stowage >"$root/etc/hostname"
  chown -R 0:0 "$root"
  write_tar "$root" "$busybox_tar"
}

make_debian() {
  local work=$1 mirror root="$1/debian"
  command -v debootstrap >/dev/null || die "debootstrap is not installed (apt-get install debootstrap)"
  mirror=$(debian_mirror)
  echo "base-image.sh: debootstrap --variant=minbase bookworm from $mirror (a few minutes, once)" >&2
  if ! debootstrap --variant=minbase --merged-usr bookworm "$root" "$mirror" >"$work/debootstrap.log" 2>&1; then
    tail -n 30 "$work/debootstrap.log" >&2
    die "debootstrap failed (log above)"
  fi
  # Like the official debian images: no device nodes, no package caches or lists, no host
  # identity; the files RUN steps get bind-mounted exist so those mounts leave no trace in layers.
  find "$root/dev" -mindepth 1 -delete
  find "$root/var/cache/apt" "$root/var/lib/apt/lists" -type f -delete
  rm -f "$root"/var/log/{dpkg.log,alternatives.log,bootstrap.log} "$root"/var/log/apt/*
  : >"$root/etc/resolv.conf"
  echo stowage >"$root/etc/hostname"
  printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$root/etc/hosts"
  chmod 0644 "$root"/etc/{resolv.conf,hostname,hosts}
  write_tar "$root" "$debian_tar"
}

mkdir -p "$cache"
exec 9>"$cache/base-image.lock"
flock 9
if [ ! -s "$busybox_tar" ] || { ! $busybox_only && [ ! -s "$debian_tar" ]; }; then
  [ "$(id -u)" = 0 ] || die "needs root to create the rootfs tarballs (owners, devices)"
  work=$(mktemp -d "$cache/work.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  [ -s "$busybox_tar" ] || make_busybox "$work"
  $busybox_only || [ -s "$debian_tar" ] || make_debian "$work"
fi
$busybox_only || echo "$debian_tar"
echo "$busybox_tar"
