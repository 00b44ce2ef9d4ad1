"""One trial of the real-model suite: the command each study file runs (standard library only).

    python3 -I -S trial.py --socket S --problem NAME --param=value ...

Sends the parameters (as given on the command line, and PARATUNE_PARAMS beside them) to the model
server and prints `paratune: value=<loss>`. Exit codes: 3 the model failed, 4 the parameters were
outside the search space or disagreed with PARATUNE_PARAMS, 5 the server could not be reached.
"""

import json
import os
import socket
import sys


def main(argv):
    sock_path, problem, params = None, None, {}
    i = 0
    while i < len(argv):
        word = argv[i]
        if word in ("--socket", "--problem") and i + 1 < len(argv):
            if word == "--socket":
                sock_path = argv[i + 1]
            else:
                problem = argv[i + 1]
            i += 2
            continue
        if not word.startswith("--") or "=" not in word:
            print("trial.py: unexpected argument %r; parameters look like --name=value" % word, file=sys.stderr)
            return 4
        name, value = word[2:].split("=", 1)
        params[name] = value
        i += 1
    if not sock_path or not problem:
        print("trial.py: give --socket PATH and --problem NAME", file=sys.stderr)
        return 4
    env = os.environ.get("PARATUNE_PARAMS")
    request = {"problem": problem, "params": params, "env_params": json.loads(env) if env else None,
               "study": os.environ.get("PARATUNE_STUDY"), "trial": os.environ.get("PARATUNE_TRIAL")}
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.connect(sock_path)
            s.sendall((json.dumps(request) + "\n").encode("utf-8"))
            reply = s.makefile("rb").readline()
    except OSError as e:
        print("trial.py: the model server at %s is unreachable: %s" % (sock_path, e), file=sys.stderr)
        return 5
    if not reply:
        print("trial.py: the model server closed the connection without a reply", file=sys.stderr)
        return 5
    answer = json.loads(reply.decode("utf-8"))
    if "value" in answer:
        print("paratune: value=%r" % answer["value"], flush=True)
        return 0
    print("trial.py: %s error: %s" % (answer.get("kind"), answer.get("error")), file=sys.stderr)
    return 3 if answer.get("kind") == "model" else 4


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
