"""Write the data sets the data defaults are measured on: train/test CSV pairs from scikit-learn's bundled and
generated sets, 75/25 (stratified for classes), seed 0. Usage: make_datasets.py OUT_DIR"""
import os, sys
import numpy as np
from sklearn import datasets
from sklearn.model_selection import train_test_split

out = sys.argv[1]
os.makedirs(out, exist_ok=True)

def write(name, X, y, kind, names=None):
    strat = y if kind == "classes" else None
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.25, random_state=0, stratify=strat)
    header = ",".join(f"x{i+1}" for i in range(X.shape[1])) + (",label" if kind == "classes" else ",y")
    for part, (A, b) in {"train": (Xtr, ytr), "test": (Xte, yte)}.items():
        with open(os.path.join(out, f"{name}.{part}.csv"), "w") as f:
            f.write(header + "\n")
            for row, t in zip(A, b):
                label = names[t] if names is not None else (str(int(t)) if kind == "classes" else repr(float(t)))
                f.write(",".join(repr(float(v)) for v in row) + "," + label + "\n")
    print(name, kind, X.shape, file=sys.stderr)

iris = datasets.load_iris(); write("iris", iris.data, iris.target, "classes", list(iris.target_names))
wine = datasets.load_wine(); write("wine", wine.data, wine.target, "classes", [f"cultivar{i}" for i in range(3)])
bc = datasets.load_breast_cancer(); write("cancer", bc.data, bc.target, "classes", list(bc.target_names))
digits = datasets.load_digits(); write("digits", digits.data, digits.target, "classes")
X, y = datasets.make_classification(n_samples=5000, n_features=20, n_informative=10, n_classes=4, random_state=0)
write("synth4", X, y, "classes")
X, y = datasets.make_moons(n_samples=2000, noise=0.25, random_state=0); write("moons", X, y, "classes", ["a", "b"])
X, y = datasets.make_circles(n_samples=1000, noise=0.1, factor=0.5, random_state=0); write("circles", X, y, "classes", ["inner", "outer"])
d = datasets.load_diabetes(); write("diabetes", d.data, d.target, "numbers")
X, y = datasets.make_friedman1(n_samples=2000, noise=1.0, random_state=0); write("friedman1", X, y, "numbers")
X, y = datasets.make_friedman2(n_samples=2000, noise=10.0, random_state=0); write("friedman2", X, y, "numbers")
X, y = datasets.make_regression(n_samples=3000, n_features=30, n_informative=15, noise=20.0, random_state=0)
write("linear", X, 1000 + y, "numbers")
