"""Referee for the CLV models: BG/NBD and Gamma–Gamma fitted by the Python `lifetimes` package on UCI Online Retail.

Runs in the test-only venv made by scripts/setup-referees.sh (lifetimes 0.11.3, pandas 1.5, numpy 1.26, scipy 1.11,
autograd, pyarrow): `.venv-referee/bin/python scripts/referee/lifetimes_uci.py FILE.parquet [--horizon-days 365]
[--calibration-end 2011-08-31]`. Reads the raw file itself and cleans it by the standard rules (those of
uci_clean.py: drop exact duplicate rows, rows without a customer id, invoices starting with "C", Quantity <= 0,
price <= 0). A purchase is a customer's calendar day with orders (value = the day's sum of Quantity x price), time
in weeks (days / 7), the observation end is the last invoice day: lifetimes' own
`summary_data_from_transaction_data(freq="D", freq_multiplier=7)`.

Prints one JSON object:
  bgnbd: {r, alpha, a, b, log_likelihood} (log-likelihood of the unscaled data, from lifetimes' own function)
  gamma_gamma: {p, q, v, log_likelihood, customers}
  customers: {customer_id, frequency, recency, T, monetary, expected_purchases, p_alive, expected_value} (lists)
  horizon_weeks, total_predicted_clv (sum of expected purchases x expected value over the horizon, undiscounted)
  holdout (with --calibration-end): lifetimes' calibration_and_holdout_data on days, BG/NBD and Gamma–Gamma
    refitted on the calibration period: {customers, holdout_purchases, duration_weeks, predicted_purchases,
    mae_purchases, correlation, r, alpha, a, b, p, q, v, per-customer lists customer_id, frequency_cal,
    frequency_holdout, predicted}
"""
import argparse
import contextlib
import json
import sys

import numpy as np
import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter
from lifetimes.utils import ConvergenceError, calibration_and_holdout_data, summary_data_from_transaction_data


def purchase_days(path: str) -> pd.DataFrame:
    """Cleaned UCI lines → one row per customer and calendar day: customer_id (str), day, value."""
    df = pd.read_parquet(path)
    invoice = "InvoiceNo" if "InvoiceNo" in df else "Invoice"
    price = "UnitPrice" if "UnitPrice" in df else "Price"
    customer = "CustomerID" if "CustomerID" in df else "Customer ID"
    df = df.drop_duplicates()
    df = df[df[customer].notna()]
    df = df[~df[invoice].astype(str).str.startswith("C")]
    df = df[df["Quantity"] > 0]
    df = df[df[price] > 0]
    out = pd.DataFrame({
        "customer_id": df[customer].astype("int64").astype(str),
        "day": pd.to_datetime(df["InvoiceDate"]).dt.floor("D"),
        "value": df["Quantity"] * df[price],
    })
    return out.groupby(["customer_id", "day"], as_index=False)["value"].sum()


def bgnbd_log_likelihood(params, frequency, recency, T) -> float:
    """Total log-likelihood at `params` on the unscaled data, by lifetimes' own (mean, negated) function."""
    log_params = np.log([params["r"], params["alpha"], params["a"], params["b"]])
    n = len(frequency)
    return float(-BetaGeoFitter._negative_log_likelihood(log_params, frequency, recency, T, np.ones(n), 0.0) * n)


def gamma_gamma_log_likelihood(params, frequency, monetary) -> float:
    log_params = np.log([params["p"], params["q"], params["v"]])
    n = len(frequency)
    return float(-GammaGammaFitter._negative_log_likelihood(log_params, frequency, monetary, np.ones(n), 0.0) * n)


def fit(summary: pd.DataFrame, start=None):
    """BG/NBD and Gamma–Gamma by lifetimes (no penalizer). When lifetimes' BFGS stops without success (it does on
    the UCI calibration period, whose likelihood is flat towards a -> 0, b -> inf), it is started again from
    `start` (BG/NBD parameters r, alpha, a, b in weeks, e.g. the fit on the whole history)."""
    bgf = BetaGeoFitter(penalizer_coef=0.0)
    try:
        with contextlib.redirect_stdout(sys.stderr):  # lifetimes prints the optimizer's output on failure
            bgf.fit(summary["frequency"], summary["recency"], summary["T"])
    except ConvergenceError:
        if start is None:
            raise
        scale = 10 / summary["T"].max()  # lifetimes' _scale_time: the optimizer works on rescaled time
        init = np.log([start["r"], start["alpha"] * scale, start["a"], start["b"]])
        bgf = BetaGeoFitter(penalizer_coef=0.0)
        with contextlib.redirect_stdout(sys.stderr):
            bgf.fit(summary["frequency"], summary["recency"], summary["T"], initial_params=init)
    repeat = summary[(summary["frequency"] > 0) & (summary["monetary_value"] > 0)]
    ggf = GammaGammaFitter(penalizer_coef=0.0)
    ggf.fit(repeat["frequency"], repeat["monetary_value"])
    return bgf, ggf, repeat


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("input")
    ap.add_argument("--horizon-days", type=float, default=365)
    ap.add_argument("--calibration-end", default=None)
    args = ap.parse_args()

    days = purchase_days(args.input)
    summary = summary_data_from_transaction_data(
        days, "customer_id", "day", monetary_value_col="value", freq="D", freq_multiplier=7
    ).sort_index()
    bgf, ggf, repeat = fit(summary)
    t = args.horizon_days / 7
    f, rec, T, m = summary["frequency"], summary["recency"], summary["T"], summary["monetary_value"]
    expected = bgf.conditional_expected_number_of_purchases_up_to_time(t, f, rec, T)
    p_alive = bgf.conditional_probability_alive(f, rec, T)
    value = ggf.conditional_expected_average_profit(f, m)
    bg = {k: float(v) for k, v in bgf.params_.items()}
    gg = {k: float(v) for k, v in ggf.params_.items()}
    out = {
        "lifetimes_version": __import__("lifetimes").__version__,
        "bgnbd": {**bg, "log_likelihood": bgnbd_log_likelihood(bg, f.values, rec.values, T.values)},
        "gamma_gamma": {
            **gg,
            "log_likelihood": gamma_gamma_log_likelihood(gg, repeat["frequency"].values, repeat["monetary_value"].values),
            "customers": int(len(repeat)),
        },
        "horizon_weeks": t,
        "total_predicted_clv": float((np.asarray(expected) * np.asarray(value)).sum()),
        "customers": {
            "customer_id": list(summary.index),
            "frequency": f.astype(float).tolist(),
            "recency": rec.astype(float).tolist(),
            "T": T.astype(float).tolist(),
            "monetary": m.astype(float).tolist(),
            "expected_purchases": np.asarray(expected, dtype=float).tolist(),
            "p_alive": np.asarray(p_alive, dtype=float).tolist(),
            "expected_value": np.asarray(value, dtype=float).tolist(),
        },
    }
    if args.calibration_end:
        ch = calibration_and_holdout_data(
            days, "customer_id", "day", calibration_period_end=args.calibration_end,
            freq="D", freq_multiplier=7, monetary_value_col="value",
        ).sort_index()
        cal = ch.rename(columns={"frequency_cal": "frequency", "recency_cal": "recency", "T_cal": "T",
                                 "monetary_value_cal": "monetary_value"})
        bgc, ggc, _ = fit(cal, start=bg)
        duration = float(ch["duration_holdout"].iloc[0])
        pred = np.asarray(bgc.conditional_expected_number_of_purchases_up_to_time(
            duration, ch["frequency_cal"], ch["recency_cal"], ch["T_cal"]), dtype=float)
        actual = ch["frequency_holdout"].to_numpy(dtype=float)
        out["holdout"] = {
            "calibration_end": args.calibration_end,
            "customers": int(len(ch)),
            "holdout_purchases": float(actual.sum()),
            "duration_weeks": duration,
            "predicted_purchases": float(pred.sum()),
            "mae_purchases": float(np.abs(pred - actual).mean()),
            "correlation": float(np.corrcoef(pred, actual)[0, 1]),
            **{k: float(v) for k, v in bgc.params_.items()},
            **{k: float(v) for k, v in ggc.params_.items()},
            "customer_id": list(ch.index),
            "frequency_cal": ch["frequency_cal"].astype(float).tolist(),
            "frequency_holdout": actual.tolist(),
            "predicted": pred.tolist(),
        }
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
