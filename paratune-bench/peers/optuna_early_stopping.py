#!/usr/bin/python3
"""Optuna peer of `paratune-bench early-stopping`: pruners replaying recorded learning curves.

Reads the curves file written by `paratune-bench record-curves` (one row per MLP configuration:
validation loss after each epoch; NaN: diverged). Trial n of run `seed` trains configuration
order[n], the first --trials of a SplitMix64-driven Fisher-Yates shuffle computed exactly as the
Java side does, so both replay identical work. Each trial reports the loss after each epoch
(step = epochs trained), stops when pruned, and otherwise returns its final loss. The study is
named "early-stopping-<seed>" (Hyperband's bracket assignment hashes it, as Paratune's does) and
runs with n_jobs=--workers threads. One JSON line per pruner and seed goes to --out (appended)
and stdout.

Pruners (--pruner):
  none       NopPruner()
  median     MedianPruner()                                  (5 startup trials, no warm-up)
  asha       SuccessiveHalvingPruner(min_resource, reduction_factor)
  hyperband  HyperbandPruner(min_resource, max_resource=epochs, reduction_factor)

Run it with Debian's system python and python3-optuna (3.1):
    /usr/bin/python3 paratune-bench/peers/optuna_early_stopping.py --pruner asha,hyperband --seeds 0-4 \
        --out runs/early-stopping/optuna.jsonl
"""
import argparse
import json
import logging
import math
import sys
import threading
import time

import optuna

MASK = (1 << 64) - 1


def read_curves(path):
    curves = []
    header = True
    with open(path) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            if header:
                header = False
                continue
            cells = line.rstrip("\n").split(",")
            curves.append([float(v) for v in cells[6:]])
    return curves


def order(n, trials, seed):
    """Fisher-Yates driven by SplitMix64, as LearningCurves.order in Java."""
    out = list(range(n))
    state = seed & MASK
    for i in range(n - 1, 0, -1):
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        z ^= z >> 31
        j = z % (i + 1)
        out[i], out[j] = out[j], out[i]
    return out[:trials]


def pruner(name, min_resource, max_resource, eta):
    if name == "none":
        return optuna.pruners.NopPruner()
    if name == "median":
        return optuna.pruners.MedianPruner()
    if name == "asha":
        return optuna.pruners.SuccessiveHalvingPruner(min_resource=min_resource, reduction_factor=eta)
    if name == "hyperband":
        return optuna.pruners.HyperbandPruner(min_resource=min_resource, max_resource=max_resource,
                                              reduction_factor=eta)
    raise SystemExit(f"--pruner {name} is not known; give some of none,median,asha,hyperband")


def run(curves, name, seed, trials, workers, min_resource, eta):
    epochs = len(curves[0])
    configs = order(len(curves), trials, seed)
    steps = [0]
    lock = threading.Lock()

    def objective(trial):
        curve = curves[configs[trial.number]]
        for epoch in range(1, epochs + 1):
            with lock:
                steps[0] += 1
            trial.report(curve[epoch - 1], epoch)
            if trial.should_prune():
                raise optuna.TrialPruned()
        return curve[-1]

    study = optuna.create_study(study_name=f"early-stopping-{seed}",
                                sampler=optuna.samplers.RandomSampler(seed=seed),
                                pruner=pruner(name, min_resource, epochs, eta))
    start = time.perf_counter()
    study.optimize(objective, n_trials=trials, n_jobs=workers)
    seconds = time.perf_counter() - start
    states = optuna.trial.TrialState
    complete = [t for t in study.trials if t.state == states.COMPLETE]
    best = min(complete, key=lambda t: t.value) if complete else None
    return {
        "system": f"optuna {optuna.__version__}", "pruner": name, "seed": seed, "trials": trials,
        "workers": workers, "steps": steps[0], "max_steps": trials * epochs,
        "best_loss": round(best.value, 6) if best else None,
        "best_config": configs[best.number] if best else -1, "complete": len(complete),
        "pruned": sum(t.state == states.PRUNED for t in study.trials),
        "failed": sum(t.state == states.FAIL for t in study.trials),
        "seconds": round(seconds, 3), "min_resource": min_resource, "reduction_factor": eta,
    }


def seeds(text):
    out = []
    for part in text.split(","):
        if "-" in part[1:]:
            lo, hi = part.split("-", 1)
            out.extend(range(int(lo), int(hi) + 1))
        else:
            out.append(int(part))
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--curves", default="paratune-bench/curves/digits-mlp.csv")
    p.add_argument("--pruner", default="none,median,asha,hyperband")
    p.add_argument("--seeds", default="0-4")
    p.add_argument("--trials", type=int, default=100)
    p.add_argument("--workers", type=int, default=4)
    p.add_argument("--min-resource", type=int, default=1)
    p.add_argument("--reduction-factor", type=int, default=3)
    p.add_argument("--out")
    a = p.parse_args()
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    logging.getLogger("optuna").setLevel(logging.ERROR)
    curves = read_curves(a.curves)
    if a.trials > len(curves):
        raise SystemExit(f"--trials {a.trials} exceeds the {len(curves)} recorded configurations")
    out = open(a.out, "a") if a.out else None
    for name in a.pruner.split(","):
        for seed in seeds(a.seeds):
            line = json.dumps(run(curves, name, seed, a.trials, a.workers, a.min_resource, a.reduction_factor))
            print(line)
            if out:
                out.write(line + "\n")
                out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
