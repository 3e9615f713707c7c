"""Writes tests/Backprop.Tests/Fixtures/worksheet_run.json: the worksheet's whole training cell, run by its own numpy code.

np.random.seed(1); x, y = training_data(); reset_network(); plot_training(x, y, iterations=50000, aggression=5,
noise=0.8) without the drawing: the cost printed every 1000 iterations (after the step that leaves a multiple of
1000, as plot_training's `Iter: … ; Cost: …` lines) and the final cost. worksheet/solution.cs is checked against it.

Needs Debian's numpy:   apt-get install -y python3-numpy
Run from the repo root: /usr/bin/python3 tools/reference/make_worksheet_run.py   (about a minute)
"""
import json
import os

os.environ["NPY_DISABLE_CPU_FEATURES"] = "AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL"  # see make_fixtures.py
import numpy as np  # noqa: E402

from worksheet import J_W1, J_W2, J_W3, J_b1, J_b2, J_b3, cost, reset_network, training_data  # noqa: E402
import worksheet as ws  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "Backprop.Tests", "Fixtures", "worksheet_run.json")


def plot_training_without_drawing(x, y, iterations, aggression, noise):
    log = []
    while iterations >= 0:
        j_W1 = J_W1(x, y) * (1 + np.random.randn() * noise)
        j_W2 = J_W2(x, y) * (1 + np.random.randn() * noise)
        j_W3 = J_W3(x, y) * (1 + np.random.randn() * noise)
        j_b1 = J_b1(x, y) * (1 + np.random.randn() * noise)
        j_b2 = J_b2(x, y) * (1 + np.random.randn() * noise)
        j_b3 = J_b3(x, y) * (1 + np.random.randn() * noise)
        ws.W1 = ws.W1 - j_W1 * aggression
        ws.W2 = ws.W2 - j_W2 * aggression
        ws.W3 = ws.W3 - j_W3 * aggression
        ws.b1 = ws.b1 - j_b1 * aggression
        ws.b2 = ws.b2 - j_b2 * aggression
        ws.b3 = ws.b3 - j_b3 * aggression
        if iterations % 1000 == 0:
            log.append({"iter": iterations, "cost": cost(x, y)})
        iterations -= 1
    return log


def main():
    np.random.seed(1)
    x, y = training_data()
    reset_network()
    start = cost(x, y)
    log = plot_training_without_drawing(x, y, 50000, 5, 0.8)
    with open(OUT, "w") as f:
        json.dump({"made_by": "tools/reference/make_worksheet_run.py", "numpy": np.__version__, "seed": 1,
                   "iterations": 50000, "aggression": 5, "noise": 0.8, "start_cost": start, "log": log,
                   "final_cost": cost(x, y)}, f, indent=1)
        f.write("\n")
    print("wrote", os.path.relpath(OUT), "final cost", cost(x, y))


if __name__ == "__main__":
    main()
