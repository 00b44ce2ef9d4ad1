#!/usr/bin/env bash
# Durable storage, Paratune next to Optuna 3.1 (RDBStorage), in one run: RandomSampler, trivial
# objective (x float, y int, kind categorical), TRIALS trials on one study by 1 and 4 worker
# processes, on a SQLite file and on PostgreSQL. Runs interleave (for each backend and process
# count: Paratune with cold workers, Paratune with warmed workers, Optuna) so that both systems see
# the same machine load. Then Paratune alone: the ask time at 1,000 and 10,000 finished trials, and
# 200 workers (4 processes x 50 threads, trials of 3 ms) on one PostgreSQL study.
#
#   paratune-bench/run-storage.sh                      # defaults below
#   ROUNDS=2 OPTUNA_SECONDS=120 paratune-bench/run-storage.sh
#   OPTUNA=0 JAR=/elsewhere/paratune-bench.jar paratune-bench/run-storage.sh   # another build, no peer
#
# PostgreSQL: one embedded server (embedded-postgres, the Linux binaries from Maven Central; fsync
# and synchronous_commit on) started by the benchmark jar and shared by both systems; each run gets
# a database of its own. Needs a JDK 17+, Debian's python3-optuna and python3-psycopg2
# (apt-get install python3-optuna python3-psycopg2); Optuna runs under /usr/bin/python3.
set -euo pipefail
cd "$(dirname "$0")/.."

TRIALS=${TRIALS:-2000}                         # trials per run, both systems
OPTUNA_SQLITE4_TRIALS=${OPTUNA_SQLITE4_TRIALS:-300} # Optuna, SQLite, 4 processes: ~3 trials/s at 2,000
OPTUNA_SECONDS=${OPTUNA_SECONDS:-170}          # time cap of one Optuna run
WARMUP=${WARMUP:-500}                          # trials per worker before the warmed Paratune runs
ROUNDS=${ROUNDS:-1}
PROCESSES=${PROCESSES:-"1 4"}
BACKENDS=${BACKENDS:-"sqlite postgresql"}
OUT_DIR=${OUT_DIR:-runs/storage-$(date -u +%Y%m%dT%H%M%SZ)}
OPTUNA=${OPTUNA:-1}                            # 0: Paratune only (no peer runs)
JAR=${JAR:-paratune-bench/target/paratune-bench.jar}  # another build to compare, e.g. an older storage

source paratune-bench/bench-lib.sh
ensure_jar
if [[ $OPTUNA == 1 ]]; then
    require_python optuna psycopg2
fi
mkdir -p "$OUT_DIR/work"
OUT_DIR=$(cd "$OUT_DIR" && pwd)
start_results

java -jar "$JAR" postgres-server --dir "$OUT_DIR/postgres" > "$OUT_DIR/postgres.url" 2> "$OUT_DIR/postgres.log" &
PG_PID=$!
trap 'kill $PG_PID 2>/dev/null; wait $PG_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do
    [[ -s $OUT_DIR/postgres.url ]] && break
    kill -0 $PG_PID 2>/dev/null || { cat "$OUT_DIR/postgres.log" >&2; exit 1; }
    sleep 0.5
done
PG_URL=$(head -1 "$OUT_DIR/postgres.url")
[[ -n $PG_URL ]] || { echo "PostgreSQL did not start; see $OUT_DIR/postgres.log" >&2; exit 1; }
echo "PostgreSQL at $PG_URL" >&2

paratune() {
    java -jar "$JAR" storage --postgres "$PG_URL" --dir "$OUT_DIR/work" --out "$OUT_DIR/paratune.jsonl" "$@" > /dev/null
}

for round in $(seq 1 "$ROUNDS"); do
    for backend in $BACKENDS; do
        for p in $PROCESSES; do
            seed=$((round * 100))
            echo "== round $round/$ROUNDS, $backend, $p processes: paratune (cold, warmed), optuna" >&2
            paratune --modes throughput --backends "$backend" --processes "$p" --trials "$TRIALS" --seed "$seed"
            paratune --modes throughput --backends "$backend" --processes "$p" --trials "$TRIALS" --seed "$seed" \
                --warmup-trials "$WARMUP"
            [[ $OPTUNA == 1 ]] || continue
            trials=$TRIALS
            if [[ $backend == sqlite && $p -gt 1 ]]; then
                trials=$OPTUNA_SQLITE4_TRIALS
            fi
            "$PYTHON" paratune-bench/peers/optuna_storage.py --backend "$backend" --processes "$p" --trials "$trials" \
                --seconds "$OPTUNA_SECONDS" --seed "$seed" --dir "$OUT_DIR/work" --postgres "$PG_URL" \
                --out "$OUT_DIR/optuna.jsonl" > /dev/null
        done
    done
done

echo "== ask time at 1,000 and 10,000 finished trials (paratune)" >&2
paratune --modes ask-time --backends "${BACKENDS// /,}"
echo "== 200 workers on one PostgreSQL study (paratune, cold and warmed)" >&2
paratune --modes scale --backends postgresql
paratune --modes scale --backends postgresql --warmup-trials 200

echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
touch "$OUT_DIR/optuna.jsonl"
"$PYTHON" paratune-bench/peers/storage_table.py "$OUT_DIR/paratune.jsonl" "$OUT_DIR/optuna.jsonl" \
    | tee "$OUT_DIR/table.md"
