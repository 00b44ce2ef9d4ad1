#!/usr/bin/python3
"""Optuna peer of `paratune-bench storage`: trials per second of worker processes on one RDB study.

Same protocol as the Java benchmark's throughput mode: a fresh SQLite file or PostgreSQL database,
a study created in it, then PROCESSES worker processes (multiprocessing, spawn) that each open
Optuna's default RDB storage (optuna.load_study with the storage URL, so RDBStorage behind
Optuna's _CachedStorage), load the study with RandomSampler(seed + i), wait at a barrier, and loop
study.ask(), trial.suggest_float("x", -10, 10), trial.suggest_int("y", 0, 5),
trial.suggest_categorical("kind", ["a", "b", "c"]), study.tell(trial, x*x + y + len(kind)) for
their share of TRIALS. Wall time runs from the barrier to the last tell. A time cap (--seconds)
stops workers from starting new trials, so a slow configuration reports trials/s over the trials
it finished (the line says how many). Afterwards the study must hold exactly the trials told,
all COMPLETE. Prints one JSON line (the fields the Java benchmark writes) on stdout and a summary
on stderr.

SQLite: the file gets a 60 s busy timeout (SQLAlchemy's default is 5 s, after which concurrent
workers fail with "database is locked"). PostgreSQL: --postgres is a superuser URL of a running
server (the Java side's `postgres-server`); a database is created per run with psycopg2 and dropped
afterwards.

Run it with Debian's system python, python3-optuna (3.1) and python3-psycopg2:
    /usr/bin/python3 paratune-bench/peers/optuna_storage.py --backend sqlite --processes 4 --trials 300
"""
import argparse
import json
import math
import multiprocessing
import os
import platform
import sys
import tempfile
import time
import uuid

import optuna

KINDS = ["a", "b", "c"]


def percentile(sorted_values, q):
    """Linear interpolation between closest ranks (numpy's default), as the Java side does."""
    if not sorted_values:
        return float("nan")
    pos = (len(sorted_values) - 1) * q / 100.0
    lo = int(math.floor(pos))
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def load_average():
    try:
        with open("/proc/loadavg") as fh:
            return " ".join(fh.read().split()[:3])
    except OSError:
        return "-"


def storage_for(url):
    if url.startswith("sqlite"):
        return optuna.storages.RDBStorage(url, engine_kwargs={"connect_args": {"timeout": 60}})
    return url


def worker(index, url, study_name, trials, seed, cap_seconds, barrier, results):
    try:
        optuna.logging.set_verbosity(optuna.logging.WARNING)
        study = optuna.load_study(study_name=study_name, storage=storage_for(url),
                                  sampler=optuna.samplers.RandomSampler(seed=seed))
        barrier.wait()
        start = time.time_ns()
        deadline = start + int(cap_seconds * 1e9)
        ask_ns, ask_suggest_ns, done_ns = [], [], []
        for _ in range(trials):
            t0 = time.perf_counter_ns()
            trial = study.ask()
            t1 = time.perf_counter_ns()
            x = trial.suggest_float("x", -10, 10)
            y = trial.suggest_int("y", 0, 5)
            kind = trial.suggest_categorical("kind", KINDS)
            t2 = time.perf_counter_ns()
            study.tell(trial, x * x + y + len(kind))
            end = time.time_ns()
            ask_ns.append(t1 - t0)
            ask_suggest_ns.append(t2 - t0)
            done_ns.append(end)
            if end >= deadline:
                break
        results.put((index, start, ask_ns, ask_suggest_ns, done_ns, None))
    except BaseException as e:  # reported by the parent
        barrier.abort()
        results.put((index, 0, [], [], [], "%s: %s" % (type(e).__name__, e)))


def fresh_target(backend, directory, admin_url):
    """Returns (storage URL, cleanup function, server description)."""
    name = "optuna_bench_%s" % uuid.uuid4().hex[:12]
    if backend == "sqlite":
        path = os.path.abspath(os.path.join(directory, name + ".db"))

        def cleanup():
            for end in ("", "-wal", "-shm", "-journal"):
                if os.path.exists(path + end):
                    os.remove(path + end)
        return "sqlite:///" + path, cleanup, None
    import psycopg2
    conn = psycopg2.connect(admin_url)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("CREATE DATABASE " + name)
        cur.execute("SELECT 'PostgreSQL ' || current_setting('server_version') || ', fsync=' || current_setting('fsync')"
                    " || ', synchronous_commit=' || current_setting('synchronous_commit')")
        server = cur.fetchone()[0]
    base = admin_url.rsplit("/", 1)[0]

    def cleanup():
        with conn.cursor() as cur:
            cur.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
        conn.close()
    return base + "/" + name, cleanup, server


def summarise(backend, processes, target, per_worker, server, load_before, load_after, cap_seconds):
    start = min(w[1] for w in per_worker)
    done = sorted(t for w in per_worker for t in w[4])
    ask = sorted(t for w in per_worker for t in w[2])
    ask_suggest = sorted(t for w in per_worker for t in w[3])
    n = len(done)
    wall = (done[-1] - start) / 1e9
    chunk = max(1, n // 10)
    first = chunk / ((done[chunk - 1] - start) / 1e9)
    prev = done[n - 1 - chunk] if n - 1 - chunk >= 0 else start
    last = chunk / ((done[-1] - prev) / 1e9)
    rec = {
        "system": "optuna " + optuna.__version__, "runtime": "python " + platform.python_version(),
        "benchmark": "storage", "mode": "throughput", "backend": backend,
    }
    if server:
        rec["server"] = server
    rec.update({
        "cpus": os.cpu_count(), "processes": processes, "threads_per_process": 1, "trial_ms": 0,
        "warmup_trials": 0, "trials_target": target, "trials": n, "capped": n < target,
        "cap_seconds": cap_seconds, "wall_seconds": round(wall, 4), "trials_per_second": round(n / wall, 1),
        "first_tenth_trials_per_second": round(first, 1), "last_tenth_trials_per_second": round(last, 1),
    })
    for name, values in (("ask", ask), ("ask_suggest", ask_suggest)):
        rec[name + "_us_p50"] = round(percentile(values, 50) / 1e3, 1)
        rec[name + "_us_p99"] = round(percentile(values, 99) / 1e3, 1)
        rec[name + "_us_mean"] = round(sum(values) / len(values) / 1e3, 1)
    rec["load_before"] = load_before
    rec["load_after"] = load_after
    return rec


def run(backend, processes, trials, cap_seconds, seed, directory, admin_url):
    url, cleanup, server = fresh_target(backend, directory, admin_url)
    try:
        optuna.create_study(study_name="bench", storage=storage_for(url))
        ctx = multiprocessing.get_context("spawn")
        barrier = ctx.Barrier(processes + 1)
        results = ctx.Queue()
        shares = [trials // processes + (1 if i < trials % processes else 0) for i in range(processes)]
        procs = [ctx.Process(target=worker, args=(i, url, "bench", shares[i], seed + i, cap_seconds, barrier, results))
                 for i in range(processes)]
        for p in procs:
            p.start()
        try:
            barrier.wait()
        except multiprocessing.BrokenBarrierError:
            pass  # a worker failed before the start; its error comes through the queue
        load_before = load_average()
        per_worker = [results.get() for _ in procs]
        load_after = load_average()
        for p in procs:
            p.join()
        failed = [w for w in per_worker if w[5] is not None]
        if failed:
            raise RuntimeError("optuna worker %d failed: %s" % (failed[0][0], failed[0][5]))
        told = sum(len(w[4]) for w in per_worker)
        study = optuna.load_study(study_name="bench", storage=storage_for(url))
        complete = study.get_trials(deepcopy=False, states=(optuna.trial.TrialState.COMPLETE,))
        if len(complete) != told or len(study.trials) != told:
            raise RuntimeError("the study holds %d trials, %d COMPLETE, but %d were told"
                               % (len(study.trials), len(complete), told))
        numbers = sorted(t.number for t in study.trials)
        if numbers != list(range(told)):
            raise RuntimeError("trial numbers are not 0..%d" % (told - 1))
        return summarise(backend, processes, trials, per_worker, server, load_before, load_after, cap_seconds)
    finally:
        cleanup()


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--backend", choices=("sqlite", "postgresql"), required=True)
    p.add_argument("--processes", type=int, default=1)
    p.add_argument("--trials", type=int, default=2000, help="trials of the run, split over the processes")
    p.add_argument("--seconds", type=float, default=180,
                   help="time cap: workers start no new trial after this long (default 180)")
    p.add_argument("--seed", type=int, default=0, help="sampler seed of worker 0; worker i uses seed + i")
    p.add_argument("--dir", help="folder of the SQLite file (default: a temporary folder)")
    p.add_argument("--postgres", help="superuser URL of a running server, "
                                      "e.g. postgresql://postgres@127.0.0.1:5432/postgres")
    p.add_argument("--out", help="also append the JSON line to this file")
    a = p.parse_args(argv)
    if a.processes < 1 or a.trials < 1:
        p.error("--processes and --trials must be >= 1")
    if not a.seconds > 0:
        p.error("--seconds %s must be > 0" % a.seconds)
    if a.backend == "postgresql" and not a.postgres:
        p.error("--backend postgresql needs --postgres URL (start one with: java -jar paratune-bench.jar"
                " postgres-server)")
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="optuna-storage-bench") as tmp:
        directory = a.dir or tmp
        os.makedirs(directory, exist_ok=True)
        rec = run(a.backend, a.processes, a.trials, a.seconds, a.seed, directory, a.postgres)
    line = json.dumps(rec)
    print(line, flush=True)
    if a.out:
        with open(a.out, "a") as fh:
            fh.write(line + "\n")
    print("%s %s processes=%d: %s trials in %.2f s = %s trials/s%s; ask ms p50/p99 %.2f/%.2f; load %s -> %s" % (
        rec["system"], a.backend, a.processes, format(rec["trials"], ","), rec["wall_seconds"],
        format(round(rec["trials_per_second"]), ","),
        " (time cap %g s reached)" % a.seconds if rec["capped"] else "",
        rec["ask_us_p50"] / 1e3, rec["ask_us_p99"] / 1e3, rec["load_before"], rec["load_after"]),
        file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
