#!/usr/bin/python3
"""Markdown table of `early-stopping` results (Paratune and the Optuna peer, JSON lines).

Per system, pruner and setting (min resource, reduction factor): the training steps (epochs) spent,
as a mean over seeds and as a share of the steps without pruning; the best final validation loss,
mean and standard deviation over seeds; the mean gap to the best loss without pruning of the same
seed and system; and in how many seeds the best configuration found is the one found without
pruning (which, all trials being replayed identically, is the best among the run's trials).

    /usr/bin/python3 paratune-bench/peers/early_stopping_table.py paratune.jsonl optuna.jsonl --out table.md
"""
import argparse
import json
import statistics as st
import sys


def main():
    p = argparse.ArgumentParser()
    p.add_argument("files", nargs="+")
    p.add_argument("--out")
    a = p.parse_args()
    rows = []
    for f in a.files:
        with open(f) as fh:
            rows.extend(json.loads(line) for line in fh if line.strip())
    none = {(r["system"], r["seed"]): r for r in rows if r["pruner"] == "none"}
    groups = {}
    for r in rows:
        setting = "-" if r["pruner"] in ("none", "median") else f'{r["min_resource"]}, {r["reduction_factor"]}'
        groups.setdefault((r["system"].split()[0], r["pruner"], setting), {})[r["seed"]] = r
    order = {"none": 0, "median": 1, "asha": 2, "hyperband": 3}
    lines = ["| system | pruner | min resource, eta | seeds | training steps (mean) | share of no pruning"
             " | best loss, mean ± sd | gap to no pruning | same best as no pruning |",
             "|---|---|---|---|---|---|---|---|---|"]
    for key in sorted(groups, key=lambda k: (order.get(k[1], 9), k[2], k[0])):
        system, pruner, setting = key
        runs = list(groups[key].values())
        base = [none[(r["system"], r["seed"])] for r in runs]
        steps = st.mean(r["steps"] for r in runs)
        share = sum(r["steps"] for r in runs) / sum(b["steps"] for b in base)
        losses = [r["best_loss"] if r["best_loss"] is not None else float("nan") for r in runs]
        sd = st.stdev(losses) if len(losses) > 1 else 0.0
        gap = st.mean(l - b["best_loss"] for l, b in zip(losses, base))
        same = sum(r["best_config"] == b["best_config"] for r, b in zip(runs, base))
        lines.append(f"| {system} | {pruner} | {setting} | {len(runs)} | {steps:.0f} | {share:.1%} | "
                     f"{st.mean(losses):.4f} ± {sd:.4f} | {gap:+.4f} | {same}/{len(runs)} |")
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    if a.out:
        with open(a.out, "w") as fh:
            fh.write(text)


if __name__ == "__main__":
    main()
