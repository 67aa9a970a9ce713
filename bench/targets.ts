/**
 * The benchmark targets of issue 15, in one place for bench/compare.ts (verdicts) and bench/table.ts (tables):
 * `casestudy analyze` as a whole process at most ½ the pandas + scikit-learn peer's wall time on the UCI file
 * and at 1 M lines, at most 0.3 at 5 M; its peak RSS at most the pandas peer's at every size; `loadStore` of
 * 5 M lines within 5 s.
 */

/** The time target (analyze ÷ pandas wall time) at this many lines, or null where the issue sets none (0.1 M). */
export function timeTarget(lines: number): number | null {
  if (lines >= 5_000_000) return 0.3;
  if (lines >= 500_000) return 0.5;
  return null;
}

/** The `loadStore` target in seconds at this many lines, or null below 5 M lines. */
export function loadTarget(lines: number): number | null {
  return lines >= 5_000_000 ? 5 : null;
}
