#!/usr/bin/env bash
# Time of one exact hypervolume: Paratune's io.paratune.moo.Hypervolume next to Optuna 3.1's
# optuna._hypervolume.WFG on the same point sets (n non-dominated points on the unit sphere in m
# objectives, reference point 1.1 in each), in one run. Optuna cases that would take minutes are
# cut off after PEER_TIMEOUT seconds and reported as such. Writes paratune.jsonl and optuna.jsonl.
#
#   paratune-bench/run-hv-time.sh
#
# Needs a JDK 17+ and Debian's python3-optuna; Optuna runs under /usr/bin/python3.
set -euo pipefail
cd "$(dirname "$0")/.."

PEER_TIMEOUT=${PEER_TIMEOUT:-120}
OUT_DIR=${OUT_DIR:-runs/hv-time-$(date -u +%Y%m%dT%H%M%SZ)}
JAR=paratune-bench/target/paratune-bench.jar

source paratune-bench/bench-lib.sh
ensure_jar
start_results

java -jar "$JAR" hv-time --objectives 2,3 --points 100,1000,10000 --out "$OUT_DIR/paratune.jsonl" >/dev/null
java -jar "$JAR" hv-time --objectives 4,5 --points 100,300,1000 --repeats 3 --out "$OUT_DIR/paratune.jsonl" >/dev/null

peer() { # objectives points
    if ! timeout "$PEER_TIMEOUT" "$PYTHON" paratune-bench/peers/optuna_hv_time.py --objectives "$1" --points "$2" \
            --out "$OUT_DIR/optuna.jsonl" >/dev/null; then
        echo "optuna: $1 objectives, $2 points: no result within ${PEER_TIMEOUT} s" >&2
        echo "{\"system\": \"optuna\", \"objectives\": $1, \"points\": $2, \"median_ms\": null," \
            "\"note\": \"over ${PEER_TIMEOUT} s\"}" >>"$OUT_DIR/optuna.jsonl"
    fi
}
for n in 100 1000 10000; do peer 2 $n; done
for n in 100 1000; do peer 3 $n; done
peer 4 100
peer 5 100
echo "load average at the end $(cut -d' ' -f1-3 /proc/loadavg)" >&2
