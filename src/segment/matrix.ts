/** The numeric matrix every segmentation function takes: row-major Float64Array with explicit shape. */
import pl from "nodejs-polars";
import { InputError } from "../util/errors.js";

/** A dense row-major n×d matrix: row i is `data[i*d .. i*d+d)`; `columns` names the d features. */
export interface Matrix {
  n: number;
  d: number;
  data: Float64Array;
  columns: string[];
}

/**
 * Copies the named numeric columns of `df` into a row-major Float64 `Matrix` (ints and BigInts are cast).
 * Throws `InputError` for a missing column or a null / non-finite value (features must be complete).
 * @example toMatrix(pl.DataFrame({ a: [1, 2], b: [3, 4] }), ["a", "b"]).data; // => Float64Array [1, 3, 2, 4]
 */
export function toMatrix(df: pl.DataFrame, columns: readonly string[]): Matrix {
  const n = df.height;
  const d = columns.length;
  const data = new Float64Array(n * d);
  const have = new Set(df.columns);
  for (let j = 0; j < d; j++) {
    const name = columns[j];
    if (!have.has(name)) throw new InputError(`toMatrix: no column "${name}" (have ${df.columns.join(", ")})`);
    const s = df.getColumn(name).cast(pl.Float64);
    if (s.nullCount() > 0) throw new InputError(`toMatrix: column "${name}" has ${s.nullCount()} null value(s)`);
    const col = s.toTypedArray() as Float64Array;
    for (let i = 0; i < n; i++) {
      const v = col[i];
      if (!Number.isFinite(v)) throw new InputError(`toMatrix: column "${name}" row ${i} is not finite (${v})`);
      data[i * d + j] = v;
    }
  }
  return { n, d, data, columns: [...columns] };
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
