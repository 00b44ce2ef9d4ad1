#!/usr/bin/python3
"""Optuna peer of `paratune-bench ask-time`: the time of one ask when the study already holds
--history COMPLETE trials of --params float parameters in [-5, 5], in memory.

The history is added with study.add_trials (random points, value = sum of squares), as the Java
benchmark fills it with a random sampler. After --warmup unmeasured asks, --asks asks are timed one
by one: study.ask() plus suggest_float for every parameter (where Optuna's TPE does its work), then
told (not timed), so the history grows by warmup + asks. One JSON line per history size on
stdout and appended to --out; a summary on stderr. Wall time and process CPU time are reported.

    /usr/bin/python3 paratune-bench/peers/optuna_ask_time.py --sampler tpe --history 1000,3000 \
        --asks 20 --out runs/ask-time/optuna.jsonl
"""
import argparse
import json
import logging
import os
import random
import sys
import time
import warnings

import optuna
from optuna.distributions import FloatDistribution
from optuna.trial import create_trial

CONFIGS = {
    ("tpe", "default"): ("TPESampler", "default: TPESampler(seed=seed)",
                         lambda seed: optuna.samplers.TPESampler(seed=seed)),
    ("tpe", "multivariate-liar"): ("TPESampler",
                                   "multivariate-liar: TPESampler(seed, multivariate=True, constant_liar=True)",
                                   lambda seed: optuna.samplers.TPESampler(seed=seed, multivariate=True,
                                                                           constant_liar=True)),
}


def percentile(sorted_values, q):
    pos = (len(sorted_values) - 1) * q / 100.0
    lo = int(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def measure(name, description, factory, history, params, warmup, asks, seed):
    rng = random.Random(seed)
    dists = {f"x{i}": FloatDistribution(-5, 5) for i in range(params)}
    study = optuna.create_study(sampler=factory(seed))
    trials = []
    for _ in range(history):
        p = {k: rng.uniform(-5, 5) for k in dists}
        trials.append(create_trial(params=p, distributions=dists, value=sum(v * v for v in p.values())))
    study.add_trials(trials)

    def one():
        t = study.ask()
        xs = [t.suggest_float(f"x{i}", -5, 5) for i in range(params)]
        return t, sum(x * x for x in xs)

    for _ in range(warmup):
        t, v = one()
        study.tell(t, v)
    wall = []
    cpu = 0.0
    for _ in range(asks):
        c0 = time.process_time()
        t0 = time.perf_counter()
        t, v = one()
        wall.append((time.perf_counter() - t0) * 1000)
        cpu += (time.process_time() - c0) * 1000
        study.tell(t, v)
    mean = sum(wall) / len(wall)
    wall.sort()
    load = " ".join(open("/proc/loadavg").read().split()[:3])
    print(f"optuna {optuna.__version__} {name} history {history}, {params} params: median {percentile(wall, 50):.3f}"
          f" ms, mean {mean:.3f} ms, p90 {percentile(wall, 90):.3f} ms, CPU {cpu / asks:.3f} ms per ask"
          f" (load {load})", file=sys.stderr)
    return json.dumps({"system": "optuna " + optuna.__version__, "sampler": name, "config": description,
                       "history": history, "params": params, "history_by": "study.add_trials (random points)",
                       "warmup": warmup, "asks": asks, "median_ms": round(percentile(wall, 50), 4),
                       "mean_ms": round(mean, 4), "p90_ms": round(percentile(wall, 90), 4),
                       "cpu_mean_ms": round(cpu / asks, 4), "load_average": load})


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sampler", default="tpe", choices=["tpe"])
    ap.add_argument("--config", default="default")
    ap.add_argument("--history", default="1000,3000")
    ap.add_argument("--params", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--asks", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out")
    args = ap.parse_args()
    if (args.sampler, args.config) not in CONFIGS:
        ap.error(f"--config {args.config} is not known; known: " + ", ".join(c for _, c in CONFIGS))
    name, description, factory = CONFIGS[(args.sampler, args.config)]
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    logging.getLogger("optuna").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
    out = None
    if args.out:
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        out = open(args.out, "a")
    for history in [int(h) for h in args.history.split(",")]:
        line = measure(name, description, factory, history, args.params, args.warmup, args.asks, args.seed)
        print(line)
        if out:
            out.write(line + "\n")
            out.flush()


if __name__ == "__main__":
    main()
