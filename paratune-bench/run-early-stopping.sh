#!/usr/bin/env bash
# Early stopping on recorded learning curves, Paratune next to Optuna 3.1 in one run: no pruning,
# median, ASHA and Hyperband replaying the same 200 MLP-on-digits curves (81 epochs each), 100
# trials per run on 4 parallel workers, seeds 0..4, ASHA and Hyperband with min resource 1, 3 and 9
# epochs and reduction factor 3. Writes paratune.jsonl, optuna.jsonl and table.md.
#
#   paratune-bench/run-early-stopping.sh
#   SEEDS=0-9 MIN_RESOURCES="9" paratune-bench/run-early-stopping.sh
#
# The curves file paratune-bench/curves/digits-mlp.csv is committed; regenerate it (about 15 CPU
# minutes) with:
#   java -jar paratune-bench/target/paratune-bench.jar record-curves --configs 200 --epochs 81 --seed 0
# Needs a JDK 17+ and Debian's python3-optuna (Optuna runs under /usr/bin/python3).
set -euo pipefail
cd "$(dirname "$0")/.."

SEEDS=${SEEDS:-0-4}
MIN_RESOURCES=${MIN_RESOURCES:-1 3 9}
ETA=${ETA:-3}
OUT_DIR=${OUT_DIR:-runs/early-stopping-$(date -u +%Y%m%dT%H%M%SZ)}
JAR=paratune-bench/target/paratune-bench.jar

source paratune-bench/bench-lib.sh
ensure_jar
require_python optuna
start_results

common=(--seeds "$SEEDS" --trials 100 --workers 4 --reduction-factor "$ETA")
java -jar "$JAR" early-stopping --pruner none,median "${common[@]}" --out "$OUT_DIR/paratune.jsonl" > /dev/null
"$PYTHON" paratune-bench/peers/optuna_early_stopping.py --pruner none,median "${common[@]}" \
    --out "$OUT_DIR/optuna.jsonl" > /dev/null
for mr in $MIN_RESOURCES; do
    java -jar "$JAR" early-stopping --pruner asha,hyperband --min-resource "$mr" "${common[@]}" \
        --out "$OUT_DIR/paratune.jsonl" > /dev/null
    "$PYTHON" paratune-bench/peers/optuna_early_stopping.py --pruner asha,hyperband --min-resource "$mr" \
        "${common[@]}" --out "$OUT_DIR/optuna.jsonl" > /dev/null
done
"$PYTHON" paratune-bench/peers/early_stopping_table.py "$OUT_DIR/paratune.jsonl" "$OUT_DIR/optuna.jsonl" \
    --out "$OUT_DIR/table.md"
echo "table: $OUT_DIR/table.md" >&2
