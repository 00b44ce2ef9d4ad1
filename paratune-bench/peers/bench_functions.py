"""Copy of the shared benchmark objectives (shared/bench/functions.py): the reference the Java
implementation (io.paratune.bench.BenchFunction) is checked against, used by the peer scripts.

SUITE maps name -> (dim, lower bounds, upper bounds, f_star, f(x: list[float]) -> float).
"""
import math


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
