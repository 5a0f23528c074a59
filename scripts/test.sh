#!/usr/bin/env bash
# The whole test suite: installs what the tests need, then builds and tests every module, including
# the builder image (profile image: built by stowage itself, then its integration tests).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export JAVA_HOME=${JAVA_HOME_25:-/usr/lib/jvm/temurin-25-jdk-amd64}
export PATH="$JAVA_HOME/bin:$PATH"
eval "$(bash scripts/tools.sh)"
./mvnw -B -ntp -Pimage verify "$@"
