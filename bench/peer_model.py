"""The model stages both peers share (scikit-learn on the RFM matrix): imported by bench/reference.py
(Debian's python3, scikit-learn 1.2) and bench/reference_polars.py (bench/.venv-peer, current scikit-learn).

model_stages(x, kmax, sec) runs the k-scan (k = 2…kmax, KMeans n_init=10 k-means++ random_state=42;
silhouette exact up to 10,000 rows, a seeded 10,000-row sample beyond; Davies–Bouldin; Calinski–Harabasz),
PCA with 2 components and the top-3 cosine neighbours, recording seconds per stage in `sec`. Returns the
scan rows and the row with the best silhouette.
"""
import time

import numpy as np
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.metrics import calinski_harabasz_score, davies_bouldin_score, silhouette_score
from sklearn.neighbors import NearestNeighbors
from sklearn.preprocessing import StandardScaler


def standardize(rfm_columns):
    """log1p, then z-scores (population sd) of an n×4 array (recency_days, frequency, monetary, aov)."""
    return StandardScaler().fit_transform(np.log1p(np.asarray(rfm_columns, dtype=float)))


def model_stages(x, kmax, sec):
    t = time.perf_counter()
    n = len(x)
    scan = []
    for k in range(2, min(kmax, n - 1) + 1):
        km = KMeans(n_clusters=k, n_init=10, init="k-means++", random_state=42).fit(x)
        labels = km.labels_
        sil = silhouette_score(x, labels, sample_size=10000 if n > 10000 else None, random_state=42)
        scan.append({"k": k, "inertia": float(km.inertia_), "silhouette": float(sil),
                     "daviesBouldin": float(davies_bouldin_score(x, labels)),
                     "calinskiHarabasz": float(calinski_harabasz_score(x, labels))})
    best = max(scan, key=lambda r: r["silhouette"])
    sec["kmeans_scan"] = time.perf_counter() - t

    t = time.perf_counter()
    PCA(n_components=2).fit_transform(x)
    sec["pca"] = time.perf_counter() - t

    t = time.perf_counter()
    nn = NearestNeighbors(n_neighbors=min(4, n), metric="cosine").fit(x)
    nn.kneighbors(x)
    sec["lookalike"] = time.perf_counter() - t
    return scan, best


def scan_rows(scan):
    """The scan rows rounded to 6 decimals, as both peers print them."""
    return [{kk: (round(v, 6) if isinstance(v, float) else v) for kk, v in r.items()} for r in scan]
