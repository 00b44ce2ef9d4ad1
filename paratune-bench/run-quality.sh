#!/usr/bin/env bash
# Optimiser quality on the shared protocol (shared/bench/README.md), Paratune next to Optuna 3.1 in
# one run: TPE, CMA-ES and random sampling on branin2, hartmann6 and ackley10, modes seq and batch8,
# seeds 0..9, 64 evaluations. Writes paratune.jsonl, optuna.jsonl and table.md (summarize.py).
#
#   paratune-bench/run-quality.sh                  # everything, seeds 0-9
#   SEEDS=0-39 FUNCTIONS=branin2 paratune-bench/run-quality.sh
#
# Needs a JDK 17+ and Debian's python3-optuna and python3-cmaes (apt-get install python3-optuna
# python3-cmaes); Optuna runs under /usr/bin/python3, whatever python comes first on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."

SEEDS=${SEEDS:-0-9}
FUNCTIONS=${FUNCTIONS:-branin2,hartmann6,ackley10}
MODES=${MODES:-seq,batch8}
OUT_DIR=${OUT_DIR:-runs/quality-$(date -u +%Y%m%dT%H%M%SZ)}
JAR=paratune-bench/target/paratune-bench.jar

source paratune-bench/bench-lib.sh
ensure_jar
require_python optuna cmaes
start_results

for config in "tpe default" "tpe scott" "tpe univariate" "cmaes default" "random default"; do
    set -- $config
    java -jar "$JAR" quality --sampler "$1" --config "$2" --function "$FUNCTIONS" --mode "$MODES" \
        --seeds "$SEEDS" --out "$OUT_DIR/paratune.jsonl" > /dev/null
done
for config in "tpe default" "tpe multivariate-liar" "cmaes default" "random default"; do
    set -- $config
    "$PYTHON" paratune-bench/peers/optuna_quality.py --sampler "$1" --config "$2" --function "$FUNCTIONS" \
        --mode "$MODES" --seeds "$SEEDS" --out "$OUT_DIR/optuna.jsonl" > /dev/null
done
# summarize.py is a copy of the shared protocol's table script
"$PYTHON" paratune-bench/peers/summarize.py "$OUT_DIR/paratune.jsonl" "$OUT_DIR/optuna.jsonl" \
    --labels paratune,optuna --out "$OUT_DIR/table.md"
echo "table: $OUT_DIR/table.md" >&2
