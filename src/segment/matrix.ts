/**
 * The numeric matrix every segmentation function takes: row-major Float64Array with explicit shape. No polars
 * here: the k-scan's worker threads load this file (`toMatrix`, from a frame, is in preprocess.ts).
 */

/** A dense row-major n×d matrix: row i is `data[i*d .. i*d+d)`; `columns` names the d features. */
export interface Matrix {
  n: number;
  d: number;
  data: Float64Array;
  columns: string[];
}

/** Builds a Matrix from an array of equal-length rows (tests and small examples). */
export function matrixFromRows(rows: readonly (readonly number[])[], columns?: string[]): Matrix {
  const n = rows.length;
  const d = n === 0 ? (columns?.length ?? 0) : rows[0].length;
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    if (rows[i].length !== d) throw new Error(`matrixFromRows: row ${i} has ${rows[i].length} values, expected ${d}`);
    for (let j = 0; j < d; j++) data[i * d + j] = rows[i][j];
  }
  return { n, d, data, columns: columns ?? Array.from({ length: d }, (_, j) => `x${j}`) };
}

/** The rows of `x` at `indices`, in that order, as a new Matrix. */
export function selectRows(x: Matrix, indices: ArrayLike<number>): Matrix {
  const m = indices.length;
  const d = x.d;
  const data = new Float64Array(m * d);
  for (let r = 0; r < m; r++) {
    const off = indices[r] * d;
    for (let j = 0; j < d; j++) data[r * d + j] = x.data[off + j];
  }
  return { n: m, d, data, columns: x.columns };
}
