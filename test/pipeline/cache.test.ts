/**
 * The analysis cache (src/pipeline/cache.ts): a hit equals a fresh run value for value and export for export;
 * changing the input file, an option or a src/ file gives a fresh result (stage `cache` reports "miss"); a
 * damaged entry is recomputed; `enabled: false` and CASESTUDY_NO_CACHE bypass it. Runs on a small canonical
 * store written by the test, with the code version taken from a scratch copy of src/ that the test edits.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caseStudyFigures } from "../../src/pipeline/figures.js";
import {
  analysisCacheKey,
  cacheDisabledByEnv,
  cachedAnalysis,
  codeVersion,
  decodeValue,
  encodeValue,
  exportFiles,
  runAnalysis,
  type AnalysisOptions,
  type AnalysisResult,
} from "../../src/pipeline/index.js";
import type { DatasetSpec } from "../../src/data/index.js";
import { writeStoreDir } from "../insights/stores.js";

const root = path.resolve(__dirname, "..", "..");
let scratch: string;
let fakeRoot: string;
let cacheDir: string;
let spec: DatasetSpec;
const options: AnalysisOptions = { kMax: 4, stability: false };

/** cachedAnalysis with the test's cache folder and code root; returns the result and what stage `cache` said. */
async function run(o: AnalysisOptions = options, s: DatasetSpec = spec): Promise<{ result: AnalysisResult; cache: string | undefined }> {
  let cache: string | undefined;
  const result = await cachedAnalysis(s, o, { end: (name, _s, detail) => void (name === "cache" && (cache = detail)) }, { enabled: true, dir: cacheDir, root: fakeRoot });
  return { result, cache };
}

/** Every value of a result in comparable form: the tagged JSON, typed arrays' bytes, DataFrames as rows + dtypes. */
function snapshot(r: AnalysisResult) {
  const e = encodeValue(r);
  return {
    json: e.json,
    arrays: e.arrays.map((a) => Buffer.from(a).toString("base64")),
    frames: e.frames.map((f) => ({ dtypes: f.dtypes.map(String), columns: f.columns, rows: JSON.stringify(f.toRecords()) })),
  };
}

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "casestudy-cache-"));
  fakeRoot = path.join(scratch, "project");
  fs.mkdirSync(fakeRoot);
  fs.cpSync(path.join(root, "src"), path.join(fakeRoot, "src"), { recursive: true });
  fs.copyFileSync(path.join(root, "package-lock.json"), path.join(fakeRoot, "package-lock.json"));
  fs.cpSync(path.join(root, "patches"), path.join(fakeRoot, "patches"), { recursive: true });
  cacheDir = path.join(scratch, "cache");
  spec = { dataset: "canonical", input: writeStoreDir({ name: "cache-store", customers: 120 }, scratch), seed: 42 };
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe("cachedAnalysis", () => {
  let fresh: AnalysisResult;
  let first: { result: AnalysisResult; cache: string | undefined };
  let second: { result: AnalysisResult; cache: string | undefined };
  beforeAll(async () => {
    fresh = await runAnalysis(spec, options);
    first = await run();
    second = await run();
  }, 120_000);

  it("misses, then hits with a result equal to a fresh run, value for value", () => {
    expect(first.cache).toBe("miss");
    expect(second.cache).toBe("hit");
    expect(second.result).not.toBe(first.result);
    expect(snapshot(second.result)).toEqual(snapshot(fresh));
    expect(second.result.segments).toBeInstanceOf(Int32Array);
    expect(second.result.customers.height).toBe(fresh.customers.height);
  });

  it("gives the same export files and figures through the cache as without it, byte for byte", () => {
    const a = exportFiles(fresh);
    const b = exportFiles(second.result);
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    for (const name of Object.keys(a)) expect(b[name], name).toBe(a[name]);
    expect(JSON.stringify(caseStudyFigures(second.result))).toBe(JSON.stringify(caseStudyFigures(fresh)));
  });

  it("recomputes when an option changes", async () => {
    const other = await run({ ...options, top: 2 });
    expect(other.cache).toBe("miss");
    expect(other.result.lookalike.k).toBe(2);
    expect((await run({ ...options, top: 2 })).cache).toBe("hit");
    // workers do not change results, so they are not part of the key
    expect((await run({ ...options, workers: 0 })).cache).toBe("hit");
  });

  it("recomputes when a src/ file changes, and again when it changes back it hits the first entry", async () => {
    const file = path.join(fakeRoot, "src", "insights", "format.ts");
    const before = fs.readFileSync(file, "utf8");
    const v0 = codeVersion(fakeRoot);
    fs.appendFileSync(file, "\n// edited\n");
    try {
      expect(codeVersion(fakeRoot)).not.toBe(v0);
      expect((await run()).cache).toBe("miss");
    } finally {
      fs.writeFileSync(file, before);
    }
    expect((await run()).cache).toBe("hit");
  });

  it("recomputes when the input file changes, with the new data's numbers", async () => {
    const dir = writeStoreDir({ name: "cache-store-2", customers: 120 }, scratch);
    const s2: DatasetSpec = { ...spec, input: dir };
    expect((await run(options, s2)).cache).toBe("miss");
    const orders = path.join(dir, fs.readdirSync(dir).find((f) => f.startsWith("orders"))!);
    const text = fs.readFileSync(orders, "utf8").trimEnd().split("\n");
    fs.writeFileSync(orders, text.slice(0, text.length - 40).join("\n") + "\n"); // drop the last 40 orders
    const changed = await run(options, s2);
    expect(changed.cache).toBe("miss");
    expect(changed.result.store.orders.height).toBe((await runAnalysis(s2, options)).store.orders.height);
    expect(changed.result.store.orders.height).toBeLessThan(first.result.store.orders.height);
  });

  it("ignores a damaged entry and replaces it", async () => {
    const key = analysisCacheKey(spec, options, fakeRoot);
    fs.writeFileSync(path.join(cacheDir, key, "result.json"), "{ not json");
    const again = await run();
    expect(again.cache).toBe("miss");
    expect(snapshot(again.result)).toEqual(snapshot(fresh));
    expect((await run()).cache).toBe("hit");
  });

  it("is bypassed when disabled (no entry written) and by CASESTUDY_NO_CACHE", async () => {
    const dir = path.join(scratch, "unused");
    let said: string | undefined;
    await cachedAnalysis(spec, options, { end: (n, _s, d) => void (n === "cache" && (said = d)) }, { enabled: false, dir, root: fakeRoot });
    expect(said).toBeUndefined();
    expect(fs.existsSync(dir)).toBe(false);
    expect(cacheDisabledByEnv({ CASESTUDY_NO_CACHE: "1" })).toBe(true);
    expect(cacheDisabledByEnv({ CASESTUDY_NO_CACHE: "0" })).toBe(false);
    expect(cacheDisabledByEnv({})).toBe(false);
  });
});

describe("encodeValue / decodeValue", () => {
  it("keeps NaN, ±Infinity, -0, undefined, bigints, typed arrays, Maps, Sets, Dates and $-keys", () => {
    const value = {
      nan: NaN,
      inf: [Infinity, -Infinity, -0, 0, 1.1],
      u: undefined,
      big: 2n ** 70n,
      f: Float64Array.from([1.5, NaN, -0]),
      i: new Int32Array([3, -4]).subarray(1),
      m: new Map([["a", 1]]),
      s: new Set([1, 2]),
      d: new Date(86_400_000),
      $odd: { $u: "not a tag" },
    };
    const e = encodeValue(value);
    const back = decodeValue(e.json, e.arrays, e.frames) as typeof value;
    expect(back).toStrictEqual(value);
    expect(Object.is(back.inf[2], -0)).toBe(true);
    expect(back.i).toBeInstanceOf(Int32Array);
    expect(Array.from(back.i)).toEqual([-4]);
  });

  it("refuses what it cannot restore (a class instance), so such a result is never cached wrongly", () => {
    class Thing {}
    expect(() => encodeValue({ t: new Thing() })).toThrow(/result\.t is a Thing/);
    expect(() => encodeValue({ f: () => 1 })).toThrow(/result\.f is a function/);
  });
});
