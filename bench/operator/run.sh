#!/usr/bin/env bash
# Operator benchmark: N ImageBuilds (default 1000) against fabric8's CRUD mock API server, in one
# JVM with the operator. Prints the time until N builder pods exist and the heap used after GC.
#   bash bench/operator/run.sh [N] [burst|backlog|floor]
#   BENCH_JAVA_OPTS="-Xmx512m -Dbench.store=stock|indexed|checked": fabric8's CRUD store as
#   shipped, or with its by-name lookups indexed (IndexedCrudDispatcher; checked: and compared with
#   the stock scan on every lookup, printing indexLookupMismatches).
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME="${JAVA_HOME_25:-${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}}"
work="$PWD/bench/work/operator"
mkdir -p "$work"
# test-compile: the benchmark creates its ImageBuilds with the tests' fixtures (testing.TestBuilds).
./mvnw -B -q -pl operator -DskipTests test-compile
./mvnw -B -q -pl operator dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/classpath.txt"
cp="operator/target/classes:operator/target/test-classes:$(cat "$work/classpath.txt")"
"$JAVA_HOME/bin/javac" -d "$work/classes" -cp "$cp" bench/operator/*.java
exec "$JAVA_HOME/bin/java" ${BENCH_JAVA_OPTS:--Xmx512m} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$work/classes:$cp" dev.stowage.bench.operator.OperatorBenchmark "${1:-1000}" "${2:-burst}"
