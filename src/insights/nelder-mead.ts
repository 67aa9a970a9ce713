/** A small Nelder–Mead simplex minimizer (Nelder & Mead 1965; coefficients 1, 2, 0.5, 0.5 as in scipy). */

/** Options of `nelderMead`. */
export interface NelderMeadOptions {
  /** Maximum iterations (default 2000). */
  maxIter?: number;
  /** Stop when the spread of function values in the simplex is below this (default 1e-10). */
  fTol?: number;
  /** Stop when the simplex diameter is below this (default 1e-8). */
  xTol?: number;
  /** Initial step along each axis (default 0.5). */
  step?: number;
  /**
   * Also stop when the best value has improved by less than `fTol` over this many iterations (default Infinity:
   * never). For likelihoods with a flat ridge (a parameter drifting to 0 or ∞ at no gain), where the simplex would
   * otherwise crawl along the ridge until `maxIter`; such a stop counts as converged (the value is optimal to fTol).
   */
  patience?: number;
}

/** The minimum found: point, value, iterations used and whether a tolerance was met. */
export interface NelderMeadResult {
  x: Float64Array;
  fx: number;
  iterations: number;
  converged: boolean;
}

/**
 * Minimizes `f` from `x0` with the Nelder–Mead simplex method. Deterministic; non-finite values of f are
 * treated as +Infinity.
 * @example nelderMead((p) => (p[0] - 1) ** 2 + (p[1] + 2) ** 2, Float64Array.of(0, 0)).x; // ≈ [1, -2]
 */
export function nelderMead(f: (x: Float64Array) => number, x0: ArrayLike<number>, options: NelderMeadOptions = {}): NelderMeadResult {
  const maxIter = options.maxIter ?? 2000;
  const fTol = options.fTol ?? 1e-10;
  const xTol = options.xTol ?? 1e-8;
  const step = options.step ?? 0.5;
  const patience = options.patience ?? Infinity;
  const d = x0.length;
  const fn = (x: Float64Array) => {
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  const pts: Float64Array[] = [Float64Array.from(x0)];
  for (let i = 0; i < d; i++) {
    const p = Float64Array.from(x0);
    p[i] += step;
    pts.push(p);
  }
  let vals = pts.map(fn);
  let it = 0;
  let converged = false;
  let bestAt = 0;
  let bestValue = Infinity;
  const combine = (a: Float64Array, b: Float64Array, t: number) => {
    const out = new Float64Array(d);
    for (let j = 0; j < d; j++) out[j] = a[j] + t * (b[j] - a[j]);
    return out;
  };
  for (; it < maxIter; it++) {
    const order = vals.map((_, i) => i).sort((i, j) => vals[i] - vals[j]);
    const sp = order.map((i) => pts[i]);
    const sv = order.map((i) => vals[i]);
    pts.splice(0, pts.length, ...sp);
    vals = sv;
    let diam = 0;
    for (let i = 1; i <= d; i++) for (let j = 0; j < d; j++) diam = Math.max(diam, Math.abs(pts[i][j] - pts[0][j]));
    if (Math.abs(vals[d] - vals[0]) <= fTol && diam <= xTol) {
      converged = true;
      break;
    }
    if (vals[0] < bestValue - fTol) {
      bestValue = vals[0];
      bestAt = it;
    } else if (it - bestAt >= patience) {
      converged = true;
      break;
    }
    const c = new Float64Array(d);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) c[j] += pts[i][j] / d;
    const xr = combine(c, pts[d], -1);
    const fr = fn(xr);
    if (fr < vals[0]) {
      const xe = combine(c, pts[d], -2);
      const fe = fn(xe);
      if (fe < fr) [pts[d], vals[d]] = [xe, fe];
      else [pts[d], vals[d]] = [xr, fr];
    } else if (fr < vals[d - 1]) {
      [pts[d], vals[d]] = [xr, fr];
    } else {
      const outside = fr < vals[d];
      const xc = outside ? combine(c, xr, 0.5) : combine(c, pts[d], 0.5);
      const fc = fn(xc);
      if (fc <= (outside ? fr : vals[d])) [pts[d], vals[d]] = [xc, fc];
      else {
        for (let i = 1; i <= d; i++) {
          pts[i] = combine(pts[0], pts[i], 0.5);
          vals[i] = fn(pts[i]);
        }
      }
    }
  }
  let best = 0;
  for (let i = 1; i < vals.length; i++) if (vals[i] < vals[best]) best = i;
  return { x: pts[best], fx: vals[best], iterations: it, converged };
}
