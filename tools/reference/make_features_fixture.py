"""Writes tests/Backprop.Tests/Fixtures/features.json: model files with input features (version 3 of
docs/MODEL_FORMAT.md) and numpy's predictions of them, for InputFeaturesFixtureTests.

Each case is a model written here by hand from the format's documentation (weights drawn by numpy's own generator,
feature names as the format spells them), a batch of inputs, and the outputs numpy computes from the documentation
alone: each feature from its name (xi, xi^2, xi*xj, sin(xi)), the scaling (x - mean) / std, then the layers. Nothing
here knows about the C# code.

Needs Debian's numpy:   apt-get install -y python3-numpy
Run from the repo root: /usr/bin/python3 tools/reference/make_features_fixture.py

NPY_DISABLE_CPU_FEATURES keeps numpy on its baseline kernels, which call the C library (glibc) for sin, exp and tanh:
the same numbers on every machine (see make_fixtures.py).
"""
import json
import os
import re

os.environ["NPY_DISABLE_CPU_FEATURES"] = "AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL"
import numpy as np  # noqa: E402  (after the environment is set)

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "Backprop.Tests", "Fixtures", "features.json")

ACTIVATIONS = {
    "logistic": lambda z: 1 / (1 + np.exp(-z)),
    "tanh": np.tanh,
    "relu": lambda z: np.maximum(z, 0),
    "identity": lambda z: z,
    "softmax": lambda z: np.exp(z - z.max(0)) / np.exp(z - z.max(0)).sum(0),
}


def feature(name, x):
    """One feature of inputs x (d × N) from its name, as the format documents the names."""
    if m := re.fullmatch(r"x(\d+)", name):
        return x[int(m[1]) - 1]
    if m := re.fullmatch(r"x(\d+)\^2", name):
        return x[int(m[1]) - 1] ** 2
    if m := re.fullmatch(r"x(\d+)\*x(\d+)", name):
        return x[int(m[1]) - 1] * x[int(m[2]) - 1]
    if m := re.fullmatch(r"sin\(x(\d+)\)", name):
        return np.sin(x[int(m[1]) - 1])
    raise ValueError(name)


def predict(model, x):
    """The model's outputs for inputs x (d × N), from the format's documentation."""
    a = np.array([feature(name, x) for name in model["inputFeatures"]["features"]])
    if "inputScaling" in model:
        a = (a - np.array(model["inputScaling"]["mean"])[:, None]) / np.array(model["inputScaling"]["std"])[:, None]
    for layer in model["layers"]:
        a = ACTIVATIONS[layer["activation"]](np.array(layer["weights"]) @ a + np.array(layer["biases"])[:, None])
    return a


def case(name, inputs, features, hidden, activations, loss, scaled, classes, rng):
    sizes = [len(features), *hidden]
    layers = []
    for n, activation in enumerate(activations):
        rows, columns = sizes[n + 1], sizes[n]
        layers.append({"activation": activation,
                       "weights": (rng.standard_normal((rows, columns)) * 0.8).tolist(),
                       "biases": (rng.standard_normal(rows) * 0.3).tolist()})
    model = {"format": "backprop/model", "version": 3, "loss": loss,
             "inputFeatures": {"inputs": inputs, "features": features}}
    if scaled:
        model["inputScaling"] = {"mean": (rng.standard_normal(len(features)) * 0.5).tolist(),
                                 "std": (0.5 + rng.random(len(features)) * 2).tolist()}
    if classes:
        model["classes"] = classes
    model["layers"] = layers
    x = rng.standard_normal((inputs, 23)) * 2
    return {"name": name, "model": model, "inputs": x.tolist(), "outputs": predict(model, x).tolist()}


def main():
    rng = np.random.default_rng(2026)
    cases = [
        # TensorFlow Playground's seven features of two inputs, a tanh layer and a logistic output
        case("playground", 2, ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"], [5, 1],
             ["tanh", "logistic"], "squared", False, None, rng),
        # Features in another order, an input (x2) used only in a product, scaled, and a softmax over three classes
        case("classes", 3, ["sin(x3)", "x1^2", "x2*x3", "x1", "x1*x3"], [4, 3], ["relu", "softmax"], "cross-entropy",
             True, ["a", "b", "c"], rng),
        # One input made into three, as for the heart's curve: x, x^2, sin x
        case("one-input", 1, ["x1", "x1^2", "sin(x1)"], [6, 7, 2], ["logistic", "logistic", "logistic"], "squared",
             True, None, rng),
    ]
    with open(OUT, "w") as f:
        json.dump({"source": "tools/reference/make_features_fixture.py (numpy " + np.__version__ + ")", "cases": cases}, f)
        f.write("\n")
    print(f"wrote {OUT}: {len(cases)} cases")


if __name__ == "__main__":
    main()
