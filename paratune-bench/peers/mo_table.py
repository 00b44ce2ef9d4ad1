#!/usr/bin/python3
"""Side-by-side table of the shared multi-objective protocol (shared/bench/README.md) from JSON-lines
files of `paratune-bench mo-quality` and peers/optuna_mo_quality.py: per function, one row per
system, sampler and configuration, the median [interquartile range] over seeds of
log10(hv_true - hypervolume found) at 50, 100 and 200 evaluations, and the median wall time per run.

    /usr/bin/python3 paratune-bench/peers/mo_table.py runs/mo/paratune.jsonl runs/mo/optuna.jsonl
"""
import argparse
import json
import math
import statistics
from collections import defaultdict

CHECKPOINTS = (50, 100, 200)


def quartiles(values):
    v = sorted(values)
    if len(v) == 1:
        return v[0], v[0], v[0]
    q = statistics.quantiles(v, n=4, method="inclusive")
    return q[0], statistics.median(v), q[2]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="+")
    ap.add_argument("--out", help="also write the table here")
    args = ap.parse_args()
    cells = defaultdict(list)
    for path in args.files:
        with open(path) as f:
            for line in f:
                if line.strip():
                    r = json.loads(line)
                    if "hv_true" in r:
                        key = (r["function"], r["system"], r["sampler"], r["config"].split(":")[0])
                        cells[key].append(r)
    lines = []
    for function in sorted({k[0] for k in cells}, key=lambda f: (f != "zdt1_6", f)):
        lines.append(f"\n**{function}** (batch8; median [IQR] log10 hypervolume gap over seeds)\n")
        lines.append("| system | sampler | config | seeds | "
                     + " | ".join(f"at {c}" for c in CHECKPOINTS) + " | wall s/run |")
        lines.append("|---|---|---|---|" + "---|" * len(CHECKPOINTS) + "---|")
        rows = sorted((k for k in cells if k[0] == function), key=lambda k: (k[1], k[2], k[3]))
        for key in rows:
            runs = cells[key]
            parts = []
            for c in CHECKPOINTS:
                gaps = [math.log10(max(r["hv_true"] - r["trajectory"][c - 1], 1e-12))
                        for r in runs if len(r["trajectory"]) >= c]
                if gaps:
                    lo, med, hi = quartiles(gaps)
                    parts.append(f"{med:.2f} [{lo:.2f}, {hi:.2f}]")
                else:
                    parts.append("-")
            wall = statistics.median(r["wall_seconds"] for r in runs)
            lines.append(f"| {key[1]} | {key[2]} | {key[3]} | {len(runs)} | " + " | ".join(parts)
                         + f" | {wall:.1f} |")
    text = "\n".join(lines).lstrip("\n") + "\n"
    print(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
