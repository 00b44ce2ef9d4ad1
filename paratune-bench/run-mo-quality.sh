#!/usr/bin/env bash
# Multi-objective optimiser quality on the shared protocol (shared/bench/README.md), Paratune next
# to Optuna 3.1 in one run: zdt1_6 and dtlz2_6, 200 evaluations in batch8, seeds 0..9; the log10
# hypervolume gap at 50, 100 and 200 evaluations. Writes paratune.jsonl, optuna.jsonl and table.md.
#
#   paratune-bench/run-mo-quality.sh                      # everything, seeds 0-9
#   SEEDS=0-2 FUNCTIONS=zdt1_6 paratune-bench/run-mo-quality.sh
#   PARALLEL=4 paratune-bench/run-mo-quality.sh           # Paratune configurations run side by side
#
# Needs a JDK 17+ and Debian's python3-optuna (apt-get install python3-optuna); Optuna runs under
# /usr/bin/python3, whatever python comes first on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."

SEEDS=${SEEDS:-0-9}
FUNCTIONS=${FUNCTIONS:-zdt1_6,dtlz2_6}
PARALLEL=${PARALLEL:-1}
OUT_DIR=${OUT_DIR:-runs/mo-quality-$(date -u +%Y%m%dT%H%M%SZ)}
JAR=paratune-bench/target/paratune-bench.jar

source paratune-bench/bench-lib.sh
ensure_jar
require_python optuna
start_results

running=0
for config in "gp default" "gp ref" "gp chebyshev" "gp ref-deterministic" "nsga2 default" "tpe default" "random default"; do
    set -- $config
    for function in ${FUNCTIONS//,/ }; do
        java -jar "$JAR" mo-quality --sampler "$1" --config "$2" --function "$function" --seeds "$SEEDS" \
            --out "$OUT_DIR/paratune-$1-$2-$function.jsonl" > /dev/null &
        running=$((running + 1))
        if (( running >= PARALLEL )); then
            wait -n
            running=$((running - 1))
        fi
    done
done
wait
cat "$OUT_DIR"/paratune-*.jsonl > "$OUT_DIR/paratune.jsonl"
for sampler in nsga2 tpe random; do
    "$PYTHON" paratune-bench/peers/optuna_mo_quality.py --sampler "$sampler" --function "$FUNCTIONS" \
        --seeds "$SEEDS" --out "$OUT_DIR/optuna.jsonl" > /dev/null
done
"$PYTHON" paratune-bench/peers/mo_table.py "$OUT_DIR/paratune.jsonl" "$OUT_DIR/optuna.jsonl" --out "$OUT_DIR/table.md"
echo "table: $OUT_DIR/table.md" >&2
