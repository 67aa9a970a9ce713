#!/usr/bin/python3
"""Reference cleaning of the UCI Online Retail data with pandas (run with Debian's /usr/bin/python3).

Applies the standard rules used by public UCI case studies, in this order: drop exact duplicate rows, rows
without a customer id, invoices starting with "C" (cancellations), Quantity <= 0, price <= 0. Prints JSON:
{rows_in, rows_clean, customers, invoices, revenue} (revenue = sum of Quantity * price, rounded to cents).
Works for both releases: Online Retail (InvoiceNo, UnitPrice, CustomerID) and Online Retail II (Invoice,
Price, "Customer ID").

usage: /usr/bin/python3 scripts/referee/uci_clean.py FILE.csv   (or FILE.parquet where pyarrow is installed)
"""
import json
import sys

import pandas as pd


def main(path: str) -> None:
    if path.endswith(".parquet"):
        df = pd.read_parquet(path)
    else:
        # Debian's pandas has no Parquet engine: tests pass a CSV export of the Parquet file (polars writeCSV).
        df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
        for c in ("Quantity", "UnitPrice", "Price"):
            if c in df:
                df[c] = pd.to_numeric(df[c])
    invoice = "InvoiceNo" if "InvoiceNo" in df else "Invoice"
    price = "UnitPrice" if "UnitPrice" in df else "Price"
    customer = "CustomerID" if "CustomerID" in df else "Customer ID"
    rows_in = len(df)
    df = df.drop_duplicates()
    df = df[df[customer].notna()]
    df = df[~df[invoice].astype(str).str.startswith("C")]
    df = df[df["Quantity"] > 0]
    df = df[df[price] > 0]
    revenue = float((df["Quantity"] * df[price]).sum())
    print(json.dumps({
        "rows_in": rows_in,
        "rows_clean": len(df),
        "customers": int(df[customer].nunique()),
        "invoices": int(df[invoice].nunique()),
        "revenue": round(revenue, 2),
    }))


if __name__ == "__main__":
    main(sys.argv[1])
