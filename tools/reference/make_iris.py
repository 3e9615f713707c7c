#!/usr/bin/env python3
"""Write docs/iris.csv (Fisher's 150 iris flowers, as scikit-learn's load_iris returns them) and docs/new-flowers.csv
(two flowers' measurements, for the README's predict example).

    apt-get install -y python3-sklearn
    /usr/bin/python3 tools/reference/make_iris.py
"""
from pathlib import Path

from sklearn.datasets import load_iris

docs = Path(__file__).resolve().parents[2] / "docs"


def number(v):
    return str(int(v)) if v == int(v) else repr(float(v))


iris = load_iris()
rows = ["sepal_length,sepal_width,petal_length,petal_width,species"]
rows += [",".join(number(v) for v in x) + "," + iris.target_names[t] for x, t in zip(iris.data, iris.target)]
(docs / "iris.csv").write_text("\n".join(rows) + "\n")
(docs / "new-flowers.csv").write_text("sepal_length,sepal_width,petal_length,petal_width\n5,3.4,1.5,0.2\n6.4,3.1,5.5,1.8\n")
print(f"wrote {docs / 'iris.csv'} ({len(rows) - 1} flowers) and {docs / 'new-flowers.csv'}")
