"""Writes the test fixtures in tests/Backprop.Tests/Fixtures/ by running the worksheet's own numpy code.

The worksheet's code itself is in worksheet.py beside this file (its cells verbatim, and its helper module's
training_data and training loop). Nothing here knows about the C# code: these are independent reference numbers.

Needs Debian's numpy:   apt-get install -y python3-numpy
Run from the repo root: /usr/bin/python3 tools/reference/make_fixtures.py

On a CPU with AVX-512, numpy 1.24 computes float64 sin, cos, pow and exp with its own SIMD kernels, which
round differently from the C library in the last bit (653 of 1000 heart points differ in sin alone), so the
worksheet's own numbers would depend on the machine that ran it. NPY_DISABLE_CPU_FEATURES below keeps numpy
on its baseline kernels, which call the C library (glibc): the same numbers on every machine, and the ones
C#'s Math.Sin/Cos/Pow/Exp give, since .NET calls the same C library.
"""
import json
import os
import sys

os.environ["NPY_DISABLE_CPU_FEATURES"] = "AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL"
import numpy as np  # noqa: E402  (after the environment is set)

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "Backprop.Tests", "Fixtures")

from worksheet import *  # noqa: E402,F401,F403  (the worksheet's code, after the environment is set)
import worksheet as ws  # noqa: E402

# ---- Fixtures ---------------------------------------------------------------------------------------------
def rows(m):
    return np.asarray(m).tolist()

def layers(Ws, bs):
    return [{"weights": rows(W), "biases": rows(b.ravel())} for W, b in zip(Ws, bs)]

def network_case(seed, n1, n2, points, with_trace):
    np.random.seed(seed)
    reset_network(n1, n2)
    x, y = training_data(points)
    case = {"seed": seed, "layers": [1, n1, n2, 2], "points": points,
            "network": layers([ws.W1, ws.W2, ws.W3], [ws.b1, ws.b2, ws.b3]),
            "cost": cost(x, y),
            "jacobians": layers([J_W1(x, y), J_W2(x, y), J_W3(x, y)], [J_b1(x, y), J_b2(x, y), J_b3(x, y)])}
    if with_trace:
        a0, z1, a1, z2, a2, z3, a3 = network_function(x)
        case["trace"] = {"z": [rows(z1), rows(z2), rows(z3)], "a": [rows(a0), rows(a1), rows(a2), rows(a3)]}
    return case

def training_case(seed, steps, aggression, noise, points=100):
    np.random.seed(seed)
    reset_network()
    x, y = training_data(points)
    train(x, y, steps - 1, aggression, noise)
    return {"seed": seed, "layers": [1, 6, 7, 2], "points": points, "steps": steps,
            "aggression": aggression, "noise": noise,
            "network": layers([ws.W1, ws.W2, ws.W3], [ws.b1, ws.b2, ws.b3]), "cost": cost(x, y),
            "next_randn": float(np.random.randn())}

def write(name, value):
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump({"made_by": "tools/reference/make_fixtures.py", "numpy": np.__version__, **value}, f, indent=1)
        f.write("\n")
    print("wrote", os.path.relpath(path))

def main():
    os.makedirs(OUT, exist_ok=True)
    write("heart.json", {"cases": [{"points": n, "x": rows(training_data(n)[0]), "y": rows(training_data(n)[1])}
                                   for n in (1, 2, 3, 7, 100, 1000)]})
    draws = []
    for seed in (0, 1, 2, 42, 12345, 2**32 - 1):
        np.random.seed(seed)
        rand = np.random.rand(5).tolist()
        np.random.seed(seed)
        draws.append({"seed": seed, "rand": rand, "randn": np.random.randn(41).tolist()})
    write("random.json", {"cases": draws})
    write("networks.json", {"cases": [network_case(1, 6, 7, 100, True), network_case(2, 6, 7, 100, True),
                                      network_case(3, 6, 7, 7, True), network_case(1, 50, 50, 100, False)]})
    write("training.json", {"cases": [training_case(1, 100, 7.0, 1.0), training_case(2, 100, 5.0, 0.8),
                                      training_case(1, 300, 5.0, 0.0)]})

if __name__ == "__main__":
    sys.exit(main())
