/** Deterministic ranking helpers. */

/**
 * Ordinal ranks (1 = largest) of `values`, ties broken by `ids` ascending (code-unit order), so equal values
 * never share or swap a rank between runs. NaN ranks last.
 * @example rankDescending(Float64Array.of(5, 9, 5), ["b", "c", "a"]); // => Int32Array [3, 1, 2]
 */
export function rankDescending(values: ArrayLike<number>, ids: readonly string[]): Int32Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i);
  const v = (i: number) => (Number.isNaN(values[i]) ? -Infinity : values[i]);
  order.sort((i, j) => v(j) - v(i) || (ids[i] < ids[j] ? -1 : ids[i] > ids[j] ? 1 : 0));
  const ranks = new Int32Array(n);
  order.forEach((i, pos) => (ranks[i] = pos + 1));
  return ranks;
}

/** The permutation that sorts `values` descending, ties by `ids` ascending (see `rankDescending`). */
export function orderDescending(values: ArrayLike<number>, ids: readonly string[]): Int32Array {
  const ranks = rankDescending(values, ids);
  const order = new Int32Array(ranks.length);
  for (let i = 0; i < ranks.length; i++) order[ranks[i] - 1] = i;
  return order;
}
