#!/usr/bin/env bash
# Storage-scenario benchmark: the builder image (`stowage`) against buildah in a container built
# the way of the Red Hat article "Best practices for running Buildah in a container" (Debian
# bookworm + Debian `buildah` + `fuse-overlayfs`, storage.conf with mount_program fuse-overlayfs
# and the additional image store /var/lib/shared, BUILDAH_ISOLATION=chroot). Each build is the
# article's two separate `podman run`s sharing the store: one build, one push to a registry on
# loopback. The article's four storage set-ups:
#   s1  fresh store per build        -v EMPTY:/var/lib/containers             cold (base pulled)
#   s2  host store read-write        -v HOST/storage:/var/lib/containers/storage  cold + warm
#   s3  project store reused         -v PROJECT:/var/lib/containers          cold (pulls) + warm
#   s4  host store read-only as an additional store
#                                    -v HOST/storage:/var/lib/shared:ro -v EMPTY:/var/lib/containers
#                                    cold; base blobs pulled must be 0 and the store unchanged
# cold = first build in that store, warm = the same build again in it (everything cached), each
# followed by its push. "HOST" is a bench-owned podman store holding the base image pulled from
# the registry (never the machine's /var/lib/containers). Both engines get the builder pod's
# build-step flags (read-only root, no_new_privs, every capability dropped but the step's,
# /dev/fuse, podman's default seccomp); buildah gets the least extra it needs to work, found by
# a probe (or BENCH_BUILDAH_FLAGS) and printed. Prints a markdown table (medians, ratio
# stowage/buildah) and writes it with the raw CSV to bench/results/. A script, not a test:
# nothing here asserts a time (it does report a failed check of scenario 4).
#
# Usage: bench/scenarios/run.sh        (root; podman, buildah, skopeo, fuse-overlayfs,
#                                       docker-registry, debootstrap: scripts/tools.sh)
# Env:   BENCH_N=3                     repetitions
#        BENCH_CONTEXTS="small-app big-run"  contexts: small-app, big-run, many-files (as
#                                      bench/engine; many-files adds ~10 min at N=3)
#        BENCH_SCENARIOS="s1 s2 s3 s4"
#        BENCH_ENGINES="stowage buildah"
#        STOWAGE_BUILDER_ARCHIVE=builder-image/target/stowage-builder.oci.tar
#                                      the stowage builder image (./mvnw -Pimage -pl builder-image
#                                      -am package -DskipTests)
#        BENCH_BUILDAH_FLAGS="…"       extra podman-run flags for buildah (skips the probe)
#        STOWAGE_CACHE=~/.cache/stowage where the buildah peer image is cached (by recipe hash)
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
n=${BENCH_N:-3}
contexts_wanted=${BENCH_CONTEXTS:-"small-app big-run"}
scenarios=${BENCH_SCENARIOS:-"s1 s2 s3 s4"}
engines=${BENCH_ENGINES:-"stowage buildah"}
archive=${STOWAGE_BUILDER_ARCHIVE:-$root/builder-image/target/stowage-builder.oci.tar}
cache=${STOWAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/stowage}
work="$root/bench/work/scenarios"
results="$root/bench/results"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
base_local=localhost/bench/debian:bookworm

die() {
  echo "bench/scenarios/run.sh: $*" >&2
  exit 1
}
say() { echo "$*" >&2; }

[ "$(id -u)" = 0 ] || die "run as root (podman with --device /dev/fuse and the stores need it)"
for tool in podman buildah skopeo jq /usr/bin/docker-registry; do
  command -v "$tool" >/dev/null || die "$tool is not installed (scripts/tools.sh installs it)"
done
[ -c /dev/fuse ] || die "no /dev/fuse on this machine"
[ -f "$archive" ] || die "no builder image at $archive: ./mvnw -B -ntp -Pimage -pl builder-image -am package -DskipTests (or set STOWAGE_BUILDER_ARCHIVE)"
for s in $scenarios; do [[ " s1 s2 s3 s4 " == *" $s "* ]] || die "unknown scenario $s"; done
for c in $contexts_wanted; do [[ " small-app many-files big-run " == *" $c "* ]] || die "unknown context $c"; done

# --- mounts, processes, clean-up -------------------------------------------------------------
unmount_below() {
  local dir=$1 m
  for m in $(awk -v p="$dir/" 'index($2, p) == 1 { print $2 }' /proc/self/mounts | sort -r); do
    umount "$m" 2>/dev/null || umount -l "$m"
  done
}
remove_tree() {
  [ -e "$1" ] || return 0
  unmount_below "$1"
  rm -rf --one-file-system "$1"
}

# podman wants run roots shorter than 50 characters
runroots=/run/stowage-bench-scenarios
engine_podman=(podman --root "$work/podman/root" --runroot "$runroots/podman" --storage-driver overlay)
registry_pid=
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -d "$work/podman/root" ]; then
    "${engine_podman[@]}" rm --all --force --time 0 >/dev/null 2>&1 || true
  fi
  if [ -n "$registry_pid" ]; then
    kill "$registry_pid" 2>/dev/null || true
    wait "$registry_pid" 2>/dev/null || true
  fi
  [ ! -d "$work" ] || unmount_below "$work"
  [ ! -d "$runroots" ] || unmount_below "$runroots"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$work" "$results" "$cache"
# an interrupted earlier run may have left mounts and containers behind
"${engine_podman[@]}" rm --all --force --time 0 >/dev/null 2>&1 || true
unmount_below "$work"
[ ! -d "$runroots" ] || unmount_below "$runroots"
rm -rf "$runroots"
rm -rf "$work/logs" "$work/stores" "$work/results" "$work/registry" "$work/host-template" "$work/host-ro"
mkdir -p "$work/logs" "$work/stores" "$work/results"

# --- the base image: a podman store holding the Debian minbase rootfs as an image -------------
mapfile -t tarballs < <(bash "$root/scripts/base-image.sh")
debian_tar=${tarballs[0]}
template="$work/template"
if [ ! -f "$template/.complete" ] || [ "$debian_tar" -nt "$template/.complete" ]; then
  remove_tree "$template"
  mkdir -p "$template"
  podman --root "$template/root" --runroot "$runroots/template" --storage-driver overlay \
    import --quiet --change "ENV=PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    "$debian_tar" "$base_local" >/dev/null
  unmount_below "$template"
  touch "$template/.complete"
fi
template_podman=(podman --root "$template/root" --runroot "$runroots/template" --storage-driver overlay)

# --- the buildah peer image, the article's way, cached by a hash of its recipe ----------------
# The article's Fedora steps on Debian: its storage.conf edits (mount_program, additional image
# store /var/lib/shared) written as the whole file, as Debian ships no /etc/containers/storage.conf.
peer_recipe="FROM $base_local
RUN apt-get update \\
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \\
      buildah fuse-overlayfs ca-certificates \\
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/apt /var/log/dpkg.log
RUN mkdir -p /etc/containers /var/lib/shared/overlay-images /var/lib/shared/overlay-layers \\
 && touch /var/lib/shared/overlay-images/images.lock /var/lib/shared/overlay-layers/layers.lock \\
 && printf '%s\\n' \\
      '[storage]' \\
      'driver = \"overlay\"' \\
      'runroot = \"/run/containers/storage\"' \\
      'graphroot = \"/var/lib/containers/storage\"' \\
      '[storage.options]' \\
      'additionalimagestores = [\"/var/lib/shared\"]' \\
      '[storage.options.overlay]' \\
      'mount_program = \"/usr/bin/fuse-overlayfs\"' \\
      'mountopt = \"nodev\"' \\
      >/etc/containers/storage.conf
ENV _BUILDAH_STARTED_IN_USERNS=\"\" BUILDAH_ISOLATION=chroot
"
peer_key=$(printf '%s\n%s %s\n' "$peer_recipe" "$(basename "$debian_tar")" "$(stat -c %s "$debian_tar")" |
  sha256sum | cut -c1-12)
peer_archive="$cache/buildah-peer-$peer_key.oci.tar"
peer_image=localhost/bench/buildah-peer:$peer_key
if [[ " $engines " == *" buildah "* ]] && [ ! -f "$peer_archive" ]; then
  say "building the buildah peer image $peer_image (apt from the Debian mirror; once)"
  pb="$work/peer-build"
  remove_tree "$pb"
  mkdir -p "$pb/ctx"
  cp -a "$template/root" "$pb/root"
  printf '%s' "$peer_recipe" >"$pb/ctx/Containerfile"
  pb_buildah=(buildah --root "$pb/root" --runroot "$runroots/peer-build" --storage-driver overlay)
  BUILDAH_ISOLATION=chroot "${pb_buildah[@]}" bud --isolation chroot --layers=false --pull=never \
    -t "$peer_image" "$pb/ctx" >"$work/logs/peer-build.log" 2>&1 ||
    die "building the peer image failed: $work/logs/peer-build.log"
  "${pb_buildah[@]}" push --quiet "$peer_image" "oci-archive:$peer_archive.tmp:$peer_image" \
    >>"$work/logs/peer-build.log" 2>&1 || die "saving the peer image failed: $work/logs/peer-build.log"
  mv "$peer_archive.tmp" "$peer_archive"
  remove_tree "$pb"
fi

# --- engine images in a private podman store -------------------------------------------------
say "loading the engine images into $work/podman"
stowage_image=$(tar -xOf "$archive" index.json | jq -r '.manifests[0].annotations["org.opencontainers.image.ref.name"]')
"${engine_podman[@]}" load --quiet -i "$archive" >/dev/null || die "podman load $archive failed"
if [[ " $engines " == *" buildah "* ]]; then
  "${engine_podman[@]}" load --quiet -i "$peer_archive" >/dev/null || die "podman load $peer_archive failed"
fi

# --- registry on loopback --------------------------------------------------------------------
port=
for _ in $(seq 1 50); do
  p=$((20000 + RANDOM % 20000))
  [ -z "$(ss -Hltn "sport = :$p")" ] && { port=$p; break; }
done
[ -n "$port" ] || die "no free port"
registry=127.0.0.1:$port
mkdir -p "$work/registry/data"
cat >"$work/registry/config.yml" <<YML
version: 0.1
log:
  level: warn
  accesslog:
    disabled: false
storage:
  filesystem:
    rootdirectory: $work/registry/data
  delete:
    enabled: true
http:
  addr: $registry
YML
/usr/bin/docker-registry serve "$work/registry/config.yml" >"$work/registry/access.log" 2>&1 &
registry_pid=$!
for _ in $(seq 1 50); do
  curl -fsS "http://$registry/v2/" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "http://$registry/v2/" >/dev/null || die "the registry did not start: $work/registry/access.log"
base_ref=$registry/base/debian:bookworm
"${template_podman[@]}" push --quiet --tls-verify=false "$base_local" "docker://$base_ref" \
  >"$work/logs/base-push.log" 2>&1 || die "pushing the base to the registry failed: $work/logs/base-push.log"
unmount_below "$template"

# The "host store" of s2 and s4: a podman store that pulled the base from the registry.
host_template="$work/host-template"
podman --root "$host_template/root" --runroot "$runroots/host-template" --storage-driver overlay \
  pull --quiet --tls-verify=false "$base_ref" >/dev/null || die "podman pull $base_ref failed"
unmount_below "$host_template"
# podman's own database records the paths it was made with; the copies are elsewhere (podman
# makes a new one; it holds no containers)
rm -rf "$runroots/host-template" "$host_template/root/libpod"
base_diff=$(jq -r '.[0]["diff-digest"]' "$host_template/root/overlay-layers/layers.json")

# --- contexts --------------------------------------------------------------------------------
contexts="$work/contexts"
make_contexts() {
  local c="$contexts" d
  mkdir -p "$c/small-app/app"
  for i in 1 2 3 4 5; do seq 1 $((i * 200)) >"$c/small-app/app/part$i.txt"; done
  printf '#!/bin/sh\necho app\n' >"$c/small-app/app/run.sh"
  mkdir -p "$c/many-files/tree"
  for d in $(seq 0 199); do
    mkdir -p "$c/many-files/tree/d$d"
    seq $((d * 100)) $((d * 100 + 99)) | split -l 1 -a 3 -d - "$c/many-files/tree/d$d/f"
  done
  mkdir -p "$c/big-run"
  touch "$c/.complete"
}
[ -f "$contexts/.complete" ] || { rm -rf "$contexts"; make_contexts; }
# The Containerfiles name this run's registry, so they are written every run.
cat >"$contexts/small-app/Containerfile" <<CF
FROM $base_ref
WORKDIR /app
COPY app/ /app/
RUN sh -c 'cat /app/*.txt | wc -l > /app/lines && sha256sum /app/*.txt > /app/sums'
CMD ["cat", "/app/lines"]
CF
printf 'FROM %s\nCOPY tree/ /data/\n' "$base_ref" >"$contexts/many-files/Containerfile"
printf 'FROM %s\nRUN head -c 157286400 /dev/urandom > /big.bin && ls -l /big.bin\n' "$base_ref" \
  >"$contexts/big-run/Containerfile"

# --- podman run ------------------------------------------------------------------------------
# The builder pod's build step (BuilderImageIT / operator pod package): nothing more for stowage.
contract_flags=(--rm --read-only --security-opt no-new-privileges --cap-drop ALL
  --cap-add CHOWN,DAC_OVERRIDE,FOWNER,FSETID,SETUID,SETGID,SYS_CHROOT,SETFCAP
  --device /dev/fuse --network host --env HOME=/tmp)
buildah_extra=()

# engine step store-mounts… -- command… : runs one container; output to the log in $log
run_step() {
  local engine=$1 image extra=()
  shift
  case "$engine" in
    stowage) image=$stowage_image ;;
    buildah) image=$peer_image; extra=("${buildah_extra[@]}") ;;
  esac
  local mounts=()
  while [ "$1" != -- ]; do mounts+=("$1"); shift; done
  shift
  "${engine_podman[@]}" run "${contract_flags[@]}" "${extra[@]}" "${mounts[@]}" "$image" "$@"
}

build_cmd() { # engine context tag -> the build command inside the container
  case "$1" in
    stowage) echo "stowage build --layers --tls-verify=false --result-file /results/build.json -t $3 -f /workspace/Containerfile /workspace" ;;
    buildah) echo "buildah bud --layers --tls-verify=false --iidfile /results/iid -t $3 -f /workspace/Containerfile /workspace" ;;
  esac
}
push_cmd() { # engine tag
  case "$1" in
    stowage) echo "stowage push --tls-verify=false --result-file /results/push.json $2 docker://$2" ;;
    buildah) echo "buildah push --tls-verify=false --digestfile /results/digest $2 docker://$2" ;;
  esac
}

base_blob_gets() { # registry log lines of base blob downloads (GET) since line $1
  tail -n +"$(($1 + 1))" "$work/registry/access.log" | grep -c '"GET /v2/base/debian/blobs/' || true
}

# Globals set by one_build: b_ms p_ms gets
# one_build engine context label store-mounts… : build then push, timed separately
one_build() {
  local engine=$1 context=$2 label=$3 tag=$4
  shift 4
  local mounts=("$@") res="$work/results/$label" log="$work/logs/$label" start mid end lines
  rm -rf "$res"
  mkdir -p "$res"
  mounts+=(-v "$res:/results")
  lines=$(wc -l <"$work/registry/access.log")
  b_ms=failed p_ms=failed gets=
  start=$(date +%s%N)
  # shellcheck disable=SC2046
  if ! run_step "$engine" "${mounts[@]}" -v "$contexts/$context:/workspace:ro" -- \
    $(build_cmd "$engine" "$context" "$tag") >"$log-build.log" 2>&1; then
    say "  $engine build failed ($log-build.log): $(tail -n 2 "$log-build.log" | tr '\n' ' ')"
    return
  fi
  mid=$(date +%s%N)
  gets=$(base_blob_gets "$lines")
  # an exit code is not enough: the engine must say which image it made
  if ! grep -Eqs '[0-9a-f]{12}' "$res/build.json" "$res/iid"; then
    say "  $engine built but reported no image ($log-build.log)"
    return
  fi
  b_ms=$(((mid - start) / 1000000))
  # shellcheck disable=SC2046
  if ! run_step "$engine" "${mounts[@]}" -- $(push_cmd "$engine" "$tag") >"$log-push.log" 2>&1; then
    say "  $engine push failed ($log-push.log): $(tail -n 2 "$log-push.log" | tr '\n' ' ')"
    return
  fi
  end=$(date +%s%N)
  if ! grep -Eqs 'sha256:[0-9a-f]{64}' "$res/push.json" "$res/digest"; then
    say "  $engine pushed but reported no digest ($log-push.log)"
    return
  fi
  p_ms=$(((end - mid) / 1000000))
}

tree_sum() { (cd "$1" && find . -printf '%p %y %s %m %U %G %T@ %l\n' | LC_ALL=C sort | sha256sum | cut -c1-16); }
store_kb() { du -sk --one-file-system "$1" 2>/dev/null | cut -f1; }
# does the writable store of s4 hold a copy of the base layer?
holds_base() {
  local diffs
  diffs=$(jq -r '.[]["diff-digest"]' "$1/overlay-layers/layers.json" 2>/dev/null || true)
  grep -qx "$base_diff" <<<"$diffs" && echo yes || echo no
}

# --- buildah: the least it needs beyond the contract -----------------------------------------
probe_ctx="$work/probe"
mkdir -p "$probe_ctx"
printf 'FROM %s\nRUN echo probe > /probe\n' "$base_ref" >"$probe_ctx/Containerfile"
probe_log="$work/logs/buildah-probe.log"
if [[ " $engines " == *" buildah "* ]]; then
  if [ -n "${BENCH_BUILDAH_FLAGS+set}" ]; then
    read -r -a buildah_extra <<<"$BENCH_BUILDAH_FLAGS"
    say "buildah: extra flags from BENCH_BUILDAH_FLAGS: ${buildah_extra[*]:-(none)}"
  else
    : >"$probe_log"
    found=
    for candidate in "" "--security-opt seccomp=unconfined" "--cap-add SYS_ADMIN" \
      "--cap-add SYS_ADMIN --security-opt seccomp=unconfined" \
      "--cap-add SYS_ADMIN --security-opt seccomp=unconfined --security-opt apparmor=unconfined"; do
      read -r -a buildah_extra <<<"$candidate"
      store="$work/stores/probe"
      remove_tree "$store"
      mkdir -p "$store"
      echo "=== extra flags: ${candidate:-(none)}" >>"$probe_log"
      if run_step buildah -v "$store:/var/lib/containers" -v "$probe_ctx:/workspace:ro" -- \
        buildah bud --tls-verify=false -t probe -f /workspace/Containerfile /workspace >>"$probe_log" 2>&1; then
        found=yes
        break
      fi
    done
    remove_tree "$work/stores/probe"
    [ -n "$found" ] || die "buildah works with none of the probed flags: $probe_log"
    say "buildah: needs extra flags: ${buildah_extra[*]:-(none)} (probe log: $probe_log)"
  fi
fi

# --- what each engine actually uses ----------------------------------------------------------
engine_info=()
buildah_driver=?
if [[ " $engines " == *" buildah "* ]]; then
  store="$work/stores/info"
  remove_tree "$store"
  mkdir -p "$store"
  info=$(run_step buildah -v "$store:/var/lib/containers" -- buildah info 2>/dev/null) || info='{}'
  remove_tree "$store"
  buildah_driver=$(echo "$info" | jq -r '(.store.GraphDriverName // "?") + ([.store.GraphOptions[]? | select(startswith("overlay.mount_program=")) | "/" + (split("=")[1] | split("/")[-1])] | join(""))')
  engine_info+=("buildah: host $(buildah --version | cut -d' ' -f1,3), in the image buildah $(echo "$info" | jq -r '.host.BuildahVersion // "?"'), storage driver $buildah_driver, graph options $(echo "$info" | jq -r '[.store.GraphOptions[]?] | join(" ")')")
fi

# --- the runs --------------------------------------------------------------------------------
raw="$results/scenarios-$stamp.csv"
echo "context,scenario,mode,engine,run,build_ms,push_ms,total_ms,base_blob_gets,store_kb,driver,note" >"$raw"
record() { # context scenario mode engine run store note
  local total=failed driver=
  [[ "$b_ms$p_ms" == *failed* ]] || total=$((b_ms + p_ms))
  if [ "$4" = stowage ]; then
    driver=$(jq -r '.storageDriver + (if .mountProgram then "/" + .mountProgram else "" end)' "$work/results/$label/build.json" 2>/dev/null || true)
  else
    driver=$buildah_driver
  fi
  echo "$1,$2,$3,$4,$5,$b_ms,$p_ms,$total,$gets,$(store_kb "$6"),$driver,$7" >>"$raw"
  say "  $1 $2 $3 $4 run $5: build ${b_ms} ms, push ${p_ms} ms, base blobs pulled ${gets:-?}${7:+, $7}"
}

# The floor: one `podman run` of the engine doing nothing (`--version`), N times each.
for run in $(seq 1 "$n"); do
  for engine in $engines; do
    start=$(date +%s%N)
    if run_step "$engine" -- "$engine" --version >"$work/logs/floor-$engine-r$run.log" 2>&1; then
      ms=$((($(date +%s%N) - start) / 1000000))
    else
      ms=failed
    fi
    echo "-,floor,start,$engine,$run,$ms,0,$ms,,,," >>"$raw"
  done
done

ro_failures=0
for run in $(seq 1 "$n"); do
  order=$engines
  ((run % 2)) || order=$(echo "$engines" | tr ' ' '\n' | tac | tr '\n' ' ')
  for context in $contexts_wanted; do
    for scenario in $scenarios; do
      for engine in $order; do
        s="$work/stores/$engine-$scenario"
        remove_tree "$s"
        repo="$registry/bench/$context-$scenario-$engine-r$run"
        case "$scenario" in
          s1)
            mkdir -p "$s/containers"
            sync
            label="$context-s1-cold-$engine-r$run"
            one_build "$engine" "$context" "$label" "$repo:cold" -v "$s/containers:/var/lib/containers"
            record "$context" s1 cold "$engine" "$run" "$s/containers" ""
            ;;
          s2)
            mkdir -p "$s"
            cp -a "$host_template/root" "$s/storage"
            sync
            for mode in cold warm; do
              label="$context-s2-$mode-$engine-r$run"
              one_build "$engine" "$context" "$label" "$repo:$mode" -v "$s/storage:/var/lib/containers/storage"
              note=
              if [ "$mode" = warm ]; then
                # the host's podman sees the image the container built
                # (listed first, then searched: `podman … | grep -q` under pipefail fails whenever
                # grep exits before podman has written everything)
                listed=$(podman --root "$s/storage" --runroot "$runroots/s2" --storage-driver overlay \
                  images --format '{{.Repository}}:{{.Tag}}' 2>/dev/null || true)
                if grep -qx "$repo:cold" <<<"$listed"; then
                  note="host podman lists it"
                else
                  note="host podman does NOT list $repo:cold"
                fi
                unmount_below "$s"
              fi
              record "$context" s2 "$mode" "$engine" "$run" "$s/storage" "$note"
            done
            ;;
          s3)
            mkdir -p "$s/project"
            sync
            for mode in cold warm; do
              label="$context-s3-$mode-$engine-r$run"
              one_build "$engine" "$context" "$label" "$repo:$mode" -v "$s/project:/var/lib/containers"
              note=
              if [ "$engine" = stowage ] && [ -f "$work/results/$label/build.json" ]; then
                note="cacheMisses $(jq -r .cacheMisses "$work/results/$label/build.json")"
              elif [ "$mode" = warm ] && [ -f "$work/logs/$label-build.log" ]; then
                note="$(grep -c 'Using cache' "$work/logs/$label-build.log" || true) steps from cache"
              fi
              record "$context" s3 "$mode" "$engine" "$run" "$s/project" "$note"
            done
            ;;
          s4)
            ro="$work/host-ro"
            if [ ! -d "$ro" ]; then
              cp -a "$host_template/root" "$ro"
            fi
            mkdir -p "$s/containers"
            before=$(tree_sum "$ro")
            sync
            label="$context-s4-cold-$engine-r$run"
            one_build "$engine" "$context" "$label" "$repo:cold" \
              -v "$ro:/var/lib/shared:ro" -v "$s/containers:/var/lib/containers"
            after=$(tree_sum "$ro")
            copied=$(holds_base "$s/containers/storage")
            note="base copied into the writable store: $copied"
            if [ "$before" != "$after" ]; then
              note="$note; FAILED: the read-only store changed"
              ro_failures=$((ro_failures + 1))
            fi
            if [ "${gets:-0}" != 0 ]; then
              note="$note; FAILED: $gets base blobs pulled"
              ro_failures=$((ro_failures + 1))
            fi
            record "$context" s4 cold "$engine" "$run" "$s/containers" "$note"
            ;;
        esac
        remove_tree "$s"
      done
    done
  done
done

# --- report ----------------------------------------------------------------------------------
col() { # context scenario mode engine column-number -> median or failed
  local values
  values=$(awk -F, -v c="$1" -v s="$2" -v m="$3" -v e="$4" -v k="$5" \
    '$1 == c && $2 == s && $3 == m && $4 == e { print $k }' "$raw")
  [ -n "$values" ] || { echo ""; return; }
  if grep -q failed <<<"$values"; then echo failed; return; fi
  sort -n <<<"$values" | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}
seconds() { [ "$1" = failed ] && { echo failed; return; }; [ -n "$1" ] && awk -v ms="$1" 'BEGIN { printf "%.2f s", ms / 1000 }' || echo "–"; }
ratio() { [[ "$1$2" == *failed* ]] && { echo "–"; return; }; [ -n "$1" ] && [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }' || echo "–"; }
modes_of() { case "$1" in s2 | s3) echo "cold warm" ;; *) echo cold ;; esac; }
title() { case "$1" in s1) echo "1 fresh store" ;; s2) echo "2 host store rw" ;; s3) echo "3 project store" ;; s4) echo "4 host store ro (additional)" ;; esac; }

cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
mem=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
stowage_version=$(run_step stowage -- stowage --version 2>/dev/null | head -n1 || echo "stowage ?")
report="$results/scenarios-$stamp.md"
{
  echo "Command: \`bench/scenarios/run.sh\` (N=$n, contexts: $contexts_wanted, scenarios: $scenarios), $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) CPUs ($cpu), $mem memory, kernel $(uname -r), load average" \
    "$(cut -d' ' -f1-3 /proc/loadavg) at the end; $(podman --version); stores on" \
    "$(df -T "$work" | awk 'NR == 2 { print $2 }')."
  echo
  echo "Images: stowage \`$stowage_image\` ($stowage_version, $(basename "$archive")); buildah \`$peer_image\` ($(basename "$peer_archive"))."
  for line in "${engine_info[@]}"; do echo "${line}."; done
  echo
  echo "podman run flags, both engines: \`${contract_flags[*]}\`; buildah also: \`${buildah_extra[*]:-(nothing)}\`."
  echo
  echo "Times are medians of build + push (two \`podman run\`s); in brackets build / push."
  echo
  echo "| context | scenario | mode | stowage | buildah | stowage / buildah |"
  echo "|---|---|---|---|---|---|"
  st=$(col - floor start stowage 8)
  bt=$(col - floor start buildah 8)
  echo "| – | \`podman run\` of \`ENGINE --version\` (the floor) | – | $(seconds "$st") | $(seconds "$bt") | $(ratio "$st" "$bt") |"
  for context in $contexts_wanted; do
    for scenario in $scenarios; do
      for mode in $(modes_of "$scenario"); do
        st=$(col "$context" "$scenario" "$mode" stowage 8)
        bt=$(col "$context" "$scenario" "$mode" buildah 8)
        sdetail="$(seconds "$st")"
        bdetail="$(seconds "$bt")"
        [ "$st" = failed ] || [ -z "$st" ] || sdetail="$sdetail ($(seconds "$(col "$context" "$scenario" "$mode" stowage 6)") / $(seconds "$(col "$context" "$scenario" "$mode" stowage 7)"))"
        [ "$bt" = failed ] || [ -z "$bt" ] || bdetail="$bdetail ($(seconds "$(col "$context" "$scenario" "$mode" buildah 6)") / $(seconds "$(col "$context" "$scenario" "$mode" buildah 7)"))"
        echo "| $context | $(title "$scenario") | $mode | $sdetail | $bdetail | $(ratio "$st" "$bt") |"
      done
    done
  done
  if [[ " $scenarios " == *" s1 "* && " $scenarios " == *" s4 "* ]]; then
    echo
    echo "Scenario 4 against scenario 1 (cold build + push; the base served in place from the read-only store, not pulled and copied):"
    echo
    for context in $contexts_wanted; do
      for engine in $engines; do
        a=$(col "$context" s4 cold "$engine" 8)
        b=$(col "$context" s1 cold "$engine" 8)
        k4=$(col "$context" s4 cold "$engine" 10)
        k1=$(col "$context" s1 cold "$engine" 10)
        g4=$(col "$context" s4 cold "$engine" 9)
        g1=$(col "$context" s1 cold "$engine" 9)
        echo "- $context, $engine: s4 / s1 = $(ratio "$a" "$b") ($(seconds "$a") against $(seconds "$b"));" \
          "writable store after push ${k4:-?} KiB against ${k1:-?} KiB; base blobs (layer and config) pulled from the registry ${g4:-?} against ${g1:-?}."
      done
    done
  fi
  echo
  echo "Checks:"
  awk -F, 'NR > 1 && $12 != "" { print $1 " " $2 " " $3 " " $4 ": " $12 }' "$raw" | sort | uniq -c |
    awk '{ c = $1; $1 = ""; print "-" $0 " (" c " of '"$n"' runs)" }'
  awk -F, 'NR > 1 && $11 != "" { print "- " $4 " storage driver: " $11 }' "$raw" | sort -u
  if [ "$ro_failures" -gt 0 ]; then
    echo "- **FAILED: scenario 4 checks failed $ro_failures times (see above)**"
  elif [[ " $scenarios " == *" s4 "* ]]; then
    echo "- scenario 4: no base blob pulled, the read-only store unchanged (tree checksum before/after), every run"
  fi
  if grep -q ',failed,' "$raw"; then
    echo "- failed: a build or push that failed counts for no time; see bench/work/scenarios/logs/ for why."
  fi
} >"$report"
cat "$report"
say ""
say "raw timings: $raw; report: $report"
[ "$ro_failures" = 0 ] || say "bench/scenarios/run.sh: scenario 4 checks FAILED"
