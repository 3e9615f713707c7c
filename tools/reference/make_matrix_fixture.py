"""Writes tests/Backprop.Tests/Fixtures/matrix.json: numpy's own answers for the arithmetic Matrix reads like.

For a few small matrices with fixed values (a 2×3, a 2×1 and a 3×1 column, a 1×3 row, a 1×1, a 3×2), numpy computes
+ − * / element by element with broadcasting, a number on either side, negation, @, .T, np.exp, np.cosh, np.tanh,
** with whole and fractional exponents, np.sum over an axis (keepdims) and in all, and np.linalg.norm. Nothing here
knows about the C# code: these are independent reference numbers, read by MatrixArithmeticTests.

Needs Debian's numpy:   apt-get install -y python3-numpy
Run from the repo root: /usr/bin/python3 tools/reference/make_matrix_fixture.py

NPY_DISABLE_CPU_FEATURES keeps numpy 1.24 on its baseline kernels, which call the C library (glibc) for exp, cosh,
tanh and pow, instead of its AVX-512 kernels, which round differently in the last bit: the same numbers on every
machine (see make_fixtures.py).
"""
import json
import os
import sys

os.environ["NPY_DISABLE_CPU_FEATURES"] = "AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL"
import numpy as np  # noqa: E402  (after the environment is set)

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "Backprop.Tests", "Fixtures")

# ---- The operands -----------------------------------------------------------------------------------------
# Values that are not dyadic fractions (0.1, -2.7, ...) so that every + − * / rounds, negative numbers, values
# around ±3 where exp, cosh and tanh are far from their small-argument forms, and small ones where they are near.
INPUTS = {
    "A": [[0.1, -2.7, 3.0], [-3.1, 0.5, 2.2]],            # 2×3
    "B": [[1.3, 0.7, -2.9], [3.3, -0.3, 1.1]],            # 2×3, no zeros (a divisor)
    "col": [[0.6], [-1.7]],                               # 2×1, a column for A
    "col3": [[2.5], [-0.4], [3.2]],                       # 3×1
    "row": [[-1.1, 2.9, 0.3]],                            # 1×3, a row for A
    "one": [[-2.3]],                                      # 1×1
    "C": [[0.9, -1.4], [2.6, 0.2], [-3.3, 1.7]],          # 3×2
    "P": [[0.2, 1.7, 3.1], [2.9, 0.01, 5.5]],             # 2×3, all positive: fractional powers
    "small": [[0.5, -0.25, 0.1], [-0.01, 0.001, -1e-5]],  # 2×3, near zero: tanh's and exp's small-argument range
    "tiny": [[1e-3, -1e-5, 1e-8, -0.01, 0.02, -3e-4, 1e-12, 0.1]],  # 1×8, near zero: a whole SIMD vector of them
    "trio": [[1.3, 0.7, -2.9]],                           # 1×3 whose sum depends on the order: (1.3 + 0.7) − 2.9
    "IA": [[1.0, -2.0, 3.0], [-4.0, 0.0, 5.0]],           # 2×3, whole numbers: an exact product
    "IC": [[2.0, -1.0], [0.0, 3.0], [-5.0, 4.0]],         # 3×2, whole numbers
}
M = {name: np.array(rows, dtype=np.float64) for name, rows in INPUTS.items()}

BINARY = {"add": np.add, "subtract": np.subtract, "multiply": np.multiply, "divide": np.divide}


def rows(m):
    return np.asarray(m).tolist()


def binary_cases():
    pairs = [("A", "B"),         # same shape
             ("A", "col"), ("col", "A"),      # a column repeated across the columns
             ("A", "row"), ("row", "A"),      # a row repeated down the rows
             ("col3", "row"), ("row", "col3"),  # 3×1 with 1×3: the outer 3×3
             ("one", "A"), ("A", "one"),      # 1×1 everywhere
             ("one", "one")]
    return [{"op": op, "a": a, "b": b, "expected": rows(f(M[a], M[b]))}
            for a, b in pairs for op, f in BINARY.items()]


def scalar_cases():
    cases = []
    for name in ("A", "row", "one"):
        for s in (2.0, -0.3):
            for op, f in BINARY.items():
                cases.append({"op": op, "a": name, "scalar": s, "number_first": False, "expected": rows(f(M[name], s))})
                cases.append({"op": op, "a": name, "scalar": s, "number_first": True, "expected": rows(f(s, M[name]))})
    # The ones the worksheet writes: 2 − a, 1 / a, a / 4.
    cases.append({"op": "subtract", "a": "A", "scalar": 2.0, "number_first": True, "expected": rows(2 - M["A"])})
    cases.append({"op": "divide", "a": "A", "scalar": 1.0, "number_first": True, "expected": rows(1 / M["A"])})
    cases.append({"op": "divide", "a": "A", "scalar": 4.0, "number_first": False, "expected": rows(M["A"] / 4)})
    return cases


def unary_cases():
    functions = {"negate": np.negative, "transpose": np.transpose, "exp": np.exp, "cosh": np.cosh, "tanh": np.tanh}
    return [{"op": op, "a": name, "expected": rows(f(M[name]))}
            for op, f in functions.items() for name in ("A", "B", "col3", "row", "one", "C", "small", "tiny")]


def pow_cases():
    cases = []
    for p in (-2.0, 3.0, 2.0, -1.0, 0.0, 1.0, 4.0, -4.0, 5.0, -5.0):   # whole exponents: any sign of base
        for name in ("A", "B", "small"):
            cases.append({"a": name, "p": p, "expected": rows(M[name] ** p)})
    for p in (0.5, 1.5, -0.5, 2.5, 1.0 / 3.0):               # fractional exponents: positive bases
        cases.append({"a": "P", "p": p, "expected": rows(M["P"] ** p)})
    return cases


def dot_cases():
    pairs = [("IA", "IC"), ("IC", "IA"), ("IA", "IA", "T"), ("A", "C"), ("C", "A"), ("col3", "row"), ("row", "col3")]
    cases = []
    for pair in pairs:
        a, b = M[pair[0]], M[pair[1]]
        if len(pair) == 3:
            b = b.T
        cases.append({"a": pair[0], "b": pair[1], "b_transposed": len(pair) == 3, "exact": pair[0] in ("IA", "IC"),
                      "expected": rows(a @ b)})
    return cases


def sum_cases():
    return [{"a": name, "axis0": rows(np.sum(M[name], axis=0, keepdims=True)),
             "axis1": rows(np.sum(M[name], axis=1, keepdims=True)),
             "all": float(np.sum(M[name])), "norm": float(np.linalg.norm(M[name]))}
            for name in ("A", "B", "col", "col3", "row", "one", "C", "IA", "trio")]


def main():
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "matrix.json")
    value = {"made_by": "tools/reference/make_matrix_fixture.py", "numpy": np.__version__, "inputs": INPUTS,
             "binary": binary_cases(), "scalar": scalar_cases(), "unary": unary_cases(), "pow": pow_cases(),
             "dot": dot_cases(), "sums": sum_cases()}
    with open(path, "w") as f:
        json.dump(value, f, indent=1, allow_nan=False)
        f.write("\n")
    print("wrote", os.path.relpath(path))


if __name__ == "__main__":
    sys.exit(main())
