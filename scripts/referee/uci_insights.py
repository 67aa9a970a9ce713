#!/usr/bin/python3
"""Referee for the insights on UCI Online Retail, computed independently with pandas (Debian python3-pandas 1.5).

Usage: /usr/bin/python3 scripts/referee/uci_insights.py INPUT [--top N]
INPUT is the original online_retail.parquet (needs pyarrow or fastparquet) or a CSV with the same columns
(InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice, CustomerID, Country).

Standard cleaning (the one public UCI studies compare against): drop exact duplicate rows, rows without
CustomerID, invoices starting with "C" (cancellations), Quantity <= 0 and UnitPrice <= 0. Revenue = Quantity x
UnitPrice. Prints one JSON object: customers, orders, revenue, revenue_by_country, revenue_by_month (YYYY-MM),
top_products_by_revenue (StockCode, stripped; all codes including fees such as POST; the caller filters fees).
"""
import json
import sys

import pandas as pd


def load(path):
    if path.endswith(".parquet"):
        return pd.read_parquet(path)
    return pd.read_csv(
        path,
        dtype={"InvoiceNo": str, "StockCode": str, "Description": str, "Country": str, "CustomerID": "Int64"},
        keep_default_na=False,
        na_values={"CustomerID": [""], "Description": [""]},
    )


def main(argv):
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    top = int(argv[argv.index("--top") + 1]) if "--top" in argv else 30
    df = load(argv[1])
    df = df.drop_duplicates()
    df = df[df["CustomerID"].notna()]
    df = df[~df["InvoiceNo"].astype(str).str.startswith("C")]
    df = df[(df["Quantity"] > 0) & (df["UnitPrice"] > 0)].copy()
    df["Revenue"] = df["Quantity"] * df["UnitPrice"]
    df["Month"] = pd.to_datetime(df["InvoiceDate"]).dt.strftime("%Y-%m")
    df["StockCode"] = df["StockCode"].astype(str).str.strip()
    by_country = df.groupby("Country")["Revenue"].sum().sort_index()
    by_month = df.groupby("Month")["Revenue"].sum().sort_index()
    products = df.groupby("StockCode")["Revenue"].sum().reset_index()
    products = products.sort_values(["Revenue", "StockCode"], ascending=[False, True]).head(top)
    out = {
        "customers": int(df["CustomerID"].nunique()),
        "orders": int(df["InvoiceNo"].nunique()),
        "revenue": float(df["Revenue"].sum()),
        "revenue_by_country": {k: float(v) for k, v in by_country.items()},
        "revenue_by_month": {k: float(v) for k, v in by_month.items()},
        "top_products_by_revenue": [[r.StockCode, float(r.Revenue)] for r in products.itertuples()],
    }
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
