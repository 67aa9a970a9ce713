#!/usr/bin/python3
"""The benchmark pipeline in pandas + scikit-learn (the referee), for Debian's python3 (pandas 1.5, sklearn 1.2).

    /usr/bin/python3 bench/reference.py --input bench/out/uci.csv [--kmax 10]

Does exactly what `bench/bench.ts --mode core` does after its loader (the model stages live in
bench/peer_model.py, shared with bench/reference_polars.py) and prints one JSON object on its last line:
{"rows_in", "rows_clean", "customers", "best_k", "best_silhouette", "revenue", "seconds": {...}, "peak_rss_mb"}.
"""
import argparse
import json
import resource
import time

import pandas as pd
from peer_model import model_stages, scan_rows, standardize


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--input", required=True)
    ap.add_argument("--kmax", type=int, default=10)
    a = ap.parse_args()
    sec = {}
    t_all = time.perf_counter()

    t = time.perf_counter()
    df = pd.read_csv(a.input, dtype={"InvoiceNo": str, "StockCode": str, "Description": str, "Country": str})
    df["InvoiceDate"] = pd.to_datetime(df["InvoiceDate"], format="%m/%d/%Y %H:%M")
    rows_in = len(df)
    sec["load"] = time.perf_counter() - t

    t = time.perf_counter()
    df = df.drop_duplicates()
    df = df[df["CustomerID"].notna()]
    df = df[~df["InvoiceNo"].str.startswith("C")]
    df = df[(df["Quantity"] > 0) & (df["UnitPrice"] > 0)].copy()
    df["revenue"] = df["Quantity"] * df["UnitPrice"]
    rows_clean = len(df)
    sec["clean"] = time.perf_counter() - t

    t = time.perf_counter()
    ref = df["InvoiceDate"].max() + pd.Timedelta(days=1)
    g = df.groupby("CustomerID")
    rfm = pd.DataFrame({
        "recency_days": (ref - g["InvoiceDate"].max()).dt.days,
        "frequency": g["InvoiceNo"].nunique(),
        "monetary": g["revenue"].sum(),
    }).sort_index()
    rfm["aov"] = rfm["monetary"] / rfm["frequency"]
    x = standardize(rfm[["recency_days", "frequency", "monetary", "aov"]].to_numpy(float))
    sec["rfm"] = time.perf_counter() - t

    scan, best = model_stages(x, a.kmax, sec)
    n = len(x)

    t = time.perf_counter()
    by_country = df.groupby("Country")["revenue"].sum().sort_values(ascending=False)
    by_month = df.groupby(df["InvoiceDate"].dt.to_period("M"))["revenue"].sum().sort_index()
    top_products = df.groupby("StockCode")["revenue"].sum().nlargest(10)
    sec["aggregates"] = time.perf_counter() - t
    sec["total"] = time.perf_counter() - t_all

    out = {
        "tool": "pandas+sklearn",
        "rows_in": rows_in,
        "rows_clean": rows_clean,
        "customers": int(n),
        "best_k": best["k"],
        "best_silhouette": round(best["silhouette"], 6),
        "revenue": round(float(df["revenue"].sum()), 2),
        "seconds": {k: round(v, 3) for k, v in sec.items()},
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "scan": scan_rows(scan),
        "recency_days_sum": int(rfm["recency_days"].sum()),
        "frequency_sum": int(rfm["frequency"].sum()),
        "countries": int(len(by_country)),
        "months": int(len(by_month)),
        "top_product": str(top_products.index[0]),
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
