#!/usr/bin/python3
"""Optuna peer of `paratune-bench quality`: the shared quality protocol (shared/bench/README.md).

For each function, mode and seed: a fresh in-memory study minimising the function, 64
evaluations. `seq` asks, evaluates and tells one trial at a time; `batch8` asks 8 trials before
telling any, 8 rounds (what 8 parallel workers look like to the optimiser). Trials are asked with
study.ask(fixed_distributions={"x0".."x<d-1>": FloatDistribution(low, high)}), so each asked trial
holds its parameters at once, as Paratune's study.ask(space) does: Optuna's constant liar reads
the parameters of RUNNING trials, and with ask() plus later suggest_float calls it would see none. One JSON line per run (shared results format) goes to
--out (appended) and stdout; a summary per cell goes to stderr.

Samplers (--sampler, --config):
  tpe    default            TPESampler(seed=seed)                       (univariate, no liar)
  tpe    multivariate-liar  TPESampler(seed, multivariate=True, constant_liar=True)
  cmaes  default            CmaEsSampler(seed=seed)
  random default            RandomSampler(seed=seed)

Run it with Debian's system python, python3-optuna (3.1) and python3-cmaes:
    /usr/bin/python3 paratune-bench/peers/optuna_quality.py --sampler tpe --config multivariate-liar \
        --function branin2 --mode batch8 --seeds 0-9 --out runs/quality/optuna.jsonl
"""
import argparse
import json
import logging
import os
import statistics
import sys
import time
import warnings

import optuna

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_functions import SUITE, lookup  # noqa: E402

BUDGET = 64
BATCH = 8

CONFIGS = {
    ("tpe", "default"): ("TPESampler", lambda seed: optuna.samplers.TPESampler(seed=seed)),
    ("tpe", "multivariate-liar"): ("TPESampler", lambda seed: optuna.samplers.TPESampler(
        seed=seed, multivariate=True, constant_liar=True)),
    ("cmaes", "default"): ("CmaEsSampler", lambda seed: optuna.samplers.CmaEsSampler(seed=seed)),
    ("random", "default"): ("RandomSampler", lambda seed: optuna.samplers.RandomSampler(seed=seed)),
}


def seeds_arg(text):
    out = []
    for part in text.split(","):
        if "-" in part:
            lo, hi = part.split("-")
            out.extend(range(int(lo), int(hi) + 1))
        else:
            out.append(int(part))
    return out


def run_one(sampler_factory, function, mode, seed):
    dim, lower, upper, _f_star, f = lookup(function)
    study = optuna.create_study(direction="minimize", sampler=sampler_factory(seed))
    dists = {f"x{i}": optuna.distributions.FloatDistribution(lower[i], upper[i]) for i in range(dim)}
    trajectory = []
    best = float("inf")

    def ask():
        # ask with the fixed search space suggests every parameter at once, so that trials asked
        # before others are told already hold their parameters (what constant_liar reads)
        return study.ask(fixed_distributions=dists)

    def evaluate(trial):
        return f([trial.params[f"x{i}"] for i in range(dim)])

    started = time.perf_counter()
    batch_size = 1 if mode == "seq" else BATCH
    while len(trajectory) < BUDGET:
        batch = [ask() for _ in range(min(batch_size, BUDGET - len(trajectory)))]
        values = [evaluate(t) for t in batch]
        for t, v in zip(batch, values):
            study.tell(t, v)
            best = min(best, v)
            trajectory.append(best)
    return trajectory, time.perf_counter() - started


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sampler", required=True, choices=["tpe", "cmaes", "random"])
    ap.add_argument("--config", default="default")
    ap.add_argument("--function", required=True, help="comma-separated: " + ",".join(SUITE)
                    + ", or ackleyD, rastriginD, rosenbrockD, griewankD at a dimension D (as ackley20)")
    ap.add_argument("--mode", required=True, help="comma-separated: seq,batch8")
    ap.add_argument("--seeds", type=seeds_arg, default=list(range(10)))
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    if (args.sampler, args.config) not in CONFIGS:
        ap.error(f"--config {args.config} is not known for --sampler {args.sampler}; known: "
                 + ", ".join(c for s, c in CONFIGS if s == args.sampler))
    name, factory = CONFIGS[(args.sampler, args.config)]
    functions = args.function.split(",")
    modes = args.mode.split(",")
    for fn in functions:
        try:
            lookup(fn)
        except ValueError as e:
            ap.error(f"--function: {e}")
    for mode in modes:
        if mode not in ("seq", "batch8"):
            ap.error(f"--mode {mode} is not seq or batch8")

    optuna.logging.set_verbosity(optuna.logging.ERROR)
    logging.getLogger("optuna").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    config = f"{args.config}: {name}(" + {
        ("tpe", "default"): "seed=seed",
        ("tpe", "multivariate-liar"): "seed=seed, multivariate=True, constant_liar=True",
        ("cmaes", "default"): "seed=seed",
        ("random", "default"): "seed=seed",
    }[(args.sampler, args.config)] + ")"
    with open(args.out, "a") as out:
        for fn in functions:
            for mode in modes:
                finals = []
                for seed in args.seeds:
                    trajectory, wall = run_one(factory, fn, mode, seed)
                    line = json.dumps({"system": "optuna " + optuna.__version__, "sampler": name,
                                       "config": config, "mode": mode, "function": fn, "seed": seed,
                                       "f_star": lookup(fn)[3], "trajectory": trajectory,
                                       "wall_seconds": round(wall, 4)})
                    out.write(line + "\n")
                    out.flush()
                    print(line)
                    finals.append(trajectory[-1])
                print(f"optuna {name} [{args.config}] {fn} {mode}: median best {statistics.median(finals):.6g}"
                      f" over {len(finals)} seeds", file=sys.stderr)


if __name__ == "__main__":
    main()
