#!/usr/bin/python3
"""Reference top-k cosine neighbors from scikit-learn, for test/lookalike/reference.test.ts.

    /usr/bin/python3 test/lookalike/sklearn_topk.py IN.csv K OUT.csv

IN.csv: one row per vector, no header. OUT.csv: per row, k neighbor indices then k cosine similarities
(1 − scikit-learn's cosine distance), self excluded, sorted by distance (ties by index, stable sort).
"""
import sys
import numpy as np
from sklearn.neighbors import NearestNeighbors

x = np.loadtxt(sys.argv[1], delimiter=",", ndmin=2)
k = int(sys.argv[2])
n = len(x)
nn = NearestNeighbors(n_neighbors=min(k + 1, n), metric="cosine", algorithm="brute").fit(x)
dist, idx = nn.kneighbors(x)
rows = []
for i in range(n):
    pairs = sorted(((d, j) for d, j in zip(dist[i], idx[i]) if j != i), key=lambda p: (p[0], p[1]))[:k]
    rows.append([j for _, j in pairs] + [1.0 - d for d, _ in pairs])
np.savetxt(sys.argv[3], np.array(rows), delimiter=",", fmt="%.17g")
