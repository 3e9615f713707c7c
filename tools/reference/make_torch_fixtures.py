"""Writes tests/Backprop.Tests/Fixtures/torch.json: gradients, training runs and permutations, from PyTorch.

These are independent reference numbers: nothing here knows about the C# code. The networks, losses and
optimizers are written once more in PyTorch (float64, autograd, torch.optim), from the definitions below,
which are the contract the C# code is checked against.

Needs Debian's numpy and torch:   apt-get install -y python3-numpy python3-torch
Run from the repo root:           /usr/bin/python3 tools/reference/make_torch_fixtures.py

Determinism. As in make_fixtures.py, NPY_DISABLE_CPU_FEATURES keeps numpy on its baseline kernels, which call
the C library (glibc) for sin, cos, exp, so the heart data and the regression targets do not depend on the
CPU. ATEN_CPU_CAPABILITY=default does the same for torch: without it torch picks AVX2 kernels at run time,
whose exp/tanh come from SLEEF and whose `a + alpha * b` is a fused multiply-add; with it every elementwise
op is the plain C++ loop (std::exp, std::tanh, two roundings for a*b+c). Matrix products go to the BLAS
Debian's torch links (libblas.so.3). One thread throughout, so reductions have one order.

Network. Layer sizes [n0, n1, ..., nL]. Layer n has W (n_n x n_{n-1}, one row per neuron) and b (n_n).
z = W a_prev + b, a = f_n(z), f_n one of "logistic" (sigmoid), "tanh", "relu", "leaky-relu" (negative slope 0.01,
torch's default), "softplus" (beta 1; every |z| is checked to be below torch's threshold of 20, where torch switches to z
itself and Backprop, as ONNX, does not), "identity", or "softmax"
(output layer only, over the neurons of one sample). Inputs X are n0 x N (one column per sample), targets
Y are nL x N. Every hidden layer of a case uses the same activation.

Losses, a mean over the N samples of a batch, no 1/2 factor:
  "squared"                 C = (1/N) sum_k sum_j (a_kj - y_kj)^2              (any output activation)
  "cross-entropy", softmax  C = -(1/N) sum_k sum_j y_kj log_softmax(z)_kj      (each target column sums to 1)
  "cross-entropy", logistic C = (1/N) sum_k sum_j [softplus(z_kj) - y_kj z_kj]  (targets in [0, 1]),
                            i.e. binary_cross_entropy_with_logits(z, y, reduction='sum') / N
Cross-entropy is defined for logistic and softmax outputs only.

Gradient cases: every hidden activation in (logistic, tanh, relu, identity) times every (output, loss) in
OUTPUTS, on [3, 5, 4] with N=7, [2, 6, 5, 3] with N=70 (more than 64 samples) and [4, 9, 2] with N=1,
plus [3, 4] (no hidden layer) with N=13 for each (output, loss). Case i draws from RandomState(1000 + i)
(or 1000 + i + 100000 r, r = 1, 2, ..., the first whose every gradient matrix and vector has a nonzero
entry): every W as randn(n_n, n_{n-1}) * 0.7, then every b as randn(n_n) * 0.7, then X as randn(n0, N),
then Y: softmax outputs get probability columns (every third column, from the second, one-hot; the others
rand + 0.05 normalised to sum 1), logistic uniform [0, 1), tanh uniform [-1, 1), relu and identity normal.
No relu pre-activation is exactly 0 (checked), so the relu derivative is never ambiguous.

Training cases (200 iterations each):
  Initial weights, the worksheet's initialisation: rs = np.random.RandomState(seed); W1 ... WL each as
  rs.randn(n_n, n_{n-1}) / 2, then b1 ... bL each as rs.randn(n_n, 1) / 2 (flattened), in that order.
  Mini-batches: batch size B, None for the whole set (no shuffling, no draws). With B < N, iteration t
  (0-based) uses batch t mod ceil(N/B) of the current epoch; an epoch's permutation perm = rs.permutation(N)
  is drawn from the same rs, after the weights, when the epoch's first batch is needed (lazily: no draw after
  the last iteration). Batch b is perm[b*B : (b+1)*B]; the last of an epoch may be smaller. The loss on a
  batch is the mean over its samples. One iteration = one batch = one optimizer step.
  "costs" are the batch losses of the 200 iterations, each before its step; "finalCost" is the loss on all
  the data after the last step.
  Optimizers are torch.optim's (single-tensor code path, foreach=False), with weight decay l passed to them:
    "sgd"       SGD(lr, weight_decay=l)                 "momentum" SGD(lr, momentum=mu, weight_decay=l)
    "nesterov"  SGD(lr, momentum=mu, nesterov=True, weight_decay=l)
    "adam"      Adam(lr, betas=(beta1, beta2), eps, weight_decay=l)
  In torch 1.13 these do, per parameter tensor p with gradient g, elementwise, each op rounded by itself:
    SGD:   d = g + l*p (if l != 0);  buf = d at the first step, else buf = buf*mu + d;
           d = d + mu*buf (nesterov) or d = buf (momentum);  p = p + (-lr)*d
    Adam:  step += 1;  g = g + l*p (if l != 0);  m = m*beta1 + (1 - beta1)*g;  v = v*beta2 + ((1 - beta2)*g)*g;
           bc1 = 1 - beta1**step;  bc2 = 1 - beta2**step;  step_size = lr / bc1;
           denom = sqrt(v) / sqrt(bc2) + eps;  p = p + ((-step_size)*m) / denom
  Data sets: the worksheet's heart data with 100 points (worksheet.training_data); three_classes, regression
  and binary below.

Permutations: rs = RandomState(seed); k draws of rs.randn(); then three rs.permutation(n).
"""
import json
import os
import sys

os.environ["NPY_DISABLE_CPU_FEATURES"] = "AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL"
os.environ["ATEN_CPU_CAPABILITY"] = "default"
import numpy as np  # noqa: E402  (after the environment is set)
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from worksheet import training_data  # noqa: E402  (the heart data)

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "Backprop.Tests", "Fixtures", "torch.json")
HIDDEN = ("logistic", "tanh", "relu", "identity")
# Activations added later, whose cases come after the first ones so that those keep their seeds.
LATER_HIDDEN = ("leaky-relu", "softplus")
LATER_OUTPUTS = (("leaky-relu", "squared"), ("softplus", "squared"))
OUTPUTS = (("logistic", "squared"), ("tanh", "squared"), ("relu", "squared"), ("identity", "squared"),
           ("softmax", "squared"), ("logistic", "cross-entropy"), ("softmax", "cross-entropy"))
ARCHITECTURES = (([3, 5, 4], 7), ([2, 6, 5, 3], 70), ([4, 9, 2], 1))
ITERATIONS = 200

# ---- The network and its losses, in PyTorch -----------------------------------------------------------
ACTIVATIONS = {"logistic": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu,
               "leaky-relu": lambda z: F.leaky_relu(z, negative_slope=0.01), "softplus": F.softplus,
               "identity": lambda z: z, "softmax": lambda z: torch.softmax(z, dim=0)}

def forward(params, activations, x):
    """The output layer's z and a for inputs x (one column per sample)."""
    a = x
    for (W, b), f in zip(params, activations):
        z = W @ a + b[:, None]
        assert f not in ("relu", "leaky-relu") or bool((z != 0).all()), "a relu pre-activation is exactly 0"
        assert f != "softplus" or bool((z.abs() < 20).all()), "a softplus pre-activation beyond torch's threshold"
        a = ACTIVATIONS[f](z)
    return z, a

def loss(params, activations, kind, x, y):
    z, a = forward(params, activations, x)
    n = x.shape[1]
    if kind == "squared":
        return ((a - y) ** 2).sum() / n
    if kind == "cross-entropy" and activations[-1] == "softmax":
        return -(y * torch.log_softmax(z, dim=0)).sum() / n
    if kind == "cross-entropy" and activations[-1] == "logistic":
        return F.binary_cross_entropy_with_logits(z, y, reduction="sum") / n
    raise ValueError(f"no loss {kind} for output {activations[-1]}")

def tensors(Ws, bs):
    return [(torch.tensor(W, requires_grad=True), torch.tensor(np.ravel(b), requires_grad=True))
            for W, b in zip(Ws, bs)]

# ---- JSON helpers -------------------------------------------------------------------------------------
def rows(m):
    m = m.detach().numpy() if isinstance(m, torch.Tensor) else np.asarray(m)
    return m.tolist()

def layers(pairs):
    return [{"weights": rows(W), "biases": rows(b)} for W, b in pairs]

# ---- Gradient cases -----------------------------------------------------------------------------------
def probability_columns(rs, count, n):
    y = np.zeros((count, n))
    for j in range(n):
        if j % 3 == 1:
            y[rs.randint(count), j] = 1.0
        else:
            p = rs.rand(count) + 0.05
            y[:, j] = p / p.sum()
    return y

def targets(rs, output, count, n):
    if output == "softmax":
        return probability_columns(rs, count, n)
    if output in ("logistic", "softplus"):
        return rs.rand(count, n)
    if output == "tanh":
        return rs.uniform(-1, 1, (count, n))
    return rs.randn(count, n)

def gradient_case(seed, sizes, activations, kind, n):
    rs = np.random.RandomState(seed)
    Ws = [rs.randn(m, k) * 0.7 for k, m in zip(sizes, sizes[1:])]
    bs = [rs.randn(m) * 0.7 for m in sizes[1:]]
    x = rs.randn(sizes[0], n)
    y = targets(rs, activations[-1], sizes[-1], n)
    params = tensors(Ws, bs)
    cost = loss(params, activations, kind, torch.tensor(x), torch.tensor(y))
    cost.backward()
    name = f"[{','.join(map(str, sizes))}] {'/'.join(activations[-2:])} {kind} N={n}"
    return {"name": name, "layerSizes": sizes, "activations": activations, "loss": kind,
            "inputs": rows(x), "targets": rows(y), "layers": layers(params), "cost": cost.item(),
            "gradients": layers([(W.grad, b.grad) for W, b in params])}

def all_zero_somewhere(case):
    return any(not np.any(g[k]) for g in case["gradients"] for k in ("weights", "biases"))

def live_gradient_case(i, *spec):
    """Case i from RandomState(1000 + i), or the first of 1000 + i + 100000 r (r = 1, 2, ...) whose every
    gradient matrix and vector has a nonzero entry (a relu layer dead on every sample makes an all-zero one)."""
    for seed in range(1000 + i, 10**7, 100000):
        case = gradient_case(seed, *spec)
        if not all_zero_somewhere(case):
            return case
    raise RuntimeError("no live case")

def gradient_cases():
    specs = [(sizes, [h] * (len(sizes) - 2) + [out], kind, n)
             for sizes, n in ARCHITECTURES for h in HIDDEN for out, kind in OUTPUTS]
    specs += [([3, 4], [out], kind, 13) for out, kind in OUTPUTS]
    specs += [(sizes, [h] * (len(sizes) - 2) + [out], kind, n)
              for sizes, n in ARCHITECTURES for h in LATER_HIDDEN for out, kind in OUTPUTS + LATER_OUTPUTS]
    specs += [(sizes, [h] * (len(sizes) - 2) + [out], kind, n)
              for sizes, n in ARCHITECTURES for h in HIDDEN for out, kind in LATER_OUTPUTS]
    return [live_gradient_case(i, *spec) for i, spec in enumerate(specs)]

# ---- Training data sets -------------------------------------------------------------------------------
def heart():
    return training_data(100)

def three_classes(n=50):
    """Three classes in 4 dimensions, one-hot targets, inputs of roughly unit variance."""
    rs = np.random.RandomState(20)
    labels = np.arange(n) % 3
    rs.shuffle(labels)
    x = 0.8 * rs.randn(4, 3)[:, labels] + 0.6 * rs.randn(4, n)
    return x, np.eye(3)[:, labels]

def regression(n=40):
    """A smooth function of 3 normal inputs, one output."""
    rs = np.random.RandomState(21)
    x = rs.randn(3, n)
    return x, (np.sin(x[0]) + 0.5 * x[1] * x[2] - 0.3 * x[2]).reshape(1, n)

def binary(n=30):
    """Inside or outside a circle in 2 dimensions, targets 0 or 1."""
    rs = np.random.RandomState(22)
    x = rs.randn(2, n)
    return x, (x[0] ** 2 + x[1] ** 2 < 1.4).astype(float).reshape(1, n)

# ---- Training cases -----------------------------------------------------------------------------------
def sgd(lr, weight_decay=0.0, momentum=None, nesterov=False):
    kind = "nesterov" if nesterov else "sgd" if momentum is None else "momentum"
    return {"optimizer": kind, "learningRate": lr, "momentum": momentum, "beta1": None, "beta2": None,
            "epsilon": None, "weightDecay": weight_decay}

def adam(lr, weight_decay=0.0, beta1=0.9, beta2=0.999, epsilon=1e-8):
    return {"optimizer": "adam", "learningRate": lr, "momentum": None, "beta1": beta1, "beta2": beta2,
            "epsilon": epsilon, "weightDecay": weight_decay}

def torch_optimizer(spec, params):
    lr, wd = spec["learningRate"], spec["weightDecay"]
    if spec["optimizer"] == "adam":
        return torch.optim.Adam(params, lr=lr, betas=(spec["beta1"], spec["beta2"]), eps=spec["epsilon"],
                                weight_decay=wd, foreach=False)
    return torch.optim.SGD(params, lr=lr, momentum=spec["momentum"] or 0.0, weight_decay=wd,
                           nesterov=spec["optimizer"] == "nesterov", foreach=False)

def worksheet_weights(rs, sizes):
    Ws = [rs.randn(m, k) / 2 for k, m in zip(sizes, sizes[1:])]
    bs = [rs.randn(m, 1) / 2 for m in sizes[1:]]
    return Ws, bs

def batches(rs, n, size):
    """The sample indices of each iteration's batch, forever; an epoch's permutation is drawn lazily."""
    if size is None:
        while True:
            yield np.arange(n)
    assert 0 < size < n
    while True:
        perm = rs.permutation(n)
        for start in range(0, n, size):
            yield perm[start:start + size]

def train(sizes, activations, kind, seed, spec, batch_size, x, y):
    rs = np.random.RandomState(seed)
    params = tensors(*worksheet_weights(rs, sizes))
    initial = layers(params)
    optimizer = torch_optimizer(spec, [p for pair in params for p in pair])
    costs, order = [], batches(rs, x.shape[1], batch_size)
    for _ in range(ITERATIONS):
        idx = next(order)
        optimizer.zero_grad(set_to_none=True)
        cost = loss(params, activations, kind, torch.tensor(x[:, idx]), torch.tensor(y[:, idx]))
        costs.append(cost.item())
        cost.backward()
        optimizer.step()
    with torch.no_grad():
        final_cost = loss(params, activations, kind, torch.tensor(x), torch.tensor(y)).item()
    return initial, layers(params), costs, final_cost

def training_case(name, sizes, activations, kind, seed, spec, batch_size, data):
    x, y = data
    initial, final, costs, final_cost = train(sizes, activations, kind, seed, spec, batch_size, x, y)
    return {"name": name, "layerSizes": sizes, "activations": activations, "loss": kind, "seed": seed,
            **spec, "batchSize": batch_size, "iterations": ITERATIONS, "inputs": rows(x), "targets": rows(y),
            "initialLayers": initial, "finalLayers": final, "costs": costs, "finalCost": final_cost}

def training_cases():
    heart_net = ([1, 6, 7, 2], ["logistic"] * 3, "squared", 1)
    classes = ([4, 8, 3], "cross-entropy", three_classes())
    return [
        training_case("heart momentum", *heart_net, sgd(0.1, momentum=0.9), None, heart()),
        training_case("heart nesterov", *heart_net, sgd(0.1, momentum=0.9, nesterov=True), None, heart()),
        training_case("heart adam", *heart_net, adam(0.01), None, heart()),
        training_case("classes tanh/softmax adam decay", classes[0], ["tanh", "softmax"], classes[1], 3,
                      adam(0.01, weight_decay=0.01), None, classes[2]),
        training_case("classes relu/softmax momentum decay batches of 16", classes[0], ["relu", "softmax"],
                      classes[1], 5, sgd(0.05, weight_decay=0.001, momentum=0.9), 16, classes[2]),
        training_case("classes logistic/softmax sgd batches of 7", classes[0], ["logistic", "softmax"],
                      classes[1], 7, sgd(0.5), 7, classes[2]),
        training_case("regression tanh/identity adam batches of 8", [3, 10, 1], ["tanh", "identity"],
                      "squared", 11, adam(0.005), 8, regression()),
        training_case("binary relu/logistic adam", [2, 5, 1], ["relu", "logistic"], "cross-entropy", 13,
                      adam(0.01), None, binary()),
    ]

# ---- Permutations -------------------------------------------------------------------------------------
def permutation_case(seed, draws, n):
    rs = np.random.RandomState(seed)
    for _ in range(draws):
        rs.randn()
    return {"seed": seed, "draws": draws, "n": n, "permutations": [rs.permutation(n).tolist() for _ in range(3)]}

def permutation_cases():
    return [permutation_case(1, 0, n) for n in (1, 2, 7, 64, 100, 1000)] + \
           [permutation_case(2, 1, 50), permutation_case(3, 3, 300)]

def main():
    fixture = {"made_by": "tools/reference/make_torch_fixtures.py", "torch": torch.__version__,
               "numpy": np.__version__, "gradients": gradient_cases(), "training": training_cases(),
               "permutations": permutation_cases()}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(fixture, f, indent=1, allow_nan=False)
        f.write("\n")
    print("wrote", os.path.relpath(OUT))

if __name__ == "__main__":
    sys.exit(main())
