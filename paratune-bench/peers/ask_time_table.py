#!/usr/bin/python3
"""Markdown table of `ask-time` results (Paratune's and the Optuna peer's JSON lines): one row per
system and sampler configuration, median and mean milliseconds per ask and CPU milliseconds per ask
at each history size, and the ratio of the largest to the smallest history. With several rounds
(lines of the same system, configuration and history), each figure is the median over rounds.

    /usr/bin/python3 paratune-bench/peers/ask_time_table.py paratune.jsonl optuna.jsonl
"""
import json
import sys


def median(values):
    s = sorted(values)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


def main():
    rows = {}
    histories = set()
    for path in sys.argv[1:]:
        for line in open(path):
            if not line.strip():
                continue
            r = json.loads(line)
            key = (r["system"], r["sampler"], r["config"])
            rows.setdefault(key, {}).setdefault(r["history"], []).append(r)
            histories.add(r["history"])
    for by in rows.values():
        for h, rs in by.items():
            by[h] = {k: median([r[k] for r in rs]) for k in ("median_ms", "mean_ms", "cpu_mean_ms")}
            by[h]["rounds"] = len(rs)
    hs = sorted(histories)
    head = ["system", "sampler", "config", "rounds"]
    for h in hs:
        head += [f"median ms @{h}", f"mean ms @{h}", f"CPU ms @{h}"]
    head += [f"median @{hs[-1]} / @{hs[0]}"]
    print("| " + " | ".join(head) + " |")
    print("|---|---|---|" + "|".join(["--:"] * (len(head) - 3)) + "|")
    for (system, sampler, config), by in rows.items():
        cells = [system, sampler, config.split(":")[0], str(min(r["rounds"] for r in by.values()))]
        for h in hs:
            r = by.get(h)
            cells += ["-", "-", "-"] if r is None else [f"{r['median_ms']:.3f}", f"{r['mean_ms']:.3f}",
                                                         f"{r['cpu_mean_ms']:.3f}"]
        lo, hi = by.get(hs[0]), by.get(hs[-1])
        cells.append(f"{hi['median_ms'] / lo['median_ms']:.2f}" if lo and hi and len(hs) > 1 else "-")
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
