#!/usr/bin/env bash
# Engine benchmark: `stowage build` against `buildah bud --layers --isolation chroot`, same
# contexts, same machine, same run. Three scenarios, each built cold (a fresh store holding only
# the base image) and warm (the same build again in that store, everything cached), N times:
#   small-app   Debian base, COPY a few files, RUN a small command
#   many-files  COPY of 20,000 generated files
#   big-run     RUN writing 150 MB from /dev/urandom
# Prints a markdown table (medians, ratio stowage/buildah) and writes it with the raw timings and
# the machine description to bench/results/. A script, not a test: nothing here asserts a time.
#
# Usage: bench/engine/run.sh            (root; needs buildah, podman, debootstrap's base tarball)
# Env:   BENCH_N=3                      repetitions
#        BENCH_ENGINES="stowage buildah" engines to run (buildah alone checks the script itself)
#        BENCH_SCENARIOS="small-app many-files big-run"
#        STOWAGE="cmd …"                how to run stowage (default: builder-image/src/main/sh/stowage,
#                                       else java -jar builder-image/target/stowage.jar)
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
n=${BENCH_N:-3}
engines=${BENCH_ENGINES:-"stowage buildah"}
scenarios=${BENCH_SCENARIOS:-"small-app many-files big-run"}
work="$root/bench/work/engine"
results="$root/bench/results"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
base_name=localhost/bench/debian:bookworm

die() {
  echo "bench/engine/run.sh: $*" >&2
  exit 1
}

[ "$(id -u)" = 0 ] || die "run as root (buildah chroot isolation and the stores need it)"
for tool in buildah podman; do
  command -v "$tool" >/dev/null || die "$tool is not installed (scripts/tools.sh installs it)"
done

# --- stowage command -------------------------------------------------------------------------
stowage_cmd=()
if [[ " $engines " == *" stowage "* ]]; then
  if [ -n "${STOWAGE:-}" ]; then
    read -r -a stowage_cmd <<<"$STOWAGE"
  elif [ -x "$root/builder-image/src/main/sh/stowage" ]; then
    stowage_cmd=("$root/builder-image/src/main/sh/stowage")
  elif [ -f "$root/builder-image/target/stowage.jar" ]; then
    java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
    [ -x "$java" ] || java=$(command -v java) || die "no java found (set JAVA_HOME to a JDK 25)"
    stowage_cmd=("$java" --enable-native-access=ALL-UNNAMED -jar "$root/builder-image/target/stowage.jar")
  else
    die "no stowage found: build it with ./mvnw -B -q -pl builder-image package -DskipTests (or set STOWAGE)"
  fi
  build_help=$("${stowage_cmd[@]}" build --help 2>&1 || true)
  if ! grep -q -- --storage-root <<<"$build_help"; then
    die "'${stowage_cmd[*]} build' is missing or broken: this engine has no build command yet (rebuild after merging engine/build)"
  fi
fi

# --- base image and stores -------------------------------------------------------------------
mapfile -t tarballs < <(bash "$root/scripts/base-image.sh")
debian_tar=${tarballs[0]}
mkdir -p "$work" "$results"

unmount_below() {
  local dir=$1 m
  # deepest first; podman/buildah normally leave nothing, but an interrupted run might
  for m in $(awk -v p="$dir/" 'index($2, p) == 1 { print $2 }' /proc/self/mounts | sort -r); do
    umount "$m" || umount -l "$m"
  done
}

remove_store() {
  [ -e "$1" ] || return 0
  unmount_below "$1"
  rm -rf --one-file-system "$1"
}

# A store holding only the base image, made once by podman import; every cold build starts from
# a copy of it. Both engines read the containers/storage overlay format, so one template serves
# both (buildah needs the run root next to it).
template="$work/template"
if [ ! -f "$template/.complete" ] || [ "$debian_tar" -nt "$template/.complete" ]; then
  remove_store "$template"
  mkdir -p "$template"
  podman --root "$template/root" --runroot "$template/run" --storage-driver overlay \
    import --quiet --change "ENV=PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    "$debian_tar" "$base_name" >/dev/null
  unmount_below "$template"
  rm -rf "$template/run"
  touch "$template/.complete"
fi

fresh_store() {
  local dir=$1
  remove_store "$dir"
  mkdir -p "$dir"
  cp -a "$template/root" "$dir/root"
  mkdir -p "$dir/run"
}

# --- contexts --------------------------------------------------------------------------------
contexts="$work/contexts"
make_contexts() {
  local c="$contexts"
  mkdir -p "$c/small-app/app"
  cat >"$c/small-app/Containerfile" <<CF
FROM $base_name
WORKDIR /app
COPY app/ /app/
RUN sh -c 'cat /app/*.txt | wc -l > /app/lines && sha256sum /app/*.txt > /app/sums'
CMD ["cat", "/app/lines"]
CF
  for i in 1 2 3 4 5; do seq 1 $((i * 200)) >"$c/small-app/app/part$i.txt"; done
  printf '#!/bin/sh\necho app\n' >"$c/small-app/app/run.sh"

  mkdir -p "$c/many-files/tree"
  printf 'FROM %s\nCOPY tree/ /data/\n' "$base_name" >"$c/many-files/Containerfile"
  local d
  for d in $(seq 0 199); do
    mkdir -p "$c/many-files/tree/d$d"
    seq $((d * 100)) $((d * 100 + 99)) | split -l 1 -a 3 -d - "$c/many-files/tree/d$d/f"
  done

  mkdir -p "$c/big-run"
  printf 'FROM %s\nRUN head -c 157286400 /dev/urandom > /big.bin && ls -l /big.bin\n' "$base_name" \
    >"$c/big-run/Containerfile"
  touch "$c/.complete"
}
[ -f "$contexts/.complete" ] || { rm -rf "$contexts"; make_contexts; }
[ "$(find "$contexts/many-files/tree" -type f | wc -l)" = 20000 ] || die "many-files context is not 20,000 files"

# --- builds ----------------------------------------------------------------------------------
build() { # engine store scenario tag -> prints milliseconds
  local engine=$1 store=$2 scenario=$3 tag=$4 log="$work/logs/$1-$3.log" id="$2/image-id" start end
  mkdir -p "$work/logs"
  rm -f "$id"
  start=$(date +%s%N)
  case "$engine" in
    stowage)
      "${stowage_cmd[@]}" build --storage-root "$store/root" --layers --pull=never -t "$tag" \
        --result-file "$id" -f "$contexts/$scenario/Containerfile" "$contexts/$scenario" \
        >>"$log" 2>&1 ;;
    buildah)
      BUILDAH_ISOLATION=chroot buildah --root "$store/root" --runroot "$store/run" \
        --storage-driver overlay bud --layers --isolation chroot --pull=never --quiet \
        --iidfile "$id" -t "$tag" -f "$contexts/$scenario/Containerfile" "$contexts/$scenario" \
        >>"$log" 2>&1 ;;
  esac || { echo "  $engine failed to build $scenario (log: $log)" >&2; echo failed; return; }
  end=$(date +%s%N)
  # an exit code is not enough: the engine must say which image it made
  if ! grep -Eq '[0-9a-f]{12}' "$id" 2>/dev/null; then
    echo "  $engine built $scenario but reported no image id (log: $log)" >&2
    echo failed
    return
  fi
  echo $(((end - start) / 1000000))
}

rm -rf "$work/logs"
raw="$results/engine-$stamp.csv"
echo "scenario,engine,mode,run,ms" >"$raw"
for scenario in $scenarios; do
  [ -d "$contexts/$scenario" ] || die "unknown scenario $scenario"
  for run in $(seq 1 "$n"); do
    for engine in $engines; do
      store="$work/stores/$engine"
      fresh_store "$store"
      sync
      cold=$(build "$engine" "$store" "$scenario" "localhost/bench/$scenario:cold")
      warm=failed
      [ "$cold" = failed ] || warm=$(build "$engine" "$store" "$scenario" "localhost/bench/$scenario:warm")
      echo "$scenario,$engine,cold,$run,$cold" >>"$raw"
      echo "$scenario,$engine,warm,$run,$warm" >>"$raw"
      echo "  $scenario $engine run $run: cold ${cold} ms, warm ${warm} ms" >&2
      remove_store "$store"
    done
  done
done

# --- report ----------------------------------------------------------------------------------
median() { # scenario engine mode
  if grep -q "^$1,$2,$3,.*,failed$" "$raw"; then echo failed; return; fi
  awk -F, -v s="$1" -v e="$2" -v m="$3" '$1 == s && $2 == e && $3 == m { print $5 }' "$raw" |
    sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print ""; else if (NR % 2) print v[(NR + 1) / 2]; else print int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}
seconds() { [ "$1" = failed ] && { echo "failed"; return; }; [ -n "$1" ] && awk -v ms="$1" 'BEGIN { printf "%.2f s", ms / 1000 }' || echo "–"; }
ratio() { [[ "$1$2" == *failed* ]] && { echo "–"; return; }; [ -n "$1" ] && [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }' || echo "–"; }

cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
mem=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
stowage_version=$([ ${#stowage_cmd[@]} -gt 0 ] && "${stowage_cmd[@]}" --version 2>/dev/null | head -n1 || echo "not run")
report="$results/engine-$stamp.md"
{
  echo "Command: \`bench/engine/run.sh\` (N=$n, engines: $engines), $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) CPUs ($cpu), $mem memory, kernel $(uname -r), load average" \
    "$(cut -d' ' -f1-3 /proc/loadavg) at the end;" \
    "$(buildah --version); $stowage_version; store on $(df -T "$work" | awk 'NR == 2 { print $2 }')."
  echo
  echo "| scenario | mode | stowage (median) | buildah (median) | stowage / buildah |"
  echo "|---|---|---|---|---|"
  for scenario in $scenarios; do
    for mode in cold warm; do
      s=$(median "$scenario" stowage "$mode")
      b=$(median "$scenario" buildah "$mode")
      echo "| $scenario | $mode | $(seconds "$s") | $(seconds "$b") | $(ratio "$s" "$b") |"
    done
  done
  if grep -q ',failed$' "$raw"; then
    echo
    echo "failed: a build that failed counts for no time; see bench/work/engine/logs/ for why."
  fi
} >"$report"
cat "$report"
echo >&2
echo "raw timings: $raw; report: $report" >&2
