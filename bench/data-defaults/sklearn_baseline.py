"""scikit-learn's MLP at its defaults on each train/test pair: MLPClassifier().fit(X, y) on raw and on standardised
inputs; MLPRegressor on standardised inputs and targets. Prints name, score (accuracy or R² on the test file), seconds.
Usage: sklearn_baseline.py DIR NAME..."""
import sys, time, warnings
import numpy as np
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.compose import TransformedTargetRegressor
warnings.filterwarnings("ignore")

def load(path):
    with open(path) as f:
        f.readline()
        rows = [line.rstrip("\n").split(",") for line in f]
    return np.array([[float(v) for v in r[:-1]] for r in rows]), [r[-1] for r in rows]

folder = sys.argv[1]
for name in sys.argv[2:]:
    Xtr, ytr = load(f"{folder}/{name}.train.csv"); Xte, yte = load(f"{folder}/{name}.test.csv")
    header = open(f"{folder}/{name}.train.csv").readline().strip().split(",")
    results = []
    if header[-1] == "label":
        for label, model in [("raw", MLPClassifier(random_state=0)), ("scaled", make_pipeline(StandardScaler(), MLPClassifier(random_state=0)))]:
            t = time.perf_counter(); model.fit(Xtr, ytr); s = time.perf_counter() - t
            results.append(f"{label} accuracy={model.score(Xte, yte):.4f} s={s:.2f}")
    else:
        ytr = np.array(ytr, float); yte = np.array(yte, float)
        for label, model in [("scaled-xy", TransformedTargetRegressor(make_pipeline(StandardScaler(), MLPRegressor(random_state=0)), transformer=StandardScaler())),
                             ("scaled-x", make_pipeline(StandardScaler(), MLPRegressor(random_state=0)))]:
            t = time.perf_counter(); model.fit(Xtr, ytr); s = time.perf_counter() - t
            results.append(f"{label} r2={model.score(Xte, yte):.4f} s={s:.2f}")
    print(name, " | ".join(results), flush=True)
