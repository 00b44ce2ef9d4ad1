#!/usr/bin/env bash
# Ask+tell overhead, Paratune next to Optuna 3.1, in one run: RandomSampler, in-memory storage,
# 10 float parameters, objective = sum of squares, studies of TRIALS trials, 1 and 2 threads.
# Rounds interleave the systems (paratune, optuna, paratune, optuna, ...) so that both see the
# same machine load; the table reports medians over all rounds and the ratio.
#
#   paratune-bench/run-overhead.sh                       # defaults below
#   TRIALS=50000 ROUNDS=5 paratune-bench/run-overhead.sh
#   JAVA_OPTS="-XX:+UseParallelGC -Xms2g" paratune-bench/run-overhead.sh
#
# Needs a JDK 17+ and Debian's python3-optuna (apt-get install python3-optuna); Optuna runs under
# /usr/bin/python3, whatever python comes first on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."

TRIALS=${TRIALS:-20000}            # trials per measured study, both systems
CAP_SECONDS=${CAP_SECONDS:-120}    # time cap per measured study
ROUNDS=${ROUNDS:-3}                # interleaved rounds
THREADS=${THREADS:-1,2}
JAVA_REPEATS=${JAVA_REPEATS:-5}    # measured studies per thread count and round (Paratune's are short)
OPTUNA_REPEATS=${OPTUNA_REPEATS:-1}
JAVA_OPTS=${JAVA_OPTS:-}
OUT_DIR=${OUT_DIR:-runs/overhead-$(date -u +%Y%m%dT%H%M%SZ)}
JAR=paratune-bench/target/paratune-bench.jar

source paratune-bench/bench-lib.sh
ensure_jar
require_python optuna
start_results

for round in $(seq 1 "$ROUNDS"); do
    seed=$((round * 100))
    echo "== round $round/$ROUNDS: paratune" >&2
    # shellcheck disable=SC2086
    java $JAVA_OPTS -jar "$JAR" overhead --threads "$THREADS" --trials "$TRIALS" --seconds "$CAP_SECONDS" \
        --repeats "$JAVA_REPEATS" --seed "$seed" --out "$OUT_DIR/paratune.jsonl" > /dev/null
    echo "== round $round/$ROUNDS: optuna" >&2
    "$PYTHON" paratune-bench/peers/optuna_overhead.py --threads "$THREADS" --trials "$TRIALS" \
        --seconds "$CAP_SECONDS" --repeats "$OPTUNA_REPEATS" --seed "$seed" --out "$OUT_DIR/optuna.jsonl" > /dev/null
done

echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
"$PYTHON" paratune-bench/peers/overhead_table.py "$OUT_DIR/paratune.jsonl" "$OUT_DIR/optuna.jsonl" \
    | tee "$OUT_DIR/table.md"
