#!/usr/bin/env bash
# Creates, once, the base image rootfs tarballs the engine's parity tests and benchmarks use:
#   debian-bookworm-minbase.tar  debootstrap --variant=minbase, from the machine's Debian mirror
#   busybox-static-v2.tar        busybox-static, one symlink per applet, passwd/group, /tmp, /run
# in ${STOWAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/stowage} (outside the repository, so reruns
# on the same machine reuse them) and prints their paths, one a line: debian first, then busybox.
# Tarballs are numeric-owner PAX archives with xattrs, written atomically under a lock so parallel
# callers wait for the first one instead of racing. Needs root (debootstrap, device-free chroot).
# Options: --busybox-only  skip the Debian tarball (no network needed at all).
#          --builder-base  only the base of the builder image (prints its path alone): minbase
#                          plus what the engine runs (fuse-overlayfs, CA certificates), without
#                          apt, docs, man pages, translations and setuid bits; see make_builder_base.
set -euo pipefail

cache=${STOWAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/stowage}
debian_tar="$cache/debian-bookworm-minbase.tar"
# bump a name when its content changes: cached files are never rebuilt
busybox_tar="$cache/busybox-static-v2.tar"
busybox_only=false
builder_base=false
for arg in "$@"; do
  case "$arg" in
    --busybox-only) busybox_only=true ;;
    --builder-base) builder_base=true ;;
    *) echo "base-image.sh: unknown argument $arg" >&2; exit 2 ;;
  esac
done

# The builder image's base. The engine runs fuse-overlayfs (overlay driver), util-linux's unshare
# and nsenter (user namespaces; util-linux is in minbase) and a Java runtime of its own (added by
# the image build); CA certificates serve TLS clients other than the JVM, which has its own.
builder_include=(fuse-overlayfs ca-certificates)
# Not needed at run time, removed with dpkg so its database stays consistent (scanners read it):
# apt and what only apt uses (the image is rebuilt, not upgraded in place: add packages above),
# e2fsprogs, and tzdata (the JVM has its own time zone data).
builder_purge=(apt libapt-pkg6.0 gpgv debian-archive-keyring libstdc++6 libgnutls30 libp11-kit0
  libtasn1-6 libidn2-0 libunistring2 libnettle8 libhogweed6 libffi8 libxxhash0 libseccomp2
  e2fsprogs logsave libext2fs2 libss2 tzdata)
# Must exist in the result.
builder_needs=(usr/bin/fuse-overlayfs usr/bin/unshare usr/bin/nsenter usr/bin/mount usr/bin/umount
  usr/lib/locale/C.utf8 etc/ssl/certs/ca-certificates.crt)

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
  find "$root/var/cache/apt" "$root/var/lib/apt/lists" -type f -delete
  rm -f "$root"/var/log/{dpkg.log,alternatives.log,bootstrap.log} "$root"/var/log/apt/*
  scrub_rootfs "$root"
  write_tar "$root" "$debian_tar"
}

# Like the official debian images: no device nodes, no host identity; the files RUN steps get
# bind-mounted exist so those mounts leave no trace in layers.
scrub_rootfs() {
  local root=$1
  find "$root/dev" -mindepth 1 -delete
  : >"$root/etc/resolv.conf"
  echo stowage >"$root/etc/hostname"
  printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$root/etc/hosts"
  chmod 0644 "$root"/etc/{resolv.conf,hostname,hosts}
}

# The cache name of the builder base follows its recipe: editing the lists or this function
# makes a new tarball instead of reusing a stale one.
builder_tar() {
  local recipe
  recipe=$({ declare -p builder_include builder_purge builder_needs; declare -f make_builder_base scrub_rootfs; } |
    sha256sum | cut -c1-12)
  echo "$cache/debian-bookworm-builder-$recipe.tar"
}

make_builder_base() {
  local work=$1 target=$2 mirror root="$1/builder" include need
  command -v debootstrap >/dev/null || die "debootstrap is not installed (apt-get install debootstrap)"
  mirror=$(debian_mirror)
  include=$(IFS=,; echo "${builder_include[*]}")
  echo "base-image.sh: debootstrap --variant=minbase --include=$include bookworm from $mirror (once)" >&2
  if ! debootstrap --variant=minbase --merged-usr --include="$include" bookworm "$root" "$mirror" \
    >"$work/debootstrap.log" 2>&1; then
    tail -n 30 "$work/debootstrap.log" >&2
    die "debootstrap failed (log above)"
  fi
  if ! chroot "$root" dpkg --purge "${builder_purge[@]}" >"$work/purge.log" 2>&1; then
    tail -n 30 "$work/purge.log" >&2
    die "dpkg --purge in the builder base failed (log above): a package still needs one of them"
  fi
  if [ -n "$(chroot "$root" dpkg --audit)" ] ||
    chroot "$root" dpkg-query -W -f='${db:Status-Abbrev}\n' | grep -qv '^ii'; then
    die "the builder base's dpkg database is not clean after the purge"
  fi
  # Files nothing runs: documentation (the copyright files stay), manuals, translations, shell
  # completion, caches, logs, backups of the dpkg and debconf databases.
  find "$root/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete
  find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete
  rm -rf "$root"/usr/share/{man,info,locale,lintian,linda,bash-completion} \
    "$root"/var/cache/apt "$root"/var/lib/apt "$root"/var/cache/ldconfig/aux-cache \
    "$root"/var/cache/debconf/*-old "$root"/var/lib/dpkg/*-old
  find "$root/var/log" -type f -delete
  # The engine runs as root and never relies on setuid (pods set allowPrivilegeEscalation: false).
  find "$root" -xdev -type f -perm /6000 -exec chmod ug-s {} +
  scrub_rootfs "$root"
  for need in "${builder_needs[@]}"; do
    [ -e "$root/$need" ] || die "the builder base lacks /$need"
  done
  write_tar "$root" "$target"
}

mkdir -p "$cache"
exec 9>"$cache/base-image.lock"
flock 9
if $builder_base; then
  target=$(builder_tar)
  if [ ! -s "$target" ]; then
    [ "$(id -u)" = 0 ] || die "needs root to create the builder base (debootstrap, chroot)"
    work=$(mktemp -d "$cache/work.XXXXXX")
    trap 'rm -rf "$work"' EXIT
    make_builder_base "$work" "$target"
  fi
  echo "$target"
  exit 0
fi
if [ ! -s "$busybox_tar" ] || { ! $busybox_only && [ ! -s "$debian_tar" ]; }; then
  [ "$(id -u)" = 0 ] || die "needs root to create the rootfs tarballs (owners, devices)"
  work=$(mktemp -d "$cache/work.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  [ -s "$busybox_tar" ] || make_busybox "$work"
  $busybox_only || [ -s "$debian_tar" ] || make_debian "$work"
fi
$busybox_only || echo "$debian_tar"
echo "$busybox_tar"
