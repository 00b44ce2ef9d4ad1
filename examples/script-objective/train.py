#!/usr/bin/env python3
"""A toy "training script" tuned by examples/script-objective/study.yaml.

It takes its hyperparameters as command-line flags, "trains" for a few epochs (a noisy quadratic
whose optimum is lr=0.01, layers=3, optimizer=sgd with momentum 0.9), and speaks Paratune's
protocol on stdout:

    paratune: step=<epoch> value=<loss>     after each epoch (the pruner may stop the run)
    {"loss": <final loss>}                  the result, as the last JSON line

Any program that prints these lines can be tuned the same way, whatever its language.
"""
import argparse
import json
import math
import random
import time

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, required=True)
parser.add_argument("--layers", type=int, required=True)
parser.add_argument("--optimizer", choices=["adam", "sgd"], required=True)
parser.add_argument("--momentum", type=float, default=0.0)  # given only when optimizer is sgd
parser.add_argument("--epochs", type=int, default=8)
args = parser.parse_args()

random.seed(hash((args.lr, args.layers, args.optimizer, args.momentum)) & 0xFFFF)
target = (math.log10(args.lr) + 2) ** 2 + 0.3 * (args.layers - 3) ** 2
target += 0.2 if args.optimizer == "adam" else 0.5 * (args.momentum - 0.9) ** 2
loss = 5.0
for epoch in range(args.epochs):
    loss = target + (loss - target) * 0.5 + random.uniform(0, 0.02)
    print(f"epoch {epoch}: loss {loss:.4f}")
    print(f"paratune: step={epoch} value={loss}", flush=True)
    time.sleep(0.05)
print(json.dumps({"loss": loss}))
