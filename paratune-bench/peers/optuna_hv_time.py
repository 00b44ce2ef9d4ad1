#!/usr/bin/python3
"""Optuna peer of `paratune-bench hv-time`: the time of one exact hypervolume with Optuna 3.1's
optuna._hypervolume.WFG (the class its samplers and hypervolume utilities use) on the same point
sets: n points on the unit sphere of m dimensions, u_j = frac(0.5 + (i + 1) sqrt(p_j)) for the j-th
prime p_j, normalised; reference point (1.1, ..., 1.1). One unmeasured run unless --repeats is 1,
then the median of --repeats; a case whose first run exceeds --budget seconds is not repeated.

    /usr/bin/python3 paratune-bench/peers/optuna_hv_time.py --objectives 2,3 --points 1000,10000
"""
import argparse
import json
import math
import statistics
import sys
import time

import numpy as np
import optuna
from optuna._hypervolume import WFG

PRIMES = [2, 3, 5, 7, 11, 13, 17, 19]


def sphere(m, n):
    pts = np.empty((n, m))
    for i in range(n):
        for j in range(m):
            x = 0.5 + (i + 1) * math.sqrt(PRIMES[j])
            pts[i, j] = x - math.floor(x)
        pts[i] /= np.linalg.norm(pts[i])
    return pts


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--objectives", default="2,3")
    p.add_argument("--points", default="1000,10000")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--budget", type=float, default=30.0)
    p.add_argument("--out")
    a = p.parse_args()
    system = "optuna " + optuna.__version__
    for m in [int(x) for x in a.objectives.split(",")]:
        for n in [int(x) for x in a.points.split(",")]:
            pts = sphere(m, n)
            ref = np.full(m, 1.1)
            t0 = time.perf_counter()
            volume = WFG().compute(pts, ref)
            first = (time.perf_counter() - t0) * 1000
            times = [first]
            if first / 1000 < a.budget and a.repeats > 1:
                times = []
                for _ in range(a.repeats):
                    t0 = time.perf_counter()
                    volume = WFG().compute(pts, ref)
                    times.append((time.perf_counter() - t0) * 1000)
            line = json.dumps({"system": system, "objectives": m, "points": n,
                               "median_ms": round(statistics.median(times), 3),
                               "ms": [round(t, 3) for t in times], "hypervolume": round(float(volume), 9)})
            print(line, flush=True)
            print(f"{system} hypervolume, {m} objectives, {n} points: median {statistics.median(times):.2f} ms"
                  f" (volume {volume:.6f})", file=sys.stderr, flush=True)
            if a.out:
                with open(a.out, "a") as f:
                    f.write(line + "\n")


if __name__ == "__main__":
    main()
