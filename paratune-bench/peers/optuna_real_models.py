#!/usr/bin/python3
"""Optuna peer of `paratune-bench real-models`: Optuna's samplers on the real-model suite's problems.

For each problem, seed and sampler (in that order, as the Java side): a fresh in-memory study
minimising the problem's loss, --rounds rounds of --batch trials. Each round asks `batch` trials
before telling any (what `batch` parallel workers look like to the sampler), evaluates them, then
tells all; the Java side's `paratune run` instead keeps `batch` trials running asynchronously (see
docs/dev/real-models.md, "Optuna peer"). Every trial's parameters are suggested right after its ask, before the next ask, so a
constant liar sees them; a conditional parameter is suggested only when its `when` parameter holds
one of the listed values, as the study files the Java side writes say. The search spaces, the data
and the loss are those of real-models/problems.py, and each point goes through problems.typed (the
model server's check) and problems.evaluate (its evaluation), so a loss is the one the suite's model
server computes for the same parameters.

One JSON line per study, in the results format of `real-models` (RealModelRun), is appended to
--out and printed; a summary per study goes to stderr. Score them beside Paratune's results, which
must include Paratune's `random` runs with the same seeds (the table's reference):

    java -jar paratune-bench/target/paratune-bench.jar real-models-table \\
        --results runs/real-models/results.jsonl,runs/real-models/optuna.jsonl

Samplers (--samplers; labelled optuna-<name> in the results, apart from Paratune's own):
  tpe     TPESampler(seed=seed)                     (Optuna's defaults: univariate, no constant liar)
  tpe-cl  TPESampler(seed=seed, constant_liar=True)
  tpe-mv  TPESampler(seed=seed, multivariate=True, group=True, constant_liar=True)
  cmaes   CmaEsSampler(seed=seed)                   (categoricals and conditional parameters are
                                                     sampled at random, Optuna's fallback)
  random  RandomSampler(seed=seed)

A model that raises fails its trial (a model failure, no value), as on the Java side; a point
outside the search space, or Optuna raising, is a sampler failure, and the exit code is then 1.

Run it with Debian's system python, python3-optuna (3.1), python3-sklearn and python3-cmaes:
    /usr/bin/python3 paratune-bench/peers/optuna_real_models.py --samplers tpe,random \\
        --problems tree-breast-cancer,lasso-diabetes --seeds 0-2 --out runs/real-models/optuna.jsonl
"""
import os

# one thread per evaluation, as in model_server.py (set before numpy is imported)
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import math  # noqa: E402
import multiprocessing  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402

import optuna  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "real-models"))
import problems  # noqa: E402

SAMPLERS = {
    "tpe": lambda seed: optuna.samplers.TPESampler(seed=seed),
    "tpe-cl": lambda seed: optuna.samplers.TPESampler(seed=seed, constant_liar=True),
    "tpe-mv": lambda seed: optuna.samplers.TPESampler(seed=seed, multivariate=True, group=True,
                                                      constant_liar=True),
    "cmaes": lambda seed: optuna.samplers.CmaEsSampler(seed=seed),
    "random": lambda seed: optuna.samplers.RandomSampler(seed=seed),
}
MAX_ISSUES = 10  # RealModelRun.MAX_ISSUES: the first issues are kept
MISSING_SKLEARN = 3  # as model_server.py

_DATA = {}  # data set name -> (X, y, task); loaded before the pool forks, shared copy-on-write


def seeds_arg(text):
    out = []
    for part in text.split(","):
        lo, sep, hi = part.strip().partition("-")
        try:
            out.extend(range(int(lo), int(hi) + 1) if sep else [int(lo)])
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text} is not a list of seeds; write 0-4 or 0,3,5")
    if not out:
        raise argparse.ArgumentTypeError(f"{text} holds no seed; write 0-4 or 0,3,5")
    return out


def positive_int(text):
    try:
        v = int(text)
    except ValueError:
        v = 0
    if v < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a whole number >= 1")
    return v


def names_arg(known, what):
    def parse(text):
        names = [n.strip() for n in text.split(",") if n.strip()]
        unknown = [n for n in names if n not in known]
        if unknown or not names:
            raise argparse.ArgumentTypeError(f"{what} {', '.join(unknown) or text!r} not known; known: "
                                             + ", ".join(known))
        return names
    return parse


def active(spec, params):
    """Whether a parameter is in the trial: each of its `when` parameters is present with a listed value."""
    return all(k in params and str(params[k]) in [str(c) for c in allowed]
               for k, allowed in spec.get("when", {}).items())


def suggest(trial, space):
    """Suggests every active parameter of `space` (in its order) on `trial`; returns them."""
    params = {}
    for name, spec in space.items():
        if not active(spec, params):
            continue
        if spec["type"] == "categorical":
            params[name] = trial.suggest_categorical(name, spec["choices"])
        elif spec["type"] == "int":
            params[name] = trial.suggest_int(name, spec["low"], spec["high"], log=spec["log"])
        else:
            # Optuna has no logit scale: a parameter with "logit" is sampled on a linear one
            params[name] = trial.suggest_float(name, spec["low"], spec["high"], log=spec["log"])
    return params


def as_text(v):
    # what the CLI passes to the model server: booleans lower case, numbers as written
    return str(v).lower() if isinstance(v, bool) else str(v)


def evaluate(job):
    """("value", loss) or ("error", text) for (problem name, typed parameters); runs in a pool worker."""
    name, params = job
    problem = problems.BY_NAME[name]
    try:
        return "value", problems.evaluate(problem, params, _DATA[problem.data])
    except Exception as e:  # a model failure: the trial fails, as on the Java side
        return "error", f"{type(e).__name__}: {e}"


def run_study(problem, factory, seed, rounds, batch, evaluate_all):
    """Runs one study; returns the fields of its results line from `trials` on (RealModelRun's order)."""
    study = optuna.create_study(direction="minimize", sampler=factory(seed))
    model_failed = set()
    issues = []
    failures = 0
    exit_code = 0
    started = time.monotonic()
    try:
        for _ in range(rounds):
            asked = []
            for _ in range(batch):
                trial = study.ask()
                asked.append((trial, suggest(trial, problem.space)))
            jobs, runnable = [], []
            for trial, params in asked:
                # the model server's check of a request, so that a point outside the space is caught
                typed, bad = problems.typed(problem, {k: as_text(v) for k, v in params.items()})
                if bad:
                    failures += 1
                    issues.append(f"trial {trial.number} FAIL: " + "; ".join(bad))
                    study.tell(trial, state=optuna.trial.TrialState.FAIL)
                else:
                    jobs.append((problem.name, typed))
                    runnable.append(trial)
            for trial, (kind, result) in zip(runnable, evaluate_all(jobs)):
                if kind == "value" and math.isfinite(result):
                    study.tell(trial, result)
                else:
                    model_failed.add(trial.number)
                    study.tell(trial, state=optuna.trial.TrialState.FAIL)
    except Exception as e:  # Optuna or its sampler raised: the study crashed (the Java side's non-zero exit)
        exit_code = 1
        failures += 1
        issues.insert(0, f"optuna raised {type(e).__name__}: {e}")
    wall = time.monotonic() - started

    trials = study.get_trials(deepcopy=False)
    values = [None] * len(trials)  # by trial number; None (JSON null) without a value, as RealModelRun writes NaN
    for t in trials:
        if t.state == optuna.trial.TrialState.COMPLETE:
            values[t.number] = t.value
        elif t.state != optuna.trial.TrialState.FAIL:
            failures += 1
            issues.append(f"trial {t.number} left {t.state.name}")
    if len(trials) != rounds * batch:
        failures += 1
        issues.append(f"the study has {len(trials)} trials, {rounds * batch} were asked for")
    finite = [v for v in values if v is not None]
    return {"trials": len(values), "complete": len(finite), "model_failures": len(model_failed),
            "sampler_failures": failures, "warnings": 0, "exit_code": exit_code, "values": values,
            "best": min(finite) if finite else None, "issues": issues[:MAX_ISSUES],
            "wall_seconds": round(wall, 2)}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--samplers", type=names_arg(list(SAMPLERS), "sampler(s)"), default=["tpe"],
                    help="comma-separated: " + ",".join(SAMPLERS) + " (default: tpe)")
    ap.add_argument("--problems", type=names_arg(list(problems.BY_NAME), "problem(s)"),
                    default=list(problems.BY_NAME), help="comma-separated problem names (default: all)")
    ap.add_argument("--seeds", type=seeds_arg, default=[0, 1, 2], help="as 0-2 or 0,3,5 (default: 0-2)")
    ap.add_argument("--rounds", type=positive_int, default=16, help="rounds of --batch trials (default: 16)")
    ap.add_argument("--batch", type=positive_int, default=8, help="trials asked before any is told (default: 8)")
    ap.add_argument("--workers", type=positive_int, default=2,
                    help="processes evaluating a round's trials; 1 evaluates in this process (default: 2)")
    ap.add_argument("--out", required=True, help="JSON lines file; lines are appended")
    args = ap.parse_args()
    try:
        import sklearn
    except ImportError as e:
        print(f"scikit-learn is not importable by {sys.executable} ({e}); on Debian or Ubuntu install it with"
              " apt-get install python3-sklearn", file=sys.stderr)
        return MISSING_SKLEARN

    optuna.logging.set_verbosity(optuna.logging.ERROR)
    logging.getLogger("optuna").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
    chosen = [problems.BY_NAME[n] for n in args.problems]
    problems.import_models()
    for p in chosen:
        if p.data not in _DATA:
            _DATA[p.data] = problems.load_data(p.data)
    system = "optuna " + optuna.__version__
    environment = (f"python {platform.python_version()}, scikit-learn {sklearn.__version__},"
                   f" {args.workers} evaluation process{'es' if args.workers > 1 else ''}")
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    pool = multiprocessing.get_context("fork").Pool(args.workers) if args.workers > 1 else None

    def evaluate_all(jobs):  # results in the order of the jobs, whichever finished first
        return pool.map(evaluate, jobs, chunksize=1) if pool else [evaluate(j) for j in jobs]

    any_failed = False
    try:
        with open(args.out, "a", encoding="utf-8") as out:
            for problem in chosen:
                for seed in args.seeds:
                    for name in args.samplers:
                        label = "optuna-" + name
                        fields = run_study(problem, SAMPLERS[name], seed, args.rounds, args.batch,
                                           evaluate_all)
                        line = {"system": system, "suite": "real-models", "environment": environment,
                                "problem": problem.name, "sampler": label, "seed": seed,
                                "budget": args.rounds * args.batch, "batch": args.batch, **fields}
                        text = json.dumps(line, separators=(",", ":"))
                        out.write(text + "\n")
                        out.flush()
                        print(text, flush=True)
                        any_failed |= fields["sampler_failures"] > 0
                        best = "none" if fields["best"] is None else f"{fields['best']:.5f}"
                        print(f"{problem.name:<22} {label:<14} seed {seed}: best {best} after {fields['trials']}"
                              f" trials, {fields['sampler_failures']} sampler failures,"
                              f" {fields['model_failures']} model failures, {fields['wall_seconds']:.1f} s"
                              + (f"; {fields['issues'][0]}" if fields["issues"] else ""), file=sys.stderr,
                              flush=True)
    finally:
        if pool:
            pool.close()
            pool.join()
    return 1 if any_failed else 0


if __name__ == "__main__":
    sys.exit(main())
