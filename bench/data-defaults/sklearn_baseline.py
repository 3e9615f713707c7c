"""scikit-learn's MLP at its defaults on each train/test pair: MLPClassifier().fit(X, y) on raw and on standardised
inputs; MLPRegressor on standardised inputs and targets. Prints name, score (accuracy or R² on the test file) and
seconds, each the mean over random_state 0, 1 and 2.
Usage: sklearn_baseline.py DIR NAME..."""
import sys, time, warnings
import numpy as np
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.compose import TransformedTargetRegressor

SEEDS = (0, 1, 2)

def mean_fit(make, Xtr, ytr, Xte, yte):
    scores, seconds = [], []
    for rs in SEEDS:
        model = make(rs)
        t = time.perf_counter(); model.fit(Xtr, ytr); seconds.append(time.perf_counter() - t)
        scores.append(model.score(Xte, yte))
    return np.mean(scores), np.mean(seconds)
warnings.filterwarnings("ignore")

def load(path):
    with open(path) as f:
        f.readline()
        rows = [line.rstrip("\n").split(",") for line in f]
    return np.array([[float(v) for v in r[:-1]] for r in rows]), [r[-1] for r in rows]

def main():
    folder = sys.argv[1]
    for name in sys.argv[2:]:
        Xtr, ytr = load(f"{folder}/{name}.train.csv"); Xte, yte = load(f"{folder}/{name}.test.csv")
        header = open(f"{folder}/{name}.train.csv").readline().strip().split(",")
        results = []
        if header[-1] == "label":
            for label, make in [("raw", lambda rs: MLPClassifier(random_state=rs)),
                                ("scaled", lambda rs: make_pipeline(StandardScaler(), MLPClassifier(random_state=rs)))]:
                score, s = mean_fit(make, Xtr, ytr, Xte, yte)
                results.append(f"{label} accuracy={score:.4f} s={s:.2f}")
        else:
            ytr = np.array(ytr, float); yte = np.array(yte, float)
            for label, make in [("scaled-xy", lambda rs: TransformedTargetRegressor(make_pipeline(StandardScaler(), MLPRegressor(random_state=rs)), transformer=StandardScaler())),
                                ("scaled-x", lambda rs: make_pipeline(StandardScaler(), MLPRegressor(random_state=rs)))]:
                score, s = mean_fit(make, Xtr, ytr, Xte, yte)
                results.append(f"{label} r2={score:.4f} s={s:.2f}")
        print(name, " | ".join(results), flush=True)

if __name__ == "__main__":
    main()
