#!/usr/bin/python3
"""Optuna peer of `paratune-bench overhead`: ask+tell trials per second, RandomSampler, in-memory storage.

Same protocol as the Java benchmark: for each thread count and repeat, a fresh study
(optuna.create_study with RandomSampler(seed) and the default InMemoryStorage); THREADS Python
threads share it (as Optuna's n_jobs does), each looping study.ask(), PARAMS x
trial.suggest_float("x<i>", -5, 5), study.tell(trial, sum of squares) until the study holds
TRIALS trials or SECONDS have passed. Prints one JSON line per repeat (the fields the Java
benchmark writes) on stdout and a summary on stderr.

Run it with Debian's system python and python3-optuna (3.1):
    /usr/bin/python3 paratune-bench/peers/optuna_overhead.py --threads 1,2 --trials 20000 --repeats 3
"""
import argparse
import gc
import json
import math
import os
import platform
import sys
import threading
import time

import optuna

TENTH = 10


class GcTimer:
    """Time spent in Python's cyclic garbage collector, from gc.callbacks."""

    def __init__(self):
        self.total_ns = 0
        self._started = None

    def __call__(self, phase, info):
        if phase == "start":
            self._started = time.perf_counter_ns()
        elif self._started is not None:
            self.total_ns += time.perf_counter_ns() - self._started
            self._started = None


GC_TIMER = GcTimer()
gc.callbacks.append(GC_TIMER)


def percentile(sorted_values, q):
    """Linear interpolation between closest ranks (numpy's default), as the Java side does."""
    if not sorted_values:
        return float("nan")
    pos = (len(sorted_values) - 1) * q / 100.0
    lo = int(math.floor(pos))
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def median(values):
    s = sorted(values)
    if not s:
        return float("nan")
    m = len(s) // 2
    return s[m] if len(s) % 2 else (s[m - 1] + s[m]) / 2


def latency(nanos):
    s = sorted(nanos)
    mean = sum(s) / len(s) if s else float("nan")
    return percentile(s, 50) / 1e3, percentile(s, 99) / 1e3, mean / 1e3


def measure(threads, params, trials, cap_seconds, seed):
    """Runs one study; returns (start_ns, done_ns sorted, ask_ns, suggest_ns, tell_ns, gc_seconds)."""
    study = optuna.create_study(sampler=optuna.samplers.RandomSampler(seed=seed))
    names = ["x%d" % i for i in range(params)]
    lock = threading.Lock()
    counter = [0]
    barrier = threading.Barrier(threads + 1)
    per_thread = []
    failures = []
    start = [0]

    def worker(out):
        ask_ns, suggest_ns, tell_ns, done_ns = out
        barrier.wait()
        deadline = start[0] + int(cap_seconds * 1e9)
        try:
            while True:
                with lock:
                    k = counter[0]
                    counter[0] += 1
                if k >= trials:
                    break
                t0 = time.perf_counter_ns()
                trial = study.ask()
                t1 = time.perf_counter_ns()
                total = 0.0
                for name in names:
                    x = trial.suggest_float(name, -5, 5)
                    total += x * x
                t2 = time.perf_counter_ns()
                study.tell(trial, total)
                t3 = time.perf_counter_ns()
                ask_ns.append(t1 - t0)
                suggest_ns.append(t2 - t1)
                tell_ns.append(t3 - t2)
                done_ns.append(t3)
                if t3 >= deadline:
                    break
        except BaseException as e:  # reported after join
            failures.append(e)

    workers = []
    for w in range(threads):
        out = ([], [], [], [])
        per_thread.append(out)
        t = threading.Thread(target=worker, args=(out,), name="overhead-%d" % w)
        t.start()
        workers.append(t)
    gc_before = GC_TIMER.total_ns
    start[0] = time.perf_counter_ns()
    barrier.wait()
    for t in workers:
        t.join()
    gc_seconds = (GC_TIMER.total_ns - gc_before) / 1e9
    if failures:
        raise RuntimeError("a benchmark thread failed: %r" % failures[0])
    merged = [sum((out[i] for out in per_thread), []) for i in range(4)]
    ask_ns, suggest_ns, tell_ns, done_ns = merged
    done_ns.sort()
    completed = study.get_trials(deepcopy=False, states=(optuna.trial.TrialState.COMPLETE,))
    if len(completed) != len(done_ns) or len(study.trials) != len(done_ns):
        raise RuntimeError("the study holds %d trials, %d COMPLETE, but %d were told"
                           % (len(study.trials), len(completed), len(done_ns)))
    return start[0], done_ns, ask_ns, suggest_ns, tell_ns, gc_seconds


def result_line(system, runtime, threads, params, repeat, target, m):
    start, done, ask_ns, suggest_ns, tell_ns, gc_seconds = m
    n = len(done)
    wall = (done[-1] - start) / 1e9 if n else 0.0
    chunk = max(1, n // TENTH)
    first = chunk / ((done[chunk - 1] - start) / 1e9) if n else float("nan")
    prev = done[n - 1 - chunk] if n - 1 - chunk >= 0 else start
    last = chunk / ((done[-1] - prev) / 1e9) if n else float("nan")
    rec = {
        "system": system, "runtime": runtime, "benchmark": "overhead", "sampler": "random",
        "storage": "in-memory", "params": params, "threads": threads, "repeat": repeat,
        "trials_target": target, "trials": n, "wall_seconds": round(wall, 4),
        "trials_per_second": round(n / wall, 1) if wall > 0 else None,
        "first_chunk_trials_per_second": round(first, 1),
        "last_chunk_trials_per_second": round(last, 1),
    }
    for name, values in (("ask", ask_ns), ("suggest", suggest_ns), ("tell", tell_ns)):
        p50, p99, mean = latency(values)
        rec[name + "_us_p50"] = round(p50, 2)
        rec[name + "_us_p99"] = round(p99, 2)
        rec[name + "_us_mean"] = round(mean, 2)
    rec["gc_seconds"] = round(gc_seconds, 4)
    return rec


def summary(results):
    r0 = results[0]
    med = lambda key: median([r[key] for r in results])
    return ("%s threads=%d: %s trials/s (median of %d; study of %s trials; first/last tenth %s/%s trials/s);"
            " us p50/p99: ask %.2f/%.2f, %d suggests %.2f/%.2f, tell %.2f/%.2f; GC %.0f%% of wall" % (
                r0["system"], r0["threads"], format(round(med("trials_per_second")), ","), len(results),
                format(round(med("trials")), ","), format(round(med("first_chunk_trials_per_second")), ","),
                format(round(med("last_chunk_trials_per_second")), ","), med("ask_us_p50"), med("ask_us_p99"),
                r0["params"], med("suggest_us_p50"), med("suggest_us_p99"), med("tell_us_p50"),
                med("tell_us_p99"), 100 * median([r["gc_seconds"] / r["wall_seconds"] for r in results])))


def thread_list(text):
    try:
        values = [int(v) for v in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError("'%s' is not a comma-separated list of integers, e.g. 1,2" % text)
    if not values or min(values) < 1 or len(set(values)) != len(values):
        raise argparse.ArgumentTypeError("'%s': give distinct thread counts >= 1, e.g. 1,2" % text)
    return values


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--threads", type=thread_list, default=[1, 2])
    p.add_argument("--trials", type=int, default=50000, help="trials per measured study")
    p.add_argument("--seconds", type=float, default=60, help="time cap per measured study")
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--warmup-trials", type=int, default=300, help="trials of a discarded study first")
    p.add_argument("--params", type=int, default=10)
    p.add_argument("--seed", type=int, default=0, help="seed of the first repeat's sampler (repeat r: seed + r)")
    p.add_argument("--out", help="also append the JSON lines to this file")
    a = p.parse_args(argv)
    for name in ("trials", "repeats", "params"):
        if getattr(a, name) < 1:
            p.error("--%s %d must be >= 1" % (name, getattr(a, name)))
    if not a.seconds > 0:
        p.error("--seconds %s must be > 0" % a.seconds)

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    system = "optuna " + optuna.__version__
    runtime = "python " + platform.python_version()
    print("%s on %s (%s), %d CPUs: %d params, studies of %s trials, threads %s, %d repeats"
          % (system, runtime, sys.executable, os.cpu_count(), a.params, format(a.trials, ","), a.threads,
             a.repeats), file=sys.stderr)
    summaries = []
    for threads in a.threads:
        if a.warmup_trials > 0:
            measure(threads, a.params, a.warmup_trials, a.seconds, (a.seed + 1000000) % 2 ** 32)
        results = []
        for r in range(a.repeats):
            gc.collect()
            m = measure(threads, a.params, a.trials, a.seconds, (a.seed + r) % 2 ** 32)
            rec = result_line(system, runtime, threads, a.params, r, a.trials, m)
            results.append(rec)
            line = json.dumps(rec)
            print(line, flush=True)
            if a.out:
                with open(a.out, "a") as fh:
                    fh.write(line + "\n")
        summaries.append(summary(results))
        print(summaries[-1], file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
