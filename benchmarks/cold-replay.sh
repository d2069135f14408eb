#!/usr/bin/env bash
# Cold replay of a 10 000-step flow log in fresh JVMs (see ColdReplay's Javadoc). Run from the
# repository root after building flow-engine (install) and benchmarks (package).
set -euo pipefail
JAVA="$("$(dirname "$0")/../bin/find-jdk")/bin/java"
CP="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
FILE="${TMPDIR:-/tmp}/vowstream-cold-replay.vowz"
RUNS="${RUNS:-7}"
"$JAVA" -cp "$CP" io.vowstream.benchmarks.ColdReplay record "$FILE"
for i in $(seq 1 "$RUNS"); do
  start=$(date +%s%N)
  line=$("$JAVA" ${JVM_OPTS:-} -cp "$CP" io.vowstream.benchmarks.ColdReplay replay "$FILE")
  end=$(date +%s%N)
  echo "$line shellWall=$(( (end - start) / 1000000 )) ms"
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
