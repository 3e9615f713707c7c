"""Measures how far a rounding-sized nudge travels along a training run of the worksheet's network.

Trains two copies of the seed-1 network on the heart data, one with W2[0, 0] nudged by 1e-15 (relative),
and prints the largest relative difference of the weights (relative to each matrix's largest entry, as the
tests compare) at a few step counts. This is where the tolerances of TrainingFixtureTests come from.

Run from the repo root: /usr/bin/python3 tools/reference/sensitivity.py
"""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import make_fixtures  # noqa: E402,F401  (sets numpy's kernels as the fixtures have them)
import worksheet as ws  # noqa: E402  (the worksheet's code and the helper module's loop)
import numpy as np  # noqa: E402


def run(seed, steps, aggression, noise, nudge):
    np.random.seed(seed)
    ws.reset_network()
    ws.W2[0, 0] *= 1 + nudge
    x, y = ws.training_data(100)
    out, done = {}, 0
    for s in steps:
        ws.train(x, y, s - done - 1, aggression, noise)
        done = s
        out[s] = [m.copy() for m in (ws.W1, ws.W2, ws.W3, ws.b1, ws.b2, ws.b3)]
    return out


def main():
    steps = [100, 300, 1000, 2000]
    for aggression, noise in ((7.0, 1.0), (5.0, 0.0)):
        a, b = run(1, steps, aggression, noise, 0.0), run(1, steps, aggression, noise, 1e-15)
        for s in steps:
            err = max(float(np.max(np.abs(p - q)) / np.max(np.abs(p))) for p, q in zip(a[s], b[s]))
            print(f"aggression={aggression} noise={noise} step={s}: relative difference {err:.1e}")


if __name__ == "__main__":
    main()
