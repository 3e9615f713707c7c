"""scikit-learn's RandomizedSearchCV over a space like backprop tune's default one (1-2 hidden layers of 16-256, relu or
tanh, adam or sgd with momentum 0.9, learning rate and alpha on log scales, batch 32-256), 27 candidates, 3-fold CV,
both cores; standardised inputs (and targets for regression). Prints the test score of the refit best and the seconds.
Usage: sklearn_search.py DIR NAME..."""
import sys, time, warnings
import numpy as np
from scipy.stats import loguniform
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.compose import TransformedTargetRegressor
from sklearn.model_selection import RandomizedSearchCV
warnings.filterwarnings("ignore")
sys.path.insert(0, __file__.rsplit("/", 1)[0])
from sklearn_baseline import load

folder = sys.argv[1]
layers = [(w,) * l for l in (1, 2) for w in (16, 32, 64, 128, 256)]
for name in sys.argv[2:]:
    Xtr, ytr = load(f"{folder}/{name}.train.csv"); Xte, yte = load(f"{folder}/{name}.test.csv")
    header = open(f"{folder}/{name}.train.csv").readline().strip().split(",")
    classes = header[-1] == "label"
    space = {"hidden_layer_sizes": layers, "activation": ["relu", "tanh"], "solver": ["adam", "sgd"], "learning_rate_init": loguniform(1e-4, 1e-1),
             "alpha": loguniform(1e-6, 1e-3), "batch_size": [32, 64, 128, 256]}
    mlp = MLPClassifier(momentum=0.9, random_state=0) if classes else MLPRegressor(momentum=0.9, random_state=0)
    prefix = "mlp__" if classes else "regressor__mlp__"
    model = make_pipeline(StandardScaler(), mlp)
    if not classes:
        ytr = np.array(ytr, float); yte = np.array(yte, float)
        model = TransformedTargetRegressor(model, transformer=StandardScaler())
        model.regressor.steps[-1] = ("mlp", mlp); model.regressor.named_steps  # name the step "mlp"
    else:
        model.steps[-1] = ("mlp", mlp)
    search = RandomizedSearchCV(model, {prefix + k: v for k, v in space.items()}, n_iter=27, cv=3, n_jobs=2, random_state=0, error_score=np.nan)
    t = time.perf_counter(); search.fit(Xtr, ytr); s = time.perf_counter() - t
    print(f"{name} search {'accuracy' if classes else 'r2'}={search.score(Xte, yte):.4f} s={s:.1f}", flush=True)
