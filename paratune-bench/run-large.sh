#!/usr/bin/env bash
# The large protocol (docs/dev/large-protocol.md): ackley, rastrigin, rosenbrock and griewank at 20
# dimensions, 1,000 evaluations in rounds of 50 asks before any tell, seeds 0..4, Paratune's samplers
# next to Optuna 3.1's in one folder. Writes paratune-<sampler>.jsonl, optuna-<sampler>.jsonl (one
# line per run, with each round's ask time) and table.md (large_table.py), and prints the table.
#
#   paratune-bench/run-large.sh
#   FUNCTIONS=ackley50,rosenbrock50 SAMPLERS=paratune:gp,optuna:cmaes paratune-bench/run-large.sh
#   BUDGET=5000 BATCH=100 FUNCTIONS=ackley20 paratune-bench/run-large.sh
#
# SAMPLERS: comma-separated paratune:<sampler>[/<config>] (the large command's --sampler and --config,
# as paratune:tpe/univariate) and optuna:<sampler> (cmaes, tpe, tpe-multivariate, random).
# TIME_LIMIT=S stops a Paratune run after the round during which S seconds passed (its line says so).
# Needs a JDK 17+ and Debian's python3-optuna and python3-cmaes (apt-get install python3-optuna
# python3-cmaes); Optuna runs under /usr/bin/python3, whatever python comes first on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."

FUNCTIONS=${FUNCTIONS:-ackley20,rastrigin20,rosenbrock20,griewank20}
SEEDS=${SEEDS:-0-4}
BUDGET=${BUDGET:-1000}
BATCH=${BATCH:-50}
SAMPLERS=${SAMPLERS:-paratune:cmaes,paratune:tpe,paratune:gp,optuna:cmaes,optuna:tpe}
TIME_LIMIT=${TIME_LIMIT:-0}
OUT_DIR=${OUT_DIR:-runs/large/$(date -u +%Y%m%dT%H%M%SZ)}
JAR=paratune-bench/target/paratune-bench.jar

for entry in ${SAMPLERS//,/ }; do
    if [[ $entry != paratune:?* && $entry != optuna:?* ]]; then
        echo "SAMPLERS entry '$entry' is neither paratune:<sampler> nor optuna:<sampler>;" \
            "write as paratune:gp,optuna:cmaes" >&2
        exit 2
    fi
done
source paratune-bench/bench-lib.sh
ensure_jar
if [[ ,$SAMPLERS, == *,optuna:* ]]; then
    require_python optuna cmaes
fi
start_results
echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)" >&2
# the run uses a copy of the jar, so a rebuild during a long run cannot change or break it
cp "$JAR" "$OUT_DIR/paratune-bench.jar"

files=()
for entry in ${SAMPLERS//,/ }; do
    system=${entry%%:*}
    sampler=${entry#*:}
    echo "$entry: start, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    case $system in
        paratune)
            config=default
            if [[ $sampler == */* ]]; then
                config=${sampler#*/}
                sampler=${sampler%%/*}
            fi
            file="$OUT_DIR/paratune-$sampler-$config.jsonl"
            java -jar "$OUT_DIR/paratune-bench.jar" large --sampler "$sampler" --config "$config" \
                --function "$FUNCTIONS" --budget "$BUDGET" --batch "$BATCH" --seeds "$SEEDS" \
                --time-limit "$TIME_LIMIT" --out "$file" > /dev/null
            ;;
        optuna)
            file="$OUT_DIR/optuna-$sampler.jsonl"
            "$PYTHON" paratune-bench/peers/optuna_large.py --sampler "$sampler" --function "$FUNCTIONS" \
                --budget "$BUDGET" --batch "$BATCH" --seeds "$SEEDS" --out "$file" > /dev/null
            ;;
    esac
    files+=("$file")
done
echo "done, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
"$PYTHON" paratune-bench/peers/large_table.py "${files[@]}" --out "$OUT_DIR/table.md"
echo "table: $OUT_DIR/table.md" >&2
