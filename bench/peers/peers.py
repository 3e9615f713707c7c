"""Python peers for bench/compare.sh: the same three workloads as shared/reference/c-limit (heart data, seed-1
weights drawn as the worksheet draws them, full batch, noise 0), trained by

  worksheet  the worksheet's own code (tools/reference/worksheet.py: six J_* functions, each with its own forward pass)
  numpy      numpy, one fused forward and backward pass per iteration
  torch      PyTorch autograd, float64, one thread
  torch32    the same in float32, PyTorch's default dtype, as its users run it

and the classifier workloads of `backprop bench` (classes [64,32,10] N=1,347, binary [30,16,1] N=426, mnist
[784,128,10] N=10,000: relu, a softmax or logistic output with cross-entropy, Adam at 0.001, full batch, standardised
digit-shaped inputs) by PyTorch alone (`torch`, `torch32`), as a PyTorch user writes them: nn.Linear layers, the
fused CrossEntropyLoss or BCEWithLogitsLoss, torch.optim.Adam.

Prints "PEER NAME WORKLOAD MICROSECONDS_PER_ITERATION FINAL_COST", as the C yardstick does.
Usage: peers.py PEER WORKLOAD ITERATIONS     (Debian: apt-get install -y python3-numpy python3-torch)
"""
import functools
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tools", "reference"))

WORKLOADS = {"seed": ((6, 7), 7.0, 100), "wide": ((50, 50), 3.5, 100), "large": ((128, 128), 3.5, 4096)}


def setup(workload):
    import worksheet as ws
    hidden, aggression, points = WORKLOADS[workload]
    np.random.seed(1)
    ws.reset_network(*hidden)
    x, y = ws.training_data(points)
    return ws, x, y, aggression


def run_worksheet(workload, iterations):
    ws, x, y, aggression = setup(workload)
    start = time.perf_counter()
    ws.train(x, y, iterations - 1, aggression, 0.0)   # its loop takes one step more than it is given
    return time.perf_counter() - start, ws.cost(x, y)


def run_numpy(workload, iterations):
    ws, x, y, aggression = setup(workload)
    W, b = [ws.W1, ws.W2, ws.W3], [ws.b1, ws.b2, ws.b3]
    N = x.shape[1]
    start = time.perf_counter()
    for _ in range(iterations):
        a = [x]
        for Wl, bl in zip(W, b):
            a.append(1 / (1 + np.exp(-(Wl @ a[-1] + bl))))
        delta = 2 / N * (a[-1] - y) * a[-1] * (1 - a[-1])
        for l in range(len(W) - 1, -1, -1):
            dW, db = delta @ a[l].T, delta.sum(axis=1, keepdims=True)
            if l:
                delta = (W[l].T @ delta) * a[l] * (1 - a[l])
            W[l] -= aggression * dW
            b[l] -= aggression * db
    elapsed = time.perf_counter() - start
    ws.W1, ws.W2, ws.W3 = W
    ws.b1, ws.b2, ws.b3 = b
    return elapsed, ws.cost(x, y)


CLASSIFIERS = {"classes": ((64, 32, 10), 1347), "binary": ((30, 16, 1), 426), "mnist": ((784, 128, 10), 10000)}


def digit_shaped(inputs, outputs, samples, rng):
    """Pixels 0..16: a random prototype per class, each sample at a random intensity with noise (as BenchmarkWorkload)."""
    classes = max(outputs, 2)
    prototype = np.where(rng.random((classes, inputs)) < 0.35, 8 + 8 * rng.random((classes, inputs)), 0.0)
    k = np.arange(samples) % classes
    gain = 0.6 + 0.8 * rng.random(samples)
    noise = 4 * rng.standard_normal((samples, inputs)) * np.where(prototype[k] > 0, 1, 0.3)
    x = np.clip(np.round(gain[:, None] * prototype[k] + noise), 0, 16)
    return x, k


def run_torch_classifier(workload, iterations, dtype):
    import torch
    torch.set_num_threads(1)
    (inputs, hidden, outputs), samples = CLASSIFIERS[workload]
    x, k = digit_shaped(inputs, outputs, samples, np.random.default_rng(1))
    x = (x - x.mean(axis=0)) / np.where(x.std(axis=0) > 0, x.std(axis=0), 1)
    X = torch.tensor(x, dtype=dtype)
    torch.manual_seed(1)
    layers = torch.nn.Linear(inputs, hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, outputs)
    model = torch.nn.Sequential(*layers).to(dtype)
    if outputs == 1:
        loss_of, Y = torch.nn.BCEWithLogitsLoss(), torch.tensor(k, dtype=dtype)[:, None]
    else:
        loss_of, Y = torch.nn.CrossEntropyLoss(), torch.tensor(k)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    start = time.perf_counter()
    for _ in range(iterations):
        optimizer.zero_grad()
        loss = loss_of(model(X), Y)
        loss.backward()
        optimizer.step()
    elapsed = time.perf_counter() - start
    with torch.no_grad():
        return elapsed, float(loss_of(model(X), Y))


def run_torch(workload, iterations, dtype):
    """PyTorch in the given dtype: the worksheet's float64 weights and data converted once, before the clock starts."""
    import torch
    if workload in CLASSIFIERS:
        return run_torch_classifier(workload, iterations, dtype)
    torch.set_num_threads(1)
    ws, x, y, aggression = setup(workload)
    params = [torch.tensor(p, dtype=dtype, requires_grad=True) for p in (ws.W1, ws.W2, ws.W3, ws.b1, ws.b2, ws.b3)]
    X, Y = torch.tensor(x, dtype=dtype), torch.tensor(y, dtype=dtype)
    N = x.shape[1]

    def cost():
        a = X
        for Wl, bl in zip(params[:3], params[3:]):
            a = torch.sigmoid(Wl @ a + bl)
        return ((a - Y) ** 2).sum() / N

    start = time.perf_counter()
    for _ in range(iterations):
        grads = torch.autograd.grad(cost(), params)
        with torch.no_grad():
            for p, g in zip(params, grads):
                p -= aggression * g
    elapsed = time.perf_counter() - start
    with torch.no_grad():
        return elapsed, float(cost())


TORCH_DTYPES = {"torch": "float64", "torch32": "float32"}


def main():
    peer, workload, iterations = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if peer in TORCH_DTYPES:
        import torch
        run = functools.partial(run_torch, dtype=getattr(torch, TORCH_DTYPES[peer]))
    else:
        run = {"worksheet": run_worksheet, "numpy": run_numpy}[peer]
    run(workload, max(1, iterations // 10))   # warm up
    elapsed, final_cost = run(workload, iterations)
    print(f"PEER {peer} {workload} {elapsed / iterations * 1e6:.3f} {final_cost!r}")


if __name__ == "__main__":
    main()
