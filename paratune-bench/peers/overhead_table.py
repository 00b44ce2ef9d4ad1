#!/usr/bin/python3
"""Side-by-side table of `overhead` results (JSON lines from paratune-bench and optuna_overhead.py).

Groups lines by (system, threads) and reports medians over all lines of a group, then the ratio
Paratune / Optuna per thread count against the target (default 50x):
  - "same study": both systems' whole-study throughput at the same study size;
  - "vs Optuna's first tenth": against Optuna's throughput over the first tenth of its studies
    (Optuna slows as its in-memory study grows, so this is its best, small-study speed).

A last column compares Paratune with a fixed reference rate (--reference, default 2500/s: Optuna
3.1 measured on a quiet machine), which does not move with the load on this one.

Usage: /usr/bin/python3 overhead_table.py paratune.jsonl optuna.jsonl [--target 50] [--reference 2500]
"""
import argparse
import json
import math
import sys
from collections import OrderedDict


def median(values):
    s = sorted(v for v in values if v is not None)
    if not s:
        return float("nan")
    m = len(s) // 2
    return s[m] if len(s) % 2 else (s[m - 1] + s[m]) / 2


def load(paths):
    groups = OrderedDict()
    for path in paths:
        with open(path) as fh:
            for lineno, line in enumerate(fh, 1):
                line = line.strip()
                if not line:
                    continue
                try:
                    rec = json.loads(line)
                except ValueError as e:
                    sys.exit("%s:%d: not a JSON line (%s)" % (path, lineno, e))
                if rec.get("benchmark") != "overhead":
                    continue
                groups.setdefault((rec["system"], rec["threads"]), []).append(rec)
    return groups


def fmt(x, digits=0):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    return format(round(x, digits), ",." + str(digits) + "f")


def table(groups, target, reference):
    rows = ["| system | threads | runs | study size | trials/s | first tenth | last tenth "
            "| ask µs p50 | 10 suggests µs p50 | tell µs p50 | GC share |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    stats = {}
    for (system, threads), recs in groups.items():
        s = {k: median(r[k] for r in recs) for k in (
            "trials", "trials_per_second", "first_chunk_trials_per_second", "last_chunk_trials_per_second",
            "ask_us_p50", "suggest_us_p50", "tell_us_p50")}
        gc_share = median(r["gc_seconds"] / r["wall_seconds"] for r in recs
                          if r.get("gc_seconds") is not None and r["wall_seconds"] > 0)
        stats[(system, threads)] = s
        rows.append("| %s | %d | %d | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            system, threads, len(recs), fmt(s["trials"]), fmt(s["trials_per_second"]),
            fmt(s["first_chunk_trials_per_second"]), fmt(s["last_chunk_trials_per_second"]),
            fmt(s["ask_us_p50"], 2), fmt(s["suggest_us_p50"], 2), fmt(s["tell_us_p50"], 2),
            "-" if math.isnan(gc_share) else "%.0f%%" % (100 * gc_share)))
    ours = {t: v for (sys_, t), v in stats.items() if sys_.startswith("paratune")}
    peer = {t: v for (sys_, t), v in stats.items() if sys_.startswith("optuna")}
    threads = [t for t in ours if t in peer]
    if threads:
        rows += ["", "| threads | Paratune / Optuna, same study | Paratune / Optuna's first tenth | target"
                 " | Paratune / %s per s |" % fmt(reference), "|---:|---:|---:|---|---:|"]
        for t in threads:
            same = ours[t]["trials_per_second"] / peer[t]["trials_per_second"]
            small = ours[t]["trials_per_second"] / peer[t]["first_chunk_trials_per_second"]
            verdict = "met" if min(same, small) >= target else "NOT met"
            rows.append("| %d | %sx | %sx | %gx %s | %sx |" % (t, fmt(same, 1), fmt(small, 1), target, verdict,
                                                             fmt(ours[t]["trials_per_second"] / reference, 1)))
    return "\n".join(rows)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("files", nargs="+")
    p.add_argument("--target", type=float, default=50.0, help="required Paratune / Optuna ratio")
    p.add_argument("--reference", type=float, default=2500.0,
                   help="a fixed Optuna rate (trials/s) to compare with as well")
    a = p.parse_args(argv)
    groups = load(a.files)
    if not groups:
        sys.exit("no overhead result lines in " + ", ".join(a.files))
    print(table(groups, a.target, a.reference))
    return 0


if __name__ == "__main__":
    sys.exit(main())
