"""Copy of the shared benchmark objectives (shared/bench/functions.py): the reference the Java
implementation (io.paratune.bench.BenchFunction) is checked against, used by the peer scripts.

SUITE maps name -> (dim, lower bounds, upper bounds, f_star, f(x: list[float]) -> float).
SCALABLE holds the functions of the large protocol at any dimension d (Java: ScalableFunction):
`lookup("ackley20")` gives the same tuple for ackley, rastrigin, rosenbrock or griewank at d = 20,
and any SUITE name as it is there.
"""
import math
import re


def branin(x):
    x1, x2 = x
    a, b, c = 1.0, 5.1 / (4 * math.pi ** 2), 5 / math.pi
    r, s, t = 6.0, 10.0, 1 / (8 * math.pi)
    return a * (x2 - b * x1 ** 2 + c * x1 - r) ** 2 + s * (1 - t) * math.cos(x1) + s


_H6_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14],
         [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
_H6_P = [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
         [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]]
_H6_ALPHA = [1.0, 1.2, 3.0, 3.2]


def hartmann6(x):
    total = 0.0
    for i in range(4):
        inner = sum(_H6_A[i][j] * (x[j] - _H6_P[i][j] * 1e-4) ** 2 for j in range(6))
        total += _H6_ALPHA[i] * math.exp(-inner)
    return -total


def ackley(x):
    d = len(x)
    s1 = sum(v * v for v in x) / d
    s2 = sum(math.cos(2 * math.pi * v) for v in x) / d
    return -20 * math.exp(-0.2 * math.sqrt(s1)) - math.exp(s2) + 20 + math.e


def rastrigin(x):
    return 10 * len(x) + sum(v * v - 10 * math.cos(2 * math.pi * v) for v in x)


def rosenbrock(x):
    return sum(100 * (x[i + 1] - x[i] * x[i]) ** 2 + (1 - x[i]) ** 2 for i in range(len(x) - 1))


def griewank(x):
    s = sum(v * v for v in x) / 4000
    p = 1.0
    for i, v in enumerate(x):
        p *= math.cos(v / math.sqrt(i + 1))
    return 1 + s - p


# family -> (lower bound, upper bound, f); f* = 0 for all, at any dimension
SCALABLE = {
    "ackley": (-32.768, 32.768, ackley),
    "rastrigin": (-5.12, 5.12, rastrigin),
    "rosenbrock": (-5.0, 10.0, rosenbrock),
    "griewank": (-600.0, 600.0, griewank),
}
MAX_DIM = 1000


def lookup(name):
    """(dim, lower, upper, f_star, f) of a SUITE name or of a scalable family and dimension such as
    rastrigin50 (2 <= d <= MAX_DIM); ValueError with the names it knows otherwise."""
    if name in SUITE:
        return SUITE[name]
    m = re.fullmatch(r"([a-z]+)([0-9]+)", name)
    if m and m.group(1) in SCALABLE:
        d = int(m.group(2))
        if not 2 <= d <= MAX_DIM:
            raise ValueError(f"function {name}: dimension {d} is out of range; give 2 to {MAX_DIM}, as in "
                             f"{m.group(1)}20")
        lo, hi, f = SCALABLE[m.group(1)]
        return d, [lo] * d, [hi] * d, 0.0, f
    raise ValueError(f"function {name} is not known; use one of {', '.join(SUITE)} or "
                     f"{', '.join(k + 'D' for k in SCALABLE)} with a dimension D (as ackley20)")


SUITE = {
    "branin2": (2, [-5.0, 0.0], [10.0, 15.0], 0.397887, branin),
    "hartmann6": (6, [0.0] * 6, [1.0] * 6, -3.32237, hartmann6),
    "ackley10": (10, [-32.768] * 10, [32.768] * 10, 0.0, ackley),
}


# ---- multi-objective (all objectives minimised) ----

def zdt1(x):
    n = len(x)
    f1 = x[0]
    g = 1 + 9.0 / (n - 1) * sum(x[1:])
    return [f1, g * (1 - math.sqrt(f1 / g))]


def dtlz2_3(x):
    m = 3
    g = sum((v - 0.5) ** 2 for v in x[m - 1:])
    a, b = x[0] * math.pi / 2, x[1] * math.pi / 2
    return [(1 + g) * math.cos(a) * math.cos(b), (1 + g) * math.cos(a) * math.sin(b), (1 + g) * math.sin(a)]


# name -> (dim, lower, upper, reference point, hypervolume of the true Pareto front w.r.t. it, f)
MO_SUITE = {
    "zdt1_6": (6, [0.0] * 6, [1.0] * 6, [11.0, 11.0], 120.0 + 2.0 / 3.0, zdt1),
    "dtlz2_6": (6, [0.0] * 6, [1.0] * 6, [1.1, 1.1, 1.1], 1.1 ** 3 - math.pi / 6, dtlz2_3),
}

if __name__ == "__main__":
    print("branin2  at (pi, 2.275):", branin([math.pi, 2.275]))
    print("hartmann6 at optimum   :", hartmann6([0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573]))
    print("ackley10 at 0          :", ackley([0.0] * 10))
    print("branin2  at (0, 0)     :", branin([0.0, 0.0]))
    print("hartmann6 at 0.5^6     :", hartmann6([0.5] * 6))
    print("ackley10 at 1^10       :", ackley([1.0] * 10))
    print("zdt1_6 at (0.25, 0...):", zdt1([0.25] + [0.0] * 5))
    print("dtlz2_6 at 0.5^6     :", dtlz2_3([0.5] * 6))
    # the large protocol's scalable functions: at the optimum, at a constant point, at a ramp
    ramp20 = [0.1 * (i + 1) - 1.05 for i in range(20)]   # -0.95, -0.85, ..., 0.95
    for fam, at_opt in (("ackley", 0.0), ("rastrigin", 0.0), ("rosenbrock", 1.0), ("griewank", 0.0)):
        f = SCALABLE[fam][2]
        print(f"{fam}20 at optimum     :", repr(f([at_opt] * 20)))
        print(f"{fam}20 at 0.5^20      :", repr(f([0.5] * 20)))
        print(f"{fam}20 at ramp        :", repr(f(ramp20)))
        print(f"{fam}50 at 3^50        :", repr(f([3.0] * 50)))
