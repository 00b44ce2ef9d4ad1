#!/usr/bin/python3
"""Optuna peer of `paratune-bench mo-quality`: the shared multi-objective protocol
(shared/bench/README.md).

For each function and seed: a fresh in-memory study minimising every objective, 200 evaluations
in mode `batch8` (8 trials asked before any is told, 25 rounds). Trials are asked with
study.ask(fixed_distributions=...), so each holds its parameters at once, as Paratune's
study.ask(space) does. One JSON line per run goes to --out (appended) and stdout, carrying
"trajectory" (the hypervolume of the non-dominated evaluated points w.r.t. the protocol's
reference point after each evaluation) and "hv_true"; the median log10 hypervolume gap at 50, 100
and 200 evaluations per function goes to stderr.

Samplers (--sampler):
  nsga2   NSGAIISampler(seed=seed)
  tpe     TPESampler(seed=seed)        (MOTPE: Optuna 3.1's TPE with several objectives)
  random  RandomSampler(seed=seed)

Run it with Debian's system python and python3-optuna (3.1):
    /usr/bin/python3 paratune-bench/peers/optuna_mo_quality.py --sampler tpe --function zdt1_6,dtlz2_6 \
        --seeds 0-9 --out runs/mo-quality/optuna.jsonl
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
from bench_functions import MO_SUITE  # noqa: E402

BUDGET = 200
BATCH = 8

CONFIGS = {
    "nsga2": ("NSGAIISampler", "default: NSGAIISampler(seed=seed)",
              lambda seed: optuna.samplers.NSGAIISampler(seed=seed)),
    "tpe": ("TPESampler", "default: TPESampler(seed=seed) (MOTPE)",
            lambda seed: optuna.samplers.TPESampler(seed=seed)),
    "random": ("RandomSampler", "default: RandomSampler(seed=seed)",
               lambda seed: optuna.samplers.RandomSampler(seed=seed)),
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


def hypervolume(points, ref):
    """Exact hypervolume (minimisation) of 2-D or 3-D points w.r.t. ref; points beyond ref add nothing."""
    pts = [p for p in points if all(v < r for v, r in zip(p, ref))]
    if not pts:
        return 0.0
    if len(ref) == 2:
        pts.sort()
        total, best2 = 0.0, ref[1]
        for x, y in pts:
            if y < best2:
                total += (ref[0] - x) * (best2 - y)
                best2 = y
        return total
    # 3-D: sweep over the third objective, 2-D hypervolume of each slab
    pts.sort(key=lambda p: p[2])
    total = 0.0
    for i, p in enumerate(pts):
        upper = pts[i + 1][2] if i + 1 < len(pts) else ref[2]
        if upper > p[2]:
            total += hypervolume([q[:2] for q in pts[:i + 1]], ref[:2]) * (upper - p[2])
    return total


def run_one(factory, function, seed, budget):
    dim, lower, upper, ref, _hv_true, f = MO_SUITE[function]
    study = optuna.create_study(directions=["minimize"] * len(ref), sampler=factory(seed))
    dists = {f"x{i}": optuna.distributions.FloatDistribution(lower[i], upper[i]) for i in range(dim)}
    trajectory = []
    front = []
    started = time.perf_counter()
    while len(trajectory) < budget:
        batch = [study.ask(fixed_distributions=dists) for _ in range(min(BATCH, budget - len(trajectory)))]
        values = [f([t.params[f"x{i}"] for i in range(dim)]) for t in batch]
        for t, v in zip(batch, values):
            study.tell(t, v)
            if not any(all(a <= b for a, b in zip(q, v)) for q in front):
                front = [q for q in front if not all(a <= b for a, b in zip(v, q))] + [v]
            trajectory.append(hypervolume(front, ref))
    return trajectory, time.perf_counter() - started


def gap(hv_true, hv):
    return math.log10(max(hv_true - hv, 1e-12))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sampler", required=True, choices=sorted(CONFIGS))
    ap.add_argument("--function", default="zdt1_6,dtlz2_6", help="comma-separated: " + ",".join(MO_SUITE))
    ap.add_argument("--seeds", type=seeds_arg, default=list(range(10)))
    ap.add_argument("--budget", type=int, default=BUDGET)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    functions = args.function.split(",")
    for fn in functions:
        if fn not in MO_SUITE:
            ap.error(f"--function {fn} is not one of {', '.join(MO_SUITE)}")
    name, config, factory = CONFIGS[args.sampler]
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    logging.getLogger("optuna").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "a") as out:
        for fn in functions:
            hv_true = MO_SUITE[fn][4]
            gaps = {50: [], 100: [], 200: []}
            for seed in args.seeds:
                trajectory, wall = run_one(factory, fn, seed, args.budget)
                line = json.dumps({"system": "optuna " + optuna.__version__, "sampler": name, "config": config,
                                   "mode": "batch8", "function": fn, "seed": seed, "hv_true": hv_true,
                                   "reference": MO_SUITE[fn][3], "trajectory": trajectory,
                                   "wall_seconds": round(wall, 4)})
                out.write(line + "\n")
                out.flush()
                print(line)
                for at in gaps:
                    if at <= len(trajectory):
                        gaps[at].append(gap(hv_true, trajectory[at - 1]))
            print(f"optuna {name} {fn} batch8: median log10 HV gap "
                  + ", ".join(f"{statistics.median(g):.2f} at {at}" for at, g in gaps.items() if g),
                  file=sys.stderr)


if __name__ == "__main__":
    main()
