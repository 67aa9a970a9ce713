"""The benchmark's core work in polars + current scikit-learn: the second peer, next to bench/reference.py.

    bench/.venv-peer/bin/python bench/reference_polars.py --input bench/out/uci.csv [--kmax 10]

Runs in the test-only environment that `bash bench/setup-peer.sh` creates (polars, scikit-learn and numpy from
PyPI, versions pinned in bench/requirements-peer.txt). Does exactly what reference.py does, with polars for
the data stages, and prints one JSON object on its last line in the same shape.
"""
import argparse
import json
import resource
import time

import numpy as np
import polars as pl
import sklearn
from peer_model import model_stages, scan_rows, standardize

SCHEMA = {
    "InvoiceNo": pl.Utf8,
    "StockCode": pl.Utf8,
    "Description": pl.Utf8,
    "Quantity": pl.Int64,
    "InvoiceDate": pl.Utf8,
    "UnitPrice": pl.Float64,
    # a numeric id column with missing values, as pandas writes it (17850.0)
    "CustomerID": pl.Float64,
    "Country": pl.Utf8,
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--input", required=True)
    ap.add_argument("--kmax", type=int, default=10)
    a = ap.parse_args()
    sec = {}
    t_all = time.perf_counter()

    t = time.perf_counter()
    df = pl.read_csv(a.input, schema_overrides=SCHEMA).with_columns(
        pl.col("InvoiceDate").str.strptime(pl.Datetime("ms"), "%m/%d/%Y %H:%M"),
        pl.col("CustomerID").cast(pl.Int64),
    )
    rows_in = df.height
    sec["load"] = time.perf_counter() - t

    t = time.perf_counter()
    df = (
        df.unique(maintain_order=True)
        .filter(
            pl.col("CustomerID").is_not_null()
            & ~pl.col("InvoiceNo").str.starts_with("C")
            & (pl.col("Quantity") > 0)
            & (pl.col("UnitPrice") > 0)
        )
        .with_columns((pl.col("Quantity") * pl.col("UnitPrice")).alias("revenue"))
    )
    rows_clean = df.height
    sec["clean"] = time.perf_counter() - t

    t = time.perf_counter()
    ref = pl.lit(df["InvoiceDate"].max()) + pl.duration(days=1)
    rfm = (
        df.group_by("CustomerID")
        .agg(
            pl.col("InvoiceDate").max().alias("last"),
            pl.col("InvoiceNo").n_unique().alias("frequency"),
            pl.col("revenue").sum().alias("monetary"),
        )
        .sort("CustomerID")
        .with_columns(
            (ref - pl.col("last")).dt.total_days().alias("recency_days"),
            (pl.col("monetary") / pl.col("frequency")).alias("aov"),
        )
    )
    x = standardize(rfm.select("recency_days", "frequency", "monetary", "aov").to_numpy())
    sec["rfm"] = time.perf_counter() - t

    scan, best = model_stages(x, a.kmax, sec)
    n = len(x)

    t = time.perf_counter()
    by_country = df.group_by("Country").agg(pl.col("revenue").sum()).sort("revenue", descending=True)
    by_month = df.group_by(pl.col("InvoiceDate").dt.strftime("%Y-%m").alias("month")).agg(pl.col("revenue").sum()).sort("month")
    top_products = df.group_by("StockCode").agg(pl.col("revenue").sum()).sort(["revenue", "StockCode"], descending=[True, False]).head(10)
    sec["aggregates"] = time.perf_counter() - t
    sec["total"] = time.perf_counter() - t_all

    out = {
        "tool": "polars+sklearn",
        "versions": {"polars": pl.__version__, "scikit-learn": sklearn.__version__, "numpy": np.__version__},
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
        "countries": by_country.height,
        "months": by_month.height,
        "top_product": str(top_products["StockCode"][0]),
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
