#!/usr/bin/python3
"""Referee for coverage, bounds and geography of the findings, computed independently with pandas (Debian
python3-pandas 1.5) from the source files, without the project's code.

Usage: /usr/bin/python3 scripts/referee/insights_bounds.py FORMAT PATH
FORMAT is one of:
  shopsmart   DIR holds customers.csv (customer_id, location, currency), orders.csv (order_id, customer_id,
              status success/failed/cancelled, checked_out_at), line_items.csv (order_id, item_id, quantity),
              products.csv (id, price). Line value = quantity x the product's price.
  three-file  DIR holds Customers.csv (CustomerID, Region), Transactions.csv (TransactionID, CustomerID,
              TransactionDate, Quantity, Price); one transaction = one completed order with one line.
  online-retail  DIR is a CSV of UCI Online Retail I (InvoiceNo, StockCode, Quantity, InvoiceDate, UnitPrice,
              CustomerID, Country) or II (Invoice, …, Price, Customer ID, …). Standard cleaning: exact duplicate
              rows, rows without a customer and "A" (bad debt) invoices dropped; an invoice is an order, "C"
              invoices are canceled (credit notes), the others completed; lines with quantity or price <= 0 are
              dropped, and completed invoices left without lines with them.
  canonical   DIR holds the canonical CSV tables: orders.csv (order_id, customer_id, ordered_at, status,
              country), order_lines.csv (order_id, product_id, quantity, unit_price), customers.csv
              (customer_id, country, region), products.csv, interactions.csv (optional).

Prints one JSON object: orders, status counts, completed orders (all / with lines), completed revenue of the
orders with lines (a lower bound when some lack lines), failed + canceled orders (all / with lines) and the
value of those with lines (the lower bound of the value lost), customers with a completed order, customers
with unknown spend (a completed order without lines), repeat buyers (2+ completed orders), span of completed
orders and of all orders in days, distinct months with revenue, revenue and customers per market (country, else region) with
shares, and customers per currency tag.
"""
import json
import sys

import pandas as pd


def read(path, **kw):
    return pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False, na_values=[""], **kw)


def load_shopsmart(d):
    customers = read(f"{d}/customers.csv", dtype=str)
    orders = read(f"{d}/orders.csv", dtype=str)
    lines = read(f"{d}/line_items.csv", dtype={"order_id": str, "item_id": str})
    products = read(f"{d}/products.csv", dtype={"id": str})
    status = {"success": "completed", "failed": "failed", "cancelled": "canceled"}
    orders["status"] = orders["status"].str.strip().str.lower().map(status)
    orders["ordered_at"] = pd.to_datetime(orders["checked_out_at"])
    price = products.set_index("id")["price"].astype(float)
    lines["value"] = lines["quantity"].astype(float) * lines["item_id"].map(price)
    customers = customers.rename(columns={"location": "country"})
    orders = orders.merge(customers[["customer_id", "country"]], on="customer_id", how="left")
    return orders, lines[["order_id", "value"]], customers


def load_three_file(d):
    customers = read(f"{d}/Customers.csv", dtype=str)
    t = read(f"{d}/Transactions.csv", dtype={"TransactionID": str, "CustomerID": str})
    orders = pd.DataFrame(
        {
            "order_id": t["TransactionID"],
            "customer_id": t["CustomerID"],
            "status": "completed",
            "ordered_at": pd.to_datetime(t["TransactionDate"]),
        }
    )
    region = customers.set_index("CustomerID")["Region"]
    orders["region"] = orders["customer_id"].map(region)
    lines = pd.DataFrame({"order_id": t["TransactionID"], "value": t["Quantity"].astype(float) * t["Price"].astype(float)})
    customers = customers.rename(columns={"CustomerID": "customer_id", "Region": "region"})
    return orders, lines, customers


def load_online_retail(path):
    df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    df = df.rename(columns={"Invoice": "InvoiceNo", "Price": "UnitPrice", "Customer ID": "CustomerID"})
    df = df.drop_duplicates()
    df = df[df["CustomerID"].notna()].copy()
    df["InvoiceNo"] = df["InvoiceNo"].str.strip()
    df = df[~df["InvoiceNo"].str.startswith("A")]
    df["CustomerID"] = df["CustomerID"].astype(float).astype("int64").astype(str)
    df["quantity"] = df["Quantity"].astype(float)
    df["price"] = df["UnitPrice"].astype(float)
    df["ordered_at"] = pd.to_datetime(df["InvoiceDate"])
    df["status"] = df["InvoiceNo"].str.startswith("C").map({True: "canceled", False: "completed"})
    kept = df[(df["quantity"] > 0) & (df["price"] > 0)]
    lines = pd.DataFrame({"order_id": kept["InvoiceNo"], "value": kept["quantity"] * kept["price"]})
    orders = df.sort_values("ordered_at").groupby("InvoiceNo", as_index=False).agg(
        customer_id=("CustomerID", "first"), ordered_at=("ordered_at", "min"), status=("status", "first"), country=("Country", "first")
    )
    orders = orders.rename(columns={"InvoiceNo": "order_id"})
    empty = (orders["status"] == "completed") & ~orders["order_id"].isin(lines["order_id"])
    orders = orders[~empty]
    customers = pd.DataFrame({"customer_id": orders["customer_id"].unique()})
    return orders, lines, customers


def load_canonical(d):
    orders = read(f"{d}/orders.csv", dtype=str)
    orders["ordered_at"] = pd.to_datetime(orders["ordered_at"])
    lines = read(f"{d}/order_lines.csv", dtype={"order_id": str, "product_id": str})
    lines["value"] = lines["quantity"].astype(float) * lines["unit_price"].astype(float)
    customers = read(f"{d}/customers.csv", dtype=str)
    keep = [c for c in ["customer_id", "country", "region"] if c in customers.columns]
    cust = customers[keep].rename(columns={"country": "customer_country"})
    orders = orders.merge(cust, on="customer_id", how="left")
    if "customer_country" in orders.columns:
        orders["country"] = orders["country"].fillna(orders["customer_country"]) if "country" in orders.columns else orders["customer_country"]
    return orders, lines[["order_id", "value"]], customers


def main(argv):
    formats = {"shopsmart": load_shopsmart, "three-file": load_three_file, "online-retail": load_online_retail, "canonical": load_canonical}
    if len(argv) < 3 or argv[1] not in formats:
        sys.stderr.write(__doc__)
        return 2
    loader = formats[argv[1]]
    orders, lines, customers = loader(argv[2])
    value = lines.groupby("order_id")["value"].sum()
    orders["has_lines"] = orders["order_id"].isin(value.index)
    orders["value"] = orders["order_id"].map(value).fillna(0.0)
    done = orders[orders["status"] == "completed"]
    lost = orders[orders["status"].isin(["failed", "canceled"])]
    per_customer = done.dropna(subset=["customer_id"]).groupby("customer_id").agg(
        n=("order_id", "count"), unknown=("has_lines", lambda s: bool((~s).any()))
    )
    span = (done["ordered_at"].max() - done["ordered_at"].min()).total_seconds() / 86400 if len(done) else 0.0
    months = done[done["has_lines"]]["ordered_at"].dt.strftime("%Y-%m").nunique()

    out = {
        "orders": int(len(orders)),
        "orders_with_lines": int(orders["has_lines"].sum()),
        "statuses": {k: int(v) for k, v in orders["status"].value_counts().sort_index().items()},
        "completed_orders": int(len(done)),
        "completed_orders_with_lines": int(done["has_lines"].sum()),
        "completed_revenue_known": float(done["value"].sum()),
        "lost_orders": int(len(lost)),
        "lost_orders_with_lines": int(lost["has_lines"].sum()),
        "lost_value_known": float(lost["value"].sum()),
        "customers": int(len(per_customer)),
        "customers_with_unknown_spend": int(per_customer["unknown"].sum()),
        "repeat_buyers": int((per_customer["n"] >= 2).sum()),
        "span_days": float(span),
        "order_span_days": float((orders["ordered_at"].max() - orders["ordered_at"].min()).total_seconds() / 86400) if len(orders) else 0.0,
        "revenue_months": int(months),
    }
    for level in ("country", "region"):
        if level in done.columns and done[level].notna().any():
            known = done[done[level].notna() & (done[level] != "")]
            total = float(done["value"].sum())
            n_customers = done["customer_id"].nunique()
            g = known.groupby(level).agg(revenue=("value", "sum"), customers=("customer_id", "nunique"), orders=("order_id", "count"))
            out[f"by_{level}"] = {
                k: {
                    "revenue": float(r.revenue),
                    "customers": int(r.customers),
                    "orders": int(r.orders),
                    "share_of_revenue": float(r.revenue) / total if total else 0.0,
                    "share_of_customers": int(r.customers) / n_customers if n_customers else 0.0,
                }
                for k, r in g.sort_index().iterrows()
            }
    if "currency" in customers.columns:
        out["currency_tags"] = {k: int(v) for k, v in customers["currency"].dropna().value_counts().sort_index().items()}
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
