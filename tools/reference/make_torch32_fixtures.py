"""Writes tests/Backprop.Tests/Fixtures/torch32.json: gradients and training runs from PyTorch in float32.

The float32 counterpart of make_torch_fixtures.py, whose docstring defines every activation, loss, optimizer, batch
order and data set used here (this script imports them). What differs: every tensor is float32, PyTorch's default
dtype, as its users run it. The weights drawn in float64 (the worksheet's randn / 2, or randn * 0.7 for gradient
cases) are rounded to float32, and so are the inputs and targets; the JSON holds those float32 values (exactly, as
doubles). Beside each float32 result is the float64 one at the same float32 weights and data ("exact..."), so a
test can tell float32's own rounding from a mistake: Backprop in float32 must be about as close to the float64
answer as PyTorch in float32 is.

Needs Debian's numpy and torch:   apt-get install -y python3-numpy python3-torch
Run from the repo root:           /usr/bin/python3 tools/reference/make_torch32_fixtures.py
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_torch_fixtures as t64  # noqa: E402  (sets the environment, one thread, the definitions)
import numpy as np  # noqa: E402
import torch  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "Backprop.Tests", "Fixtures", "torch32.json")
ITERATIONS = 200

def f32(a):
    """a rounded to float32, as a float64 array (its values exactly)."""
    return np.asarray(a, dtype=np.float32).astype(np.float64)

def pairs(Ws, bs, dtype):
    return [(torch.tensor(W, dtype=dtype, requires_grad=True), torch.tensor(np.ravel(b), dtype=dtype, requires_grad=True))
            for W, b in zip(Ws, bs)]

def gradients(Ws, bs, activations, kind, x, y, dtype):
    params = pairs(Ws, bs, dtype)
    cost = t64.loss(params, activations, kind, torch.tensor(x, dtype=dtype), torch.tensor(y, dtype=dtype))
    cost.backward()
    return cost.item(), t64.layers([(W.grad, b.grad) for W, b in params])

# Gradient cases: every hidden activation with squared and cross-entropy outputs, on shapes that pad to 16 float
# lanes differently and span tiles of 64 samples: [3,5,4] N=7, [2,6,5,3] N=70, [4,9,2] N=1; then [20,33,17,5] N=150
# with logistic, tanh and relu hidden layers and a softmax cross-entropy or identity squared output.
# Case i draws from RandomState(5000 + i): each W as randn(n_n, n_{n-1}) * 0.7 * min(1, 2 / sqrt(n_{n-1})), then
# each b as randn(n_n) * 0.7, then X, then Y as make_torch_fixtures.py's gradient cases do.
ARCHITECTURES = (([3, 5, 4], 7), ([2, 6, 5, 3], 70), ([4, 9, 2], 1))
WIDE = ([20, 33, 17, 5], 150)   # with fewer activations and outputs: its numbers are many
HIDDEN = ("logistic", "tanh", "relu", "leaky-relu", "softplus", "identity")
OUTPUTS = (("logistic", "squared"), ("identity", "squared"), ("softmax", "cross-entropy"), ("logistic", "cross-entropy"),
           ("tanh", "squared"))

def gradient_case(seed, sizes, activations, kind, n):
    rs = np.random.RandomState(seed)
    Ws = [f32(rs.randn(m, k) * 0.7 * min(1, 2 / np.sqrt(k))) for k, m in zip(sizes, sizes[1:])]   # wide layers: smaller
    bs = [f32(rs.randn(m) * 0.7) for m in sizes[1:]]
    x = f32(rs.randn(sizes[0], n))
    y = f32(t64.targets(rs, activations[-1], sizes[-1], n))
    cost, grads = gradients(Ws, bs, activations, kind, x, y, torch.float32)
    exact_cost, exact = gradients(Ws, bs, activations, kind, x, y, torch.float64)
    name = f"[{','.join(map(str, sizes))}] {'/'.join(activations[-2:])} {kind} N={n}"
    return {"name": name, "layerSizes": sizes, "activations": activations, "loss": kind, "inputs": t64.rows(x),
            "targets": t64.rows(y), "layers": [{"weights": t64.rows(W), "biases": t64.rows(b)} for W, b in zip(Ws, bs)],
            "cost": cost, "gradients": grads, "exactCost": exact_cost, "exactGradients": exact}

def gradient_cases():
    specs = [(sizes, [h] * (len(sizes) - 2) + [out], kind, n)
             for sizes, n in ARCHITECTURES for h in HIDDEN for out, kind in OUTPUTS]
    specs += [(WIDE[0], [h] * (len(WIDE[0]) - 2) + [out], kind, WIDE[1])
              for h in ("logistic", "tanh", "relu") for out, kind in (("softmax", "cross-entropy"), ("identity", "squared"))]
    return [gradient_case(5000 + i, *spec) for i, spec in enumerate(specs)]

# Training cases: make_torch_fixtures.py's, in float32 (and in float64 from the same float32 start, "exact...").
def train(sizes, activations, kind, seed, spec, batch_size, x, y, dtype):
    rs = np.random.RandomState(seed)
    Ws, bs = t64.worksheet_weights(rs, sizes)
    params = pairs([f32(W) for W in Ws], [f32(b) for b in bs], dtype)
    initial = t64.layers(params)
    optimizer = t64.torch_optimizer(spec, [p for pair in params for p in pair])
    costs, order = [], t64.batches(rs, x.shape[1], batch_size)
    for _ in range(ITERATIONS):
        idx = next(order)
        optimizer.zero_grad(set_to_none=True)
        cost = t64.loss(params, activations, kind, torch.tensor(x[:, idx], dtype=dtype), torch.tensor(y[:, idx], dtype=dtype))
        costs.append(cost.item())
        cost.backward()
        optimizer.step()
    with torch.no_grad():
        final_cost = t64.loss(params, activations, kind, torch.tensor(x, dtype=dtype), torch.tensor(y, dtype=dtype)).item()
    return initial, t64.layers(params), costs, final_cost

def training_case(name, sizes, activations, kind, seed, spec, batch_size, data):
    x, y = (f32(a) for a in data)
    initial, final, costs, final_cost = train(sizes, activations, kind, seed, spec, batch_size, x, y, torch.float32)
    _, exact_final, exact_costs, exact_final_cost = train(sizes, activations, kind, seed, spec, batch_size, x, y, torch.float64)
    return {"name": name, "layerSizes": sizes, "activations": activations, "loss": kind, "seed": seed,
            **spec, "batchSize": batch_size, "iterations": ITERATIONS, "inputs": t64.rows(x), "targets": t64.rows(y),
            "initialLayers": initial, "finalLayers": final, "costs": costs, "finalCost": final_cost,
            "exactFinalLayers": exact_final, "exactCosts": exact_costs, "exactFinalCost": exact_final_cost}

def training_cases():
    heart_net = ([1, 6, 7, 2], ["logistic"] * 3, "squared", 1)
    classes = ([4, 8, 3], "cross-entropy", t64.three_classes())
    return [
        training_case("heart sgd", *heart_net, t64.sgd(3.5), None, t64.heart()),
        training_case("heart momentum", *heart_net, t64.sgd(0.1, momentum=0.9), None, t64.heart()),
        training_case("heart adam", *heart_net, t64.adam(0.01), None, t64.heart()),
        training_case("classes tanh/softmax adam decay", classes[0], ["tanh", "softmax"], classes[1], 3,
                      t64.adam(0.01, weight_decay=0.01), None, classes[2]),
        training_case("classes relu/softmax nesterov decay batches of 16", classes[0], ["relu", "softmax"],
                      classes[1], 5, t64.sgd(0.05, weight_decay=0.001, momentum=0.9, nesterov=True), 16, classes[2]),
        training_case("regression tanh/identity adam batches of 8", [3, 10, 1], ["tanh", "identity"],
                      "squared", 11, t64.adam(0.005), 8, t64.regression()),
        training_case("binary relu/logistic adam", [2, 5, 1], ["relu", "logistic"], "cross-entropy", 13,
                      t64.adam(0.01), None, t64.binary()),
    ]

def main():
    fixture = {"made_by": "tools/reference/make_torch32_fixtures.py", "torch": torch.__version__,
               "numpy": np.__version__, "gradients": gradient_cases(), "training": training_cases()}
    with open(OUT, "w") as f:
        json.dump(fixture, f, separators=(",", ":"), allow_nan=False)   # one line: the numbers are many
        f.write("\n")
    print("wrote", os.path.relpath(OUT))

if __name__ == "__main__":
    sys.exit(main())
