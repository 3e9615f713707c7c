"""Writes the test fixtures in tests/Backprop.Tests/Fixtures/ by running the worksheet's own numpy code.

The worksheet's cells (activation, reset_network, network_function, cost, J_W1 ... J_b3) are copied below
verbatim; training_data and the training loop follow ../shared/WORKSHEET_FACTS.md (the helper module the
worksheet calls). Nothing here knows about the C# code: these are independent reference numbers.

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

# ---- The worksheet's cells, verbatim ------------------------------------------------------------------
σ = lambda z : 1 / (1 + np.exp(-z))
dσ = lambda z : np.cosh(z/2)**(-2) / 4

def reset_network (n1 = 6, n2 = 7, random=np.random) :
    global W1, W2, W3, b1, b2, b3
    W1 = random.randn(n1, 1) / 2
    W2 = random.randn(n2, n1) / 2
    W3 = random.randn(2, n2) / 2
    b1 = random.randn(n1, 1) / 2
    b2 = random.randn(n2, 1) / 2
    b3 = random.randn(2, 1) / 2

def network_function(a0) :
    z1 = W1 @ a0 + b1
    a1 = σ(z1)
    z2 = W2 @ a1 + b2
    a2 = σ(z2)
    z3 = W3 @ a2 + b3
    a3 = σ(z3)
    return a0, z1, a1, z2, a2, z3, a3

def cost(x, y):
    return np.linalg.norm(network_function(x)[-1] - y)**2 / x.size

def J_W3 (x, y):
    a0, z1, a1, z2, a2, z3, a3 = network_function(x)
    J = 2 * (a3 - y) * dσ(z3)
    J = J @ a2.T / x.size
    return J

def J_b3 (x, y):
    a0, z1, a1, z2, a2, z3, a3 = network_function(x)
    J = 2 * (a3 - y)
    J = J * dσ(z3)
    J = np.sum(J, axis=1, keepdims=True) / x.size
    return J

def J_W2 (x, y):
    a0, z1, a1, z2, a2, z3, a3 = network_function(x)
    J = 2 * (a3 - y) * dσ(z3)
    J = (J.T @ W3).T * dσ(z2)
    J = J @ a1.T / x.size
    return J

def J_b2 (x, y):
    a0, z1, a1, z2, a2, z3, a3 = network_function(x)
    J = 2 * (a3 - y) * dσ(z3)
    J = (J.T @ W3).T * dσ(z2)
    J = np.sum(J, axis=1, keepdims=True) / x.size
    return J

def J_W1 (x, y):
    a0, z1, a1, z2, a2, z3, a3 = network_function(x)
    J = 2* (a3 - y) * dσ(z3)
    J = (J.T @ W3).T * dσ(z2)
    J = (J.T @ W2).T * dσ(z1)
    J = J @ a0.T / x.size
    return J

def J_b1 (x, y):
    a0, z1, a1, z2, a2, z3, a3 = network_function(x)
    J = 2 * (a3 - y) * dσ(z3)
    J = (J.T @ W3).T * dσ(z2)
    J = (J.T @ W2).T * dσ(z1)
    J = np.sum(J, axis=1, keepdims=True) / x.size
    return J

# ---- The helper module, as WORKSHEET_FACTS.md describes it ----------------------------------------------
def training_data(N=100):
    x = np.arange(0, 1, 1 / N)
    y = np.array([16 * np.sin(2 * np.pi * x) ** 3,
                  13 * np.cos(2 * np.pi * x) - 5 * np.cos(4 * np.pi * x)
                  - 2 * np.cos(6 * np.pi * x) - np.cos(8 * np.pi * x)]) / 20
    y = (y + 1) / 2
    return x.reshape(1, N), y

def train(x, y, iterations, aggression, noise):
    """plot_training's loop without the plotting: `while iterations >= 0` takes iterations + 1 steps."""
    global W1, W2, W3, b1, b2, b3
    while iterations >= 0:
        j_W1 = J_W1(x, y) * (1 + np.random.randn() * noise)
        j_W2 = J_W2(x, y) * (1 + np.random.randn() * noise)
        j_W3 = J_W3(x, y) * (1 + np.random.randn() * noise)
        j_b1 = J_b1(x, y) * (1 + np.random.randn() * noise)
        j_b2 = J_b2(x, y) * (1 + np.random.randn() * noise)
        j_b3 = J_b3(x, y) * (1 + np.random.randn() * noise)
        W1 = W1 - j_W1 * aggression
        W2 = W2 - j_W2 * aggression
        W3 = W3 - j_W3 * aggression
        b1 = b1 - j_b1 * aggression
        b2 = b2 - j_b2 * aggression
        b3 = b3 - j_b3 * aggression
        iterations -= 1

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
            "network": layers([W1, W2, W3], [b1, b2, b3]),
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
            "network": layers([W1, W2, W3], [b1, b2, b3]), "cost": cost(x, y),
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
