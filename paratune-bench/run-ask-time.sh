#!/usr/bin/env bash
# Time of one ask at 1,000 and 3,000 finished trials (10 float parameters, in memory): Paratune's TPE
# (multivariate default: neighbour-gap kernel widths; multivariate with Optuna's Scott widths; univariate), CMA-ES and random
# sampling next to Optuna 3.1's TPE (default and multivariate + constant liar), in one run. Rounds
# interleave the systems so that both see the same machine load; the table gives medians over the
# rounds. Writes paratune.jsonl, optuna.jsonl and table.md.
#
#   paratune-bench/run-ask-time.sh
#   HISTORY=1000,3000,10000 ASKS=100 ROUNDS=5 paratune-bench/run-ask-time.sh
#
# Needs a JDK 17+ and Debian's python3-optuna; Optuna runs under /usr/bin/python3.
set -euo pipefail
cd "$(dirname "$0")/.."

HISTORY=${HISTORY:-1000,3000}
ASKS=${ASKS:-50}                 # timed asks per history size, Paratune
OPTUNA_ASKS=${OPTUNA_ASKS:-10}   # timed asks per history size, Optuna (about a second each)
ROUNDS=${ROUNDS:-3}
JAVA_OPTS=${JAVA_OPTS:-}
OUT_DIR=${OUT_DIR:-runs/ask-time-$(date -u +%Y%m%dT%H%M%SZ)}
JAR=paratune-bench/target/paratune-bench.jar

source paratune-bench/bench-lib.sh
ensure_jar
start_results

for round in $(seq 1 "$ROUNDS"); do
    echo "== round $round/$ROUNDS" >&2
    for config in "tpe default" "tpe scott" "tpe univariate" "cmaes default" "random default"; do
        set -- $config
        # shellcheck disable=SC2086
        java $JAVA_OPTS -jar "$JAR" ask-time --sampler "$1" --config "$2" --history "$HISTORY" --asks "$ASKS" \
            --seed "$round" --out "$OUT_DIR/paratune.jsonl" > /dev/null
    done
    for config in default multivariate-liar; do
        "$PYTHON" paratune-bench/peers/optuna_ask_time.py --sampler tpe --config "$config" --history "$HISTORY" \
            --asks "$OPTUNA_ASKS" --seed "$round" --out "$OUT_DIR/optuna.jsonl" > /dev/null
    done
done
"$PYTHON" paratune-bench/peers/ask_time_table.py "$OUT_DIR/paratune.jsonl" "$OUT_DIR/optuna.jsonl" \
    | tee "$OUT_DIR/table.md"
