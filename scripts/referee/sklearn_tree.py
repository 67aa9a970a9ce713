#!/usr/bin/python3
"""Referee for the segment-rules tree: scikit-learn's DecisionTreeClassifier (CART, Gini) on the same rows.

Run with Debian's Python (scikit-learn 1.2):  /usr/bin/python3 scripts/referee/sklearn_tree.py < in.json
Input on stdin: {"X": [[...], ...], "y": [...], "train": [row indices], "max_depth": 3, "min_samples_leaf": m}
Output on stdout: {"predicted": [class per row of X], "leaves": number of leaves, "accuracy_train": a}
(predictions for every row, the tree trained on the `train` rows only). scikit-learn splits at midpoints and keeps
siblings that predict the same class; ours splits at round numbers between the same two values and merges such
siblings, so predictions on the training rows must agree exactly, and on other rows almost always.
"""
import json
import sys

import numpy as np
from sklearn.tree import DecisionTreeClassifier


def main() -> None:
    case = json.load(sys.stdin)
    X = np.asarray(case["X"], dtype=float)
    y = np.asarray(case["y"])
    train = np.asarray(case["train"], dtype=int)
    tree = DecisionTreeClassifier(
        criterion="gini", max_depth=case["max_depth"], min_samples_leaf=case["min_samples_leaf"], random_state=0
    ).fit(X[train], y[train])
    pred = tree.predict(X)
    json.dump({
        "predicted": [int(v) for v in pred],
        "leaves": int(tree.get_n_leaves()),
        "accuracy_train": float((pred[train] == y[train]).mean()),
    }, sys.stdout)


if __name__ == "__main__":
    main()
