#!/usr/bin/python3
"""Referee for the cluster-validity indices: scikit-learn's silhouette, Davies-Bouldin and Calinski-Harabasz.

Run with Debian's Python (scikit-learn 1.2):  /usr/bin/python3 scripts/referee/sklearn_metrics.py < in.json
Input on stdin: {"X": [[...], ...], "labels": [...]}   (optionally a list of such objects)
Output on stdout: {"silhouette": s, "davies_bouldin": db, "calinski_harabasz": ch, "inertia": w}
(inertia = sum of squared distances to the label means) or a list of them.
"""
import json
import sys

import numpy as np
from sklearn.metrics import calinski_harabasz_score, davies_bouldin_score, silhouette_score


def metrics(case):
    X = np.asarray(case["X"], dtype=float)
    labels = np.asarray(case["labels"])
    inertia = 0.0
    for c in np.unique(labels):
        pts = X[labels == c]
        inertia += float(((pts - pts.mean(axis=0)) ** 2).sum())
    return {
        "silhouette": float(silhouette_score(X, labels, metric="euclidean")),
        "davies_bouldin": float(davies_bouldin_score(X, labels)),
        "calinski_harabasz": float(calinski_harabasz_score(X, labels)),
        "inertia": inertia,
    }


def main():
    data = json.load(sys.stdin)
    out = [metrics(c) for c in data] if isinstance(data, list) else metrics(data)
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
