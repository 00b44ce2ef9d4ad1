#!/usr/bin/python3
"""Tables of `storage` results (JSON lines from paratune-bench storage and optuna_storage.py).

Throughput: medians per (system, backend, processes, warm-up), Paratune next to Optuna with the
ratio (the median over rounds of the ratio within each round, as the runs of one round ran side
by side) and the targets (SQLite 4 processes >= 300 trials/s, PostgreSQL 4 processes >= 1,000
trials/s, each >= 10x Optuna measured in the same run). Ask time: ask + 3 suggests at each study
size, flat when the median at the largest size is at most --flat times the one at the smallest.
Scale: many threads per process with trials that take a few milliseconds.

Usage: /usr/bin/python3 storage_table.py paratune.jsonl optuna.jsonl [--ratio 10] [--flat 1.5]
"""
import argparse
import json
import math
import sys
from collections import OrderedDict

TARGETS = {("sqlite", 4): 300.0, ("postgresql", 4): 1000.0}


def median(values):
    s = sorted(v for v in values if v is not None)
    if not s:
        return float("nan")
    m = len(s) // 2
    return s[m] if len(s) % 2 else (s[m - 1] + s[m]) / 2


def fmt(x, digits=0):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    return format(round(x, digits), ",." + str(digits) + "f")


def load(paths):
    lines = []
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
                if rec.get("benchmark") == "storage":
                    lines.append(rec)
    return lines


def group(lines, key):
    groups = OrderedDict()
    for rec in lines:
        groups.setdefault(key(rec), []).append(rec)
    return groups


def paired_ratio(ours, peer):
    """The median over rounds of Paratune / Optuna, pairing the k-th run of each (one round);
    the ratio of the medians when the counts differ."""
    if not ours or not peer:
        return float("nan")
    if len(ours) == len(peer):
        return median(a["trials_per_second"] / b["trials_per_second"] for a, b in zip(ours, peer))
    return median(r["trials_per_second"] for r in ours) / median(r["trials_per_second"] for r in peer)


def throughput(lines, ratio):
    rows = [r for r in lines if r["mode"] == "throughput"]
    ours = group([r for r in rows if r["system"].startswith("paratune")],
                 lambda r: (r["backend"], r["processes"], r.get("warmup_trials", 0) > 0))
    peer = group([r for r in rows if r["system"].startswith("optuna")], lambda r: (r["backend"], r["processes"]))
    out = ["| backend | processes | Paratune trials/s, cold workers | Paratune, warmed workers | Optuna 3.1 trials/s"
           " (trials run) | ratio cold | ratio warm | target | met |",
           "|---|---:|---:|---:|---:|---:|---:|---|---|"]
    keys = OrderedDict()
    for (backend, processes, _) in ours:
        keys[(backend, processes)] = True
    for backend, processes in keys:
        cold = ours.get((backend, processes, False), [])
        warm = ours.get((backend, processes, True), [])
        opt = peer.get((backend, processes), [])
        c = median(r["trials_per_second"] for r in cold)
        w = median(r["trials_per_second"] for r in warm)
        o = median(r["trials_per_second"] for r in opt)
        trials_run = median(r["trials"] for r in opt)
        capped = any(r.get("capped") for r in opt)
        rc = paired_ratio(cold, opt)
        rw = paired_ratio(warm, opt)
        absolute = TARGETS.get((backend, processes))
        target = ("%s/s, %gx" % (fmt(absolute), ratio)) if absolute else "%gx" % ratio
        verdicts = []
        for label, value, r in (("cold", c, rc), ("warm", w, rw)):
            if math.isnan(value):
                continue
            ok = (absolute is None or value >= absolute) and (math.isnan(r) or r >= ratio)
            verdicts.append("%s %s" % (label, "yes" if ok else "NO"))
        out.append("| %s | %d | %s | %s | %s (%s%s) | %sx | %sx | %s | %s |" % (
            backend, processes, fmt(c), fmt(w), fmt(o, 1), fmt(trials_run), ", capped" if capped else "",
            fmt(rc, 1), fmt(rw, 1), target, ", ".join(verdicts) or "-"))
    return out


def ask_time(lines, flat):
    rows = [r for r in lines if r["mode"] == "ask-time"]
    if not rows:
        return []
    groups = group(rows, lambda r: (r["backend"], r["sampler"]))
    out = ["| backend | sampler | finished trials | ask + 3 suggests ms p50 | p99 | first ask of a new worker ms"
           " | largest / smallest p50 | flat |",
           "|---|---|---:|---:|---:|---:|---:|---|"]
    for (backend, sampler), recs in groups.items():
        sizes = OrderedDict()
        for r in recs:
            sizes.setdefault(r["finished_trials"], []).append(r)
        p50 = {n: median(r["ask_suggest_us_p50"] for r in rs) for n, rs in sizes.items()}
        smallest, largest = min(p50), max(p50)
        growth = p50[largest] / p50[smallest] if p50[smallest] > 0 else float("nan")
        for n, rs in sizes.items():
            cold = median(r.get("cold_ask_suggest_us") for r in rs)
            last = n == largest
            out.append("| %s | %s | %s | %s | %s | %s | %s | %s |" % (
                backend, sampler, fmt(n), fmt(p50[n] / 1e3, 2), fmt(median(r["ask_suggest_us_p99"] for r in rs) / 1e3, 2),
                fmt(cold / 1e3, 1) if not math.isnan(cold) else "-",
                fmt(growth, 2) + "x" if last else "", ("yes" if growth <= flat else "NO") if last else ""))
    return out


def scale(lines):
    rows = [r for r in lines if r["mode"] == "scale"]
    if not rows:
        return []
    out = ["| workers | trial work | warm-up | trials | trials/s | ask ms p50 | ask ms p99 | ask + 3 suggests ms p99"
           " | database connections (max) | load before -> after |",
           "|---|---:|---|---:|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        out.append("| %d processes x %d threads | %d ms | %s | %s | %s | %s | %s | %s | %s | %s -> %s |" % (
            r["processes"], r["threads_per_process"], r["trial_ms"],
            "%d trials per worker process" % r["warmup_trials"] if r.get("warmup_trials") else "none (cold)",
            fmt(r["trials"]), fmt(r["trials_per_second"]), fmt(r["ask_us_p50"] / 1e3, 1),
            fmt(r["ask_us_p99"] / 1e3, 1), fmt(r["ask_suggest_us_p99"] / 1e3, 1), r.get("max_db_connections", "-"),
            r.get("load_before", "-"), r.get("load_after", "-")))
    return out


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("files", nargs="+")
    p.add_argument("--ratio", type=float, default=10.0, help="required Paratune / Optuna ratio")
    p.add_argument("--flat", type=float, default=1.5, help="largest allowed growth of the ask time")
    a = p.parse_args(argv)
    lines = load(a.files)
    if not lines:
        sys.exit("no storage result lines in " + ", ".join(a.files))
    for table in (throughput(lines, a.ratio), ask_time(lines, a.flat), scale(lines)):
        if table:
            print("\n".join(table))
            print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
