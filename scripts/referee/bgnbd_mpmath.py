"""High-precision reference for BG/NBD's expected purchases (Fader, Hardie & Lee 2005, eq. 10) with mpmath.

Reads JSON from stdin: {"params": {"r", "alpha", "a", "b"}, "cases": [[t, x, tx, T], ...]} and prints a JSON list
of E[X(t) | x, tx, T] as decimal strings (17 significant digits), each evaluated with 60 digits of working
precision by the textbook formula itself (the direct hypergeometric series, no transformation), so it checks the
equivalent forms our double-precision code switches between. Runs in .venv-referee (scripts/setup-referees.sh).

usage: echo '{"params": {...}, "cases": [[260, 500, 50, 52]]}' | .venv-referee/bin/python scripts/referee/bgnbd_mpmath.py
"""
import json
import sys

from mpmath import hyp2f1, mp, mpf, nstr

mp.dps = 60


def expected_purchases(p, t, x, tx, T):
    r, alpha, a, b = (mpf(str(p[k])) for k in ("r", "alpha", "a", "b"))
    t, x, tx, T = mpf(str(t)), mpf(str(x)), mpf(str(tx)), mpf(str(T))
    if t <= 0:
        return mpf(0)
    z = t / (alpha + T + t)
    hyp = hyp2f1(r + x, b + x, a + b + x - 1, z)
    num = (a + b + x - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp)
    den = 1 + (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x) if x > 0 else mpf(1)
    return num / den


def main() -> None:
    req = json.load(sys.stdin)
    out = [nstr(expected_purchases(req["params"], *case), 17) for case in req["cases"]]
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
