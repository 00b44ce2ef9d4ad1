#!/usr/bin/env python3
"""Markdown table of large-protocol runs (`paratune-bench large`, optuna_large.py).

Reads any number of JSONL files, one run per line in the shared results format plus `batch`
and `round_ask_seconds` (the wall time of each round's asks). One row per function, system,
sampler, configuration and batch size; columns:

- median log10 simple regret [q25, q75] over seeds at each checkpoint (default: those of 100,
  250, 500, 1000 below the largest budget, then that budget; regret = max(best - f_star, 1e-12)); a run shorter than a checkpoint (stopped by a time
  limit) is left out of that cell, and a cell no run reaches shows "-";
- the median over seeds of the last round's ask time (wall, then the process's CPU time where the
  lines have it), and the longest round of any seed;
- the median wall seconds per run, and its CPU seconds where the lines have them.

Usage:
    python3 large_table.py runs/large/paratune-*.jsonl runs/large/optuna-*.jsonl [--checkpoints 100,500,5000]
        [--out table.md]
"""
import argparse
import json
import math
import sys
from collections import OrderedDict

FLOOR = 1e-12


def percentile(vals, q):
    xs = sorted(vals)
    pos = (len(xs) - 1) * q / 100.0
    lo = int(math.floor(pos))
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def load(paths):
    """(function, row label, batch) -> {seed: run}; a later line for the same seed wins."""
    groups = OrderedDict()
    for path in paths:
        with open(path) as fh:
            for lineno, line in enumerate(fh, 1):
                line = line.strip()
                if not line:
                    continue
                rec = json.loads(line)
                missing = [k for k in ("system", "sampler", "config", "function", "seed", "f_star", "trajectory",
                                       "wall_seconds", "round_ask_seconds") if k not in rec]
                if missing:
                    raise SystemExit(f"{path}:{lineno}: missing fields {missing}; is this a large-protocol file?")
                config = rec["config"].split(":")[0]
                label = f"{rec['system']} {rec['sampler']} [{config}]"
                batch = rec.get("batch", "?")
                groups.setdefault((rec["function"], label, batch), {})[rec["seed"]] = rec
    return groups


def regret_cell(runs, k):
    vals = [math.log10(max(r["trajectory"][k - 1] - r["f_star"], FLOOR)) for r in runs if len(r["trajectory"]) >= k]
    if not vals:
        return "-"
    cell = f"{percentile(vals, 50):.2f} [{percentile(vals, 25):.2f}, {percentile(vals, 75):.2f}]"
    return cell if len(vals) == len(runs) else f"{cell} (n={len(vals)})"


def table(groups, checkpoints):
    hdr = (["function", "system sampler [config]", "batch", "seeds"] + [f"@{c}" for c in checkpoints]
           + ["last round s", "last round CPU s", "max round s", "wall s", "CPU s"])
    out = ["| " + " | ".join(hdr) + " |", "|" + "|".join(["---"] * 2 + ["--:"] * (len(hdr) - 2)) + "|"]
    functions = list(dict.fromkeys(k[0] for k in groups))
    for fn in functions:
        for key in sorted((k for k in groups if k[0] == fn), key=lambda k: (k[1], str(k[2]))):
            runs = list(groups[key].values())
            rounds = [r["round_ask_seconds"] for r in runs if r["round_ask_seconds"]]
            last = f"{percentile([rs[-1] for rs in rounds], 50):.3f}" if rounds else "-"
            longest = f"{max(max(rs) for rs in rounds):.3f}" if rounds else "-"
            cpu_rounds = [r["round_ask_cpu_seconds"] for r in runs if r.get("round_ask_cpu_seconds")]
            last_cpu = f"{percentile([rs[-1] for rs in cpu_rounds], 50):.3f}" if cpu_rounds else "-"
            wall = percentile([r["wall_seconds"] for r in runs], 50)
            cpus = [r["cpu_seconds"] for r in runs if r.get("cpu_seconds") is not None]
            cpu = f"{percentile(cpus, 50):.1f}" if cpus else "-"

            stopped = sum(1 for r in runs if "stopped" in r)
            seeds = f"{len(runs)}" + (f" ({stopped} stopped)" if stopped else "")
            out.append("| " + " | ".join([fn, key[1], str(key[2]), seeds] + [regret_cell(runs, c) for c in checkpoints]
                                         + [last, last_cpu, longest, f"{wall:.1f}", cpu]) + " |")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("jsonl", nargs="+")
    ap.add_argument("--checkpoints", help="comma-separated evaluation counts (default: 100, 250, 500, 1000 below"
                    " the largest budget, then the budget)")
    ap.add_argument("--out", help="write the markdown here as well as to stdout")
    args = ap.parse_args()
    groups = load(args.jsonl)
    if args.checkpoints:
        try:
            checkpoints = [int(c) for c in args.checkpoints.split(",")]
            if any(c < 1 for c in checkpoints):
                raise ValueError
        except ValueError:
            ap.error(f"--checkpoints {args.checkpoints} is not a list of evaluation counts >= 1;"
                     " write 100,250,500,1000")
    else:
        budget = max((r.get("budget", len(r["trajectory"])) for runs in groups.values() for r in runs.values()),
                     default=1000)
        checkpoints = [c for c in (100, 250, 500, 1000) if c < budget] + [budget]
    lines = ["Cells: median [q25, q75] over seeds of log10(best - f*) (floor 1e-12); lower is better."
             " last round s: median over seeds of the wall time of the last round's asks (CPU s: the process's"
             " CPU time, all threads, less dependent on the machine's load); max round s: the longest round of"
             " any seed; wall s, CPU s: medians per run; '-': not recorded.", ""]
    lines += table(groups, checkpoints)
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    if args.out:
        with open(args.out, "w") as fh:
            fh.write(text)


if __name__ == "__main__":
    main()
