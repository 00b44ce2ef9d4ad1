#!/usr/bin/python3
"""Optuna peer of `paratune-bench large`: the large protocol (docs/dev/large-protocol.md).

For each function and seed: a fresh in-memory study minimising the function, --budget evaluations
in rounds of --batch: each round asks `batch` trials before telling any (what `batch` parallel
workers look like to the optimiser), evaluates them, then tells all. Trials are asked with
study.ask(fixed_distributions=...), so each asked trial holds its parameters at once (what
Optuna's constant liar reads), as Paratune's study.ask(space) does.

One JSON line per run (the shared results format plus `batch`, `budget`, `round_ask_seconds`, the
wall time of each round's asks, `round_ask_cpu_seconds` and `cpu_seconds`, the process's CPU time
during each round's asks and over the run, and the load averages at the start and the end) is
appended to --out and printed; a summary per function goes to stderr.

Samplers (--sampler):
  cmaes             CmaEsSampler(seed=seed)
  tpe               TPESampler(seed=seed)       (Optuna's defaults: univariate, no constant liar)
  tpe-multivariate  TPESampler(seed=seed, multivariate=True, constant_liar=True)
  random            RandomSampler(seed=seed)

Functions: ackleyD, rastriginD, rosenbrockD, griewankD at any dimension D (2..1000), and the
shared protocol's branin2, hartmann6, ackley10 (bench_functions.lookup).

Run it with Debian's system python, python3-optuna (3.1) and python3-cmaes:
    /usr/bin/python3 paratune-bench/peers/optuna_large.py --sampler cmaes --function ackley20,rosenbrock20 \
        --budget 1000 --batch 50 --seeds 0-4 --out runs/large/optuna.jsonl
"""
import argparse
import json
import logging
import math
import os
import statistics
import sys
import time
import warnings

import optuna

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_functions import lookup  # noqa: E402

SAMPLERS = {
    "cmaes": ("CmaEsSampler", "default: CmaEsSampler(seed=seed)",
              lambda seed: optuna.samplers.CmaEsSampler(seed=seed)),
    "tpe": ("TPESampler", "default: TPESampler(seed=seed) (univariate, no constant liar)",
            lambda seed: optuna.samplers.TPESampler(seed=seed)),
    "tpe-multivariate": ("TPESampler", "multivariate-liar: TPESampler(seed=seed, multivariate=True,"
                         " constant_liar=True)",
                         lambda seed: optuna.samplers.TPESampler(seed=seed, multivariate=True, constant_liar=True)),
    "random": ("RandomSampler", "default: RandomSampler(seed=seed)",
               lambda seed: optuna.samplers.RandomSampler(seed=seed)),
}
CHECKPOINTS = (100, 250, 500, 1000)
FLOOR = 1e-12


def seeds_arg(text):
    out = []
    for part in text.split(","):
        lo, sep, hi = part.strip().partition("-")
        try:
            if sep:
                if int(hi) < int(lo):
                    raise argparse.ArgumentTypeError(f"range {part} is empty; write LOW-HIGH")
                out.extend(range(int(lo), int(hi) + 1))
            else:
                out.append(int(lo))
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text} is not a list of seeds; write 0-4 or 0,3,5")
    return out


def positive_int(text):
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text} is not a whole number; give one >= 1")
    if v < 1:
        raise argparse.ArgumentTypeError(f"{text} is too small; give a whole number >= 1")
    return v


def load_average():
    try:
        with open("/proc/loadavg") as fh:
            return [float(v) for v in fh.read().split()[:3]]
    except OSError:
        return None


def run_one(factory, function, seed, budget, batch):
    dim, lower, upper, _f_star, f = lookup(function)
    study = optuna.create_study(direction="minimize", sampler=factory(seed))
    dists = {f"x{i}": optuna.distributions.FloatDistribution(lower[i], upper[i]) for i in range(dim)}
    trajectory = []
    rounds = []
    rounds_cpu = []
    best = float("inf")
    started = time.perf_counter()
    cpu_started = time.process_time()
    while len(trajectory) < budget:
        n = min(batch, budget - len(trajectory))
        t0 = time.perf_counter()
        c0 = time.process_time()
        asked = [study.ask(fixed_distributions=dists) for _ in range(n)]
        rounds.append(time.perf_counter() - t0)
        rounds_cpu.append(time.process_time() - c0)
        values = [f([t.params[f"x{i}"] for i in range(dim)]) for t in asked]
        for t, v in zip(asked, values):
            study.tell(t, v)
            best = min(best, v)
            trajectory.append(best)
    return trajectory, rounds, rounds_cpu, time.perf_counter() - started, time.process_time() - cpu_started


def log_regret(best, f_star):
    return math.log10(max(best - f_star, FLOOR))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sampler", required=True, choices=sorted(SAMPLERS))
    ap.add_argument("--function", required=True, help="comma-separated, as ackley20,rastrigin50")
    ap.add_argument("--budget", type=positive_int, default=1000)
    ap.add_argument("--batch", type=positive_int, default=50)
    ap.add_argument("--seeds", type=seeds_arg, default=list(range(5)))
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    functions = [fn.strip() for fn in args.function.split(",")]
    for fn in functions:
        try:
            lookup(fn)
        except ValueError as e:
            ap.error(f"--function: {e}")
    name, config, factory = SAMPLERS[args.sampler]

    optuna.logging.set_verbosity(optuna.logging.ERROR)
    logging.getLogger("optuna").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    checkpoints = [c for c in CHECKPOINTS if c < args.budget] + [args.budget]
    system = "optuna " + optuna.__version__
    with open(args.out, "a") as out:
        for fn in functions:
            f_star = lookup(fn)[3]
            runs = []
            for seed in args.seeds:
                load_start = load_average()
                trajectory, rounds, rounds_cpu, wall, cpu = run_one(factory, fn, seed, args.budget, args.batch)
                line = json.dumps({"system": system, "sampler": name, "config": config,
                                   "mode": f"batch{args.batch}", "function": fn, "seed": seed,
                                   "f_star": f_star, "trajectory": trajectory, "wall_seconds": round(wall, 4),
                                   "batch": args.batch, "budget": args.budget,
                                   "round_ask_seconds": [round(r, 6) for r in rounds],
                                   "cpu_seconds": round(cpu, 4),
                                   "round_ask_cpu_seconds": [round(r, 6) for r in rounds_cpu],
                                   "load_average_start": load_start, "load_average_end": load_average()})
                out.write(line + "\n")
                out.flush()
                print(line)
                runs.append((trajectory, rounds, wall, rounds_cpu))
            regrets = " ".join(
                f"@{c} {statistics.median(log_regret(t[c - 1], f_star) for t, _r, _w, _c in runs):.2f}"
                for c in checkpoints)
            round_times = [r for _t, rs, _w, _c in runs for r in rs]
            round_cpu = [r for _t, _r, _w, cs in runs for r in cs]
            print(f"{system} {name} [{args.sampler}] {fn} batch {args.batch}: median log10 regret {regrets};"
                  f" round of asks median {statistics.median(round_times):.3f} s"
                  f" (CPU {statistics.median(round_cpu):.3f} s), max {max(round_times):.3f} s;"
                  f" median wall {statistics.median(w for _t, _r, w, _c in runs):.1f} s over {len(runs)} seeds",
                  file=sys.stderr)


if __name__ == "__main__":
    main()
