#!/usr/bin/env bash
# The real-model suite: scikit-learn models (SVM, decision tree, random forest, MLP, AdaBoost, kNN,
# lasso) on digits, wine, breast cancer and diabetes, tuned through bin/paratune with every sampler,
# 16 rounds of 8 trials, seeds 0..2. Writes results.jsonl (one line per study) and table.md
# (normalised scores); exits non-zero if any trial was lost to a sampler or the CLI.
#
#   paratune-bench/run-real-models.sh
#   SAMPLERS=random,gp,gp+deterministic=true PROBLEMS=svm-digits SEEDS=0-9 paratune-bench/run-real-models.sh
#
# Needs a JDK 17+ and Debian's python3-sklearn (apt-get install python3-sklearn); the models run
# under /usr/bin/python3, whatever python comes first on PATH (PYTHON=... for another).
set -euo pipefail
cd "$(dirname "$0")/.."

SAMPLERS=${SAMPLERS:-random,tpe,cmaes,gp,qmc,grid,nsga2}
PROBLEMS=${PROBLEMS:-svm-digits,tree-breast-cancer,forest-breast-cancer,mlp-wine,adaboost-wine,knn-digits,lasso-diabetes}
SEEDS=${SEEDS:-0-2}
ROUNDS=${ROUNDS:-16}
BATCH=${BATCH:-8}
OUT_DIR=${OUT_DIR:-runs/real-models-$(date -u +%Y%m%dT%H%M%SZ)}
JAR=paratune-bench/target/paratune-bench.jar

GIVEN_PYTHON=${PYTHON:-}
source paratune-bench/bench-lib.sh
PYTHON=${GIVEN_PYTHON:-$PYTHON}
ensure_jar
require_python sklearn
bin/paratune --help > /dev/null   # builds the paratune command if it is missing or stale
start_results
echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)" >&2
# the run uses copies of both jars, so a rebuild during a long run cannot change or break it
cp "$JAR" "$OUT_DIR/paratune-bench.jar"
cp paratune-cli/target/paratune-cli.jar "$OUT_DIR/paratune-cli.jar"

status=0
java -jar "$OUT_DIR/paratune-bench.jar" real-models --samplers "$SAMPLERS" --problems "$PROBLEMS" \
    --seeds "$SEEDS" --rounds "$ROUNDS" --batch "$BATCH" --python "$PYTHON" \
    --cli "java -jar $OUT_DIR/paratune-cli.jar" \
    --out "$OUT_DIR/results.jsonl" --table "$OUT_DIR/table.md" > /dev/null || status=$?
echo "results: $OUT_DIR/results.jsonl; table: $OUT_DIR/table.md" >&2
exit $status
