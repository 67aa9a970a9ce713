/**
 * Stages of long work (reading, cleaning, the k-scan, the lookalikes, …) reported as they start and end:
 * the CLI shows them as progress on stderr, the benchmark records their timings. Library functions take an
 * optional listener and wrap each stage in {@link stage}; without a listener nothing is reported and nothing
 * is timed. Stages may nest (`load` contains `read` and `clean`).
 */

/** Receives stage events. Every method is optional. */
export interface StageListener {
  /** Stage `name` starts. */
  start?(name: string): void;
  /**
   * Stage `name` ended after `seconds` (wall clock); `detail` is a short summary of what it produced, e.g.
   * "541,909 lines, 392,692 kept".
   */
  end?(name: string, seconds: number, detail?: string): void;
  /** Progress inside the current stage, e.g. "400,000 of 1,000,000 lines". */
  update?(detail: string): void;
}

/**
 * Lets the event loop turn once (a `setImmediate`). Native objects (nodejs-polars' frames, series, expressions)
 * are freed by finalizers that Node runs from the event loop after the garbage collector found them unreachable,
 * never inside a run of synchronous code or promise callbacks; without a turn, every intermediate frame of an
 * analysis stays allocated to its end (measured: ~68 MB per runAnalysis of the default store, never returned
 * while runs followed each other).
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Runs `f` as stage `name` of `listener` and returns its result; `detail` turns the result into the summary
 * passed to `end`. A stage that throws reports no end. After the stage the event loop turns once
 * ({@link yieldToEventLoop}), so the native memory of what the stage dropped is freed before the next one.
 */
export async function stage<T>(
  listener: StageListener | undefined,
  name: string,
  f: () => T | Promise<T>,
  detail?: (result: T) => string | undefined,
): Promise<T> {
  listener?.start?.(name);
  const t0 = performance.now();
  const result = await f();
  listener?.end?.(name, (performance.now() - t0) / 1000, detail?.(result));
  await yieldToEventLoop();
  return result;
}

/** Stage timings collected by {@link stageTimer}: seconds per stage name (a repeated name adds up). */
export interface StageTimes {
  seconds: Record<string, number>;
  details: Record<string, string>;
}

/** A listener that records the seconds and detail of every stage (for the benchmark), chained to `next`. */
export function stageTimer(next?: StageListener): StageListener & { times: StageTimes } {
  const times: StageTimes = { seconds: {}, details: {} };
  return {
    times,
    start: (name) => next?.start?.(name),
    update: (d) => next?.update?.(d),
    end: (name, seconds, detail) => {
      times.seconds[name] = (times.seconds[name] ?? 0) + seconds;
      if (detail !== undefined) times.details[name] = detail;
      next?.end?.(name, seconds, detail);
    },
  };
}

/** `1234567` → `1,234,567` (the summaries' number format, independent of the locale). */
export function count(n: number): string {
  return n.toLocaleString("en-US");
}
