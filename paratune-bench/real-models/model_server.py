"""The model server of the real-model suite.

Started once by `paratune-bench real-models`; imports scikit-learn and loads the data sets once,
then serves each trial's request on a Unix socket in a child process of its own (fork), so trials
run in parallel and each costs only its cross-validation. Every trial is still its own process
started by `paratune run` (trial.py, standard library only), so the suite runs what users run.

    python3 model_server.py --describe                 # the problems as JSON (no scikit-learn needed)
    python3 model_server.py --socket S --log L --problems a,b
        prints "ready" once listening; one JSON line per evaluation is appended to L

Request (one JSON line): {"problem", "params": {name: text from the command line},
"env_params": the PARATUNE_PARAMS object, "study", "trial"}. Reply (one JSON line): {"value": x}, or
{"error": text, "kind": "params"} when the point is outside the search space or the command line
and PARATUNE_PARAMS disagree, or {"error": text, "kind": "model"} when the model itself failed.
"""

import argparse
import json
import os
import sys
import time

# one thread per trial process: parallel trials are separate processes already
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import problems  # noqa: E402  (after the thread settings)

MISSING_SKLEARN = 3


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--describe", action="store_true", help="print the problems as JSON and exit")
    parser.add_argument("--socket", help="Unix socket path to listen on")
    parser.add_argument("--log", help="JSON lines file: one line per evaluation")
    parser.add_argument("--problems", help="comma-separated problem names (default: all)")
    args = parser.parse_args()
    if args.describe:
        json.dump([p.describe() for p in problems.PROBLEMS], sys.stdout, indent=1)
        print()
        return 0
    if not args.socket or not args.log:
        parser.error("give --socket and --log (or --describe)")
    names = args.problems.split(",") if args.problems else [p.name for p in problems.PROBLEMS]
    unknown = [n for n in names if n not in problems.BY_NAME]
    if unknown:
        print("unknown problem(s) %s; known: %s" % (", ".join(unknown), ", ".join(problems.BY_NAME)),
              file=sys.stderr)
        return 2
    try:
        import sklearn  # noqa: F401
    except ImportError as e:
        print("scikit-learn is not importable by %s (%s); on Debian or Ubuntu install it with"
              " apt-get install python3-sklearn" % (sys.executable, e), file=sys.stderr)
        return MISSING_SKLEARN
    problems.import_models()
    chosen = [problems.BY_NAME[n] for n in names]
    data = {}
    for p in chosen:
        if p.data not in data:
            data[p.data] = problems.load_data(p.data)
    serve(args.socket, args.log, {p.name: p for p in chosen}, data)
    return 0


def serve(path, log, chosen, data):
    import socketserver
    import sklearn

    class Handler(socketserver.StreamRequestHandler):
        def handle(self):
            started = time.monotonic()
            request = json.loads(self.rfile.readline().decode("utf-8"))
            reply = answer(request, chosen, data)
            self.wfile.write((json.dumps(reply) + "\n").encode("utf-8"))
            self.wfile.flush()
            entry = {"study": request.get("study"), "trial": request.get("trial"),
                     "problem": request.get("problem"), "params": request.get("params"),
                     "seconds": round(time.monotonic() - started, 4)}
            entry.update(reply)
            with open(log, "a", encoding="utf-8") as f:
                f.write(json.dumps(entry) + "\n")

    class Server(socketserver.ForkingMixIn, socketserver.UnixStreamServer):
        max_children = 64

    if os.path.exists(path):
        os.unlink(path)
    with Server(path, Handler) as server:
        print("ready: scikit-learn %s, python %s, pid %d" % (sklearn.__version__, sys.version.split()[0],
                                                            os.getpid()), flush=True)
        server.serve_forever()


def answer(request, chosen, data):
    problem = chosen.get(request.get("problem"))
    if problem is None:
        return {"error": "problem %s is not served (serving %s)" % (request.get("problem"), ", ".join(chosen)),
                "kind": "params"}
    params, issues = problems.typed(problem, request.get("params") or {})
    env = request.get("env_params")
    if env is None:
        issues.append("PARATUNE_PARAMS is not set")
    elif not issues:
        from_env, env_issues = problems.typed(problem, {k: _text(v) for k, v in env.items()})
        if env_issues or from_env != params:
            issues.append("the command line gave %s but PARATUNE_PARAMS gave %s" % (params, env))
    if issues:
        return {"error": "; ".join(issues), "kind": "params"}
    try:
        return {"value": problems.evaluate(problem, params, data[problem.data])}
    except Exception as e:  # a model failure: the trial fails, as a user's script would
        return {"error": "%s: %s" % (type(e).__name__, e), "kind": "model"}


def _text(v):
    return str(v).lower() if isinstance(v, bool) else str(v)


if __name__ == "__main__":
    sys.exit(main())
