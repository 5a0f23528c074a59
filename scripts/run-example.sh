#!/usr/bin/env bash
# The main job: package Stowage and render the builder pod for the example ImageBuild.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export JAVA_HOME=${JAVA_HOME_25:-/usr/lib/jvm/temurin-25-jdk-amd64}
export PATH="$JAVA_HOME/bin:$PATH"
./mvnw -q -B -ntp -DskipTests package
exec java -jar operator/target/stowage-operator.jar render -f "${1:-examples/imagebuild.yaml}"
