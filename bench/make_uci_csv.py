#!/usr/bin/python3
"""Benchmark inputs in the UCI Online Retail CSV schema, written under bench/out/ (git-ignored).

    /usr/bin/python3 bench/make_uci_csv.py --lines 1000000 --out bench/out/uci-1m.csv

The base is bench/out/uci.csv, the UCI file as CSV (write it first with
`node --import tsx bench/uci-to-csv.ts bench/out/uci.csv`; Debian's pandas has no parquet engine). Smaller --lines takes the first lines of the
file. Larger --lines stacks seeded copies of it: copy c > 0 offsets CustomerID by c*100000 and InvoiceNo by
c*1000000 (keeping the C prefix of cancellations), shifts each copied customer's dates back by 0-59 days and
scales their prices by 0.8-1.2 (rounded to pence), so customers grow with the file and are not duplicates.
InvoiceDate is written as M/D/YYYY H:MM, as in the UCI distribution. CustomerID is written the way pandas
writes a numeric column with missing values, as a float (`17850.0`), which is what a user who loads the UCI
data with pandas and saves it again hands us; `--int-ids` writes integers (`17850`) instead.
"""
import argparse
import numpy as np
import pandas as pd

SRC = "bench/out/uci.csv"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, default=0)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--int-ids", action="store_true", help="write CustomerID as integers instead of pandas' floats")
    a = ap.parse_args()
    base = pd.read_csv(SRC, dtype={"InvoiceNo": str, "StockCode": str, "Description": str, "CustomerID": "Int64"})
    base["InvoiceDate"] = pd.to_datetime(base["InvoiceDate"], format="%m/%d/%Y %H:%M")
    n0 = len(base)
    if a.lines <= n0:
        df = base.iloc[: a.lines]
    else:
        rng = np.random.default_rng(a.seed)
        parts = [base]
        inv_num = base["InvoiceNo"].str.lstrip("CA").astype("int64")
        inv_pre = base["InvoiceNo"].str.extract(r"^([CA]?)", expand=False).fillna("")
        cust = base["CustomerID"]
        codes, uniq = pd.factorize(cust)  # -1 for null
        copies = -(-a.lines // n0)
        for c in range(1, copies):
            shift = rng.integers(0, 60, size=len(uniq) + 1)
            factor = rng.uniform(0.8, 1.2, size=len(uniq) + 1)
            p = base.copy()
            p["InvoiceNo"] = inv_pre + (inv_num + c * 1_000_000).astype(str)
            p["CustomerID"] = cust + c * 100_000
            p["InvoiceDate"] = base["InvoiceDate"] - pd.to_timedelta(shift[codes], unit="D")
            p["UnitPrice"] = (base["UnitPrice"] * factor[codes]).round(2)
            parts.append(p)
        df = pd.concat(parts, ignore_index=True).iloc[: a.lines]
    out = df.copy()
    d = out["InvoiceDate"]
    out["InvoiceDate"] = (d.dt.month.astype(str) + "/" + d.dt.day.astype(str) + "/" + d.dt.year.astype(str) + " "
                          + d.dt.hour.astype(str) + ":" + d.dt.minute.map("{:02d}".format))
    # pandas' own choice for an integer column with missing values is float64 (17850.0); --int-ids keeps integers
    out["CustomerID"] = out["CustomerID"].astype("Int64" if a.int_ids else "float64")
    out.to_csv(a.out, index=False)
    print(f"{a.out}: {len(out)} lines")


if __name__ == "__main__":
    main()
