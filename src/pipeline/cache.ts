/**
 * The analysis once per data, not once per notebook: `cachedAnalysis` returns the `AnalysisResult` of
 * `runAnalysis` from data/cache/analysis/ (git-ignored) when it was computed before from the same things, and
 * computes and stores it otherwise. The notebooks, `casestudy analyze` and the site build all go through it, so
 * `npm run build` analyses once and each notebook only reads.
 *
 * The key is a SHA-256 over everything the result depends on:
 * - the dataset spec (name, input path, seed, scale) and the analysis options (defaults filled in; `workers` is
 *   left out, results do not depend on it);
 * - the content of the input: every byte of the input file, or of every file under the input folder (with their
 *   relative paths); the synthetic store has no input, its generator is code;
 * - the code's version: every file under src/, package-lock.json and patches/ (a dependency or its patch can
 *   change a number as well as our own code), and the Node.js version, platform and architecture.
 * So an edited helper, a changed option or a touched input file gives a fresh result; nothing is trusted by
 * date. `CASESTUDY_NO_CACHE=1` (notebooks, build) or `--no-cache` (CLI) bypasses the cache, reading and writing.
 *
 * Storage: one folder per key with `result.json` (the result's plain values; non-finite numbers, -0, undefined
 * and bigints tagged so they come back as they were), `arrays.bin` (the typed arrays, restored as the same
 * typed-array class) and `df-N.arrow` (each polars DataFrame, Arrow IPC). The folder is written under a
 * temporary name and renamed into place, so a reader sees a whole entry or none; a damaged entry is ignored and
 * recomputed. A result holding something else (a class instance, a function) is returned uncached.
 * (No `import.meta` here: notebooks compile src/ to CommonJS through tslab.)
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pl from "nodejs-polars";
import { defaultInput, type DatasetSpec } from "../data/index.js";
import { projectRoot } from "../paths.js";
import { stage, type StageListener } from "../util/progress.js";
import { ANALYSIS_DEFAULTS, runAnalysis, type AnalysisOptions, type AnalysisResult } from "./analysis.js";

/** Options of `cachedAnalysis`. */
export interface CacheOptions {
  /** Use the cache (read and write). Default: true unless the environment sets CASESTUDY_NO_CACHE=1. */
  enabled?: boolean;
  /** Folder of the cache entries. Default data/cache/analysis under the project root. */
  dir?: string;
  /** Project root whose src/, package-lock.json and patches/ make the code version. Default: `projectRoot()`. */
  root?: string;
}

/** Version of the storage format; part of every key. */
const FORMAT = 1;

/** True when `env` asks to bypass the cache (CASESTUDY_NO_CACHE set to anything but "", "0" or "false"). */
export function cacheDisabledByEnv(env: Record<string, string | undefined> = process.env): boolean {
  const v = env.CASESTUDY_NO_CACHE?.trim().toLowerCase();
  return v !== undefined && v !== "" && v !== "0" && v !== "false";
}

/** The files under `dir` (recursively, sorted by relative path), skipping none. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Feeds the relative path and content of every file of `paths` (files or folders) into `hash`. */
function hashFiles(hash: crypto.Hash, base: string, paths: string[]): void {
  for (const p of paths) {
    const files = fs.existsSync(p) ? (fs.statSync(p).isDirectory() ? filesUnder(p) : [p]) : [];
    if (files.length === 0) hash.update(`missing:${path.relative(base, p)}\0`);
    for (const f of files) {
      hash.update(`file:${path.relative(base, f)}\0`);
      hash.update(fs.readFileSync(f));
      hash.update("\0");
    }
  }
}

/**
 * SHA-256 (hex) of the code the analysis runs: every file under `root`/src, package-lock.json and patches/.
 * About 1 MB read; milliseconds.
 */
export function codeVersion(root: string = projectRoot()): string {
  const hash = crypto.createHash("sha256");
  hashFiles(hash, root, [path.join(root, "src"), path.join(root, "package-lock.json"), path.join(root, "patches")]);
  return hash.digest("hex");
}

/**
 * The cache key of an analysis (SHA-256 hex): dataset spec, the input's content, the options with their defaults
 * (without `workers`), `codeVersion(root)` and the Node.js version/platform/arch. See the module comment.
 */
export function analysisCacheKey(spec: DatasetSpec, options: AnalysisOptions = {}, root: string = projectRoot()): string {
  const hash = crypto.createHash("sha256");
  const input = spec.dataset === "synthetic" ? undefined : (spec.input ?? defaultInput(spec.dataset, root));
  const o: Record<string, unknown> = { ...ANALYSIS_DEFAULTS, seed: spec.seed ?? ANALYSIS_DEFAULTS.seed };
  for (const [k, v] of Object.entries(options)) if (v !== undefined && k !== "workers") o[k] = v;
  const specFields = Object.fromEntries(Object.entries({ ...spec, input: input === undefined ? null : path.resolve(input) }).sort(([a], [b]) => (a < b ? -1 : 1)));
  const optionFields = Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
  const runtime = { node: process.version, platform: process.platform, arch: process.arch };
  hash.update(JSON.stringify({ format: FORMAT, spec: specFields, options: optionFields, code: codeVersion(root), runtime }));
  if (input !== undefined) hashFiles(hash, path.dirname(path.resolve(input)), [path.resolve(input)]);
  return hash.digest("hex");
}

/** The typed-array classes a result may hold, by name. */
const TYPED = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  BigInt64Array,
  BigUint64Array,
} as const;
type TypedName = keyof typeof TYPED;

/** Thrown when a value cannot be stored faithfully (the result is then returned uncached). */
class NotCacheable extends Error {}

/** A result in storable parts: the JSON text, the typed arrays' bytes and the DataFrames. */
interface Encoded {
  json: string;
  arrays: Uint8Array[];
  frames: pl.DataFrame[];
}

/** Splits `value` into JSON with tags, typed-array bytes and DataFrames (see the module comment). */
export function encodeValue(value: unknown): Encoded {
  const arrays: Uint8Array[] = [];
  const frames: pl.DataFrame[] = [];
  const walk = (v: unknown, where: string): unknown => {
    if (v === null || typeof v === "string" || typeof v === "boolean") return v;
    if (v === undefined) return { $u: 1 };
    if (typeof v === "number") {
      if (Number.isNaN(v)) return { $n: "NaN" };
      if (v === Infinity) return { $n: "Infinity" };
      if (v === -Infinity) return { $n: "-Infinity" };
      if (Object.is(v, -0)) return { $n: "-0" };
      return v;
    }
    if (typeof v === "bigint") return { $big: v.toString() };
    if (typeof v !== "object") throw new NotCacheable(`${where} is a ${typeof v}`);
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${where}[${i}]`));
    if (ArrayBuffer.isView(v)) {
      const name = v.constructor.name as TypedName;
      if (!(name in TYPED) || v.constructor !== TYPED[name]) throw new NotCacheable(`${where} is a ${v.constructor.name}`);
      const view = v as ArrayBufferView;
      arrays.push(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
      return { $ta: name, i: arrays.length - 1 };
    }
    if ((v as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] === "DataFrame") {
      frames.push(v as pl.DataFrame); // nodejs-polars' own test (DataFrame.isDataFrame): its frames are not class instances
      return { $df: frames.length - 1 };
    }
    if (v instanceof Date) return { $date: v.getTime() };
    if (v instanceof Map) return { $map: Array.from(v, ([k, x], i) => [walk(k, `${where}.key${i}`), walk(x, `${where}.get(${i})`)]) };
    if (v instanceof Set) return { $set: Array.from(v, (x, i) => walk(x, `${where}{${i}}`)) };
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) throw new NotCacheable(`${where} is a ${proto?.constructor?.name ?? "class instance"}`);
    const out: Record<string, unknown> = {};
    let tagged = false;
    for (const [k, x] of Object.entries(v)) {
      if (k.startsWith("$")) tagged = true;
      out[k] = walk(x, `${where}.${k}`);
    }
    return tagged ? { $obj: out } : out;
  };
  const tree = walk(value, "result");
  return { json: JSON.stringify(tree), arrays, frames };
}

/** Rebuilds the value `encodeValue` split (typed arrays get their own buffers). */
export function decodeValue(json: string, arrays: Uint8Array[], frames: pl.DataFrame[]): unknown {
  const walk = (v: unknown): unknown => {
    if (v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) return v.map(walk);
    const o = v as Record<string, unknown>;
    if ("$u" in o) return undefined;
    if ("$n" in o) return o.$n === "-0" ? -0 : Number(o.$n);
    if ("$big" in o) return BigInt(o.$big as string);
    if ("$ta" in o) {
      const Ctor = TYPED[o.$ta as TypedName];
      const bytes = arrays[o.i as number];
      const copy = new Uint8Array(bytes.byteLength);
      copy.set(bytes);
      return new Ctor(copy.buffer as ArrayBuffer);
    }
    if ("$df" in o) return frames[o.$df as number];
    if ("$date" in o) return new Date(o.$date as number);
    if ("$map" in o) return new Map((o.$map as unknown[][]).map(([k, x]) => [walk(k), walk(x)]));
    if ("$set" in o) return new Set((o.$set as unknown[]).map(walk));
    const src = "$obj" in o ? (o.$obj as Record<string, unknown>) : o;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(src)) out[k] = walk(x);
    return out;
  };
  return walk(JSON.parse(json));
}

/** Writes the entry for `result` as `dir` (through a temporary sibling and a rename). False if not cacheable. */
function writeEntry(dir: string, result: AnalysisResult): boolean {
  let enc: Encoded;
  try {
    enc = encodeValue(result);
  } catch (e) {
    if (e instanceof NotCacheable) return false;
    throw e;
  }
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const tmp = fs.mkdtempSync(path.join(path.dirname(dir), `.${path.basename(dir).slice(0, 16)}.tmp-`));
  try {
    const offsets: number[] = [];
    let at = 0;
    for (const a of enc.arrays) {
      offsets.push(at);
      at += Math.ceil(a.byteLength / 8) * 8; // 8-byte aligned
    }
    const blob = new Uint8Array(at);
    enc.arrays.forEach((a, i) => blob.set(a, offsets[i]));
    fs.writeFileSync(path.join(tmp, "arrays.bin"), blob);
    enc.frames.forEach((df, i) => fs.writeFileSync(path.join(tmp, `df-${i}.arrow`), df.writeIPC()));
    const manifest = { format: FORMAT, arrays: enc.arrays.map((a, i) => [offsets[i], a.byteLength]), frames: enc.frames.length };
    fs.writeFileSync(path.join(tmp, "manifest.json"), JSON.stringify(manifest));
    fs.writeFileSync(path.join(tmp, "result.json"), enc.json); // last: its presence marks a whole entry
    try {
      fs.renameSync(tmp, dir);
    } catch (e) {
      // another process stored the same key first: its entry is equally good
      if (!fs.existsSync(path.join(dir, "result.json"))) throw e;
    }
    return true;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Reads the entry in `dir`, or null when there is none or it is damaged. */
function readEntry(dir: string): AnalysisResult | null {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8")) as {
      format: number;
      arrays: [number, number][];
      frames: number;
    };
    if (manifest.format !== FORMAT) return null;
    const json = fs.readFileSync(path.join(dir, "result.json"), "utf8");
    const blob = fs.readFileSync(path.join(dir, "arrays.bin"));
    const arrays = manifest.arrays.map(([off, len]) => blob.subarray(off, off + len));
    const frames = Array.from({ length: manifest.frames }, (_, i) => pl.readIPC(fs.readFileSync(path.join(dir, `df-${i}.arrow`))));
    return decodeValue(json, arrays, frames) as AnalysisResult;
  } catch {
    return null;
  }
}

/**
 * `runAnalysis(spec, options, stages)` through the cache (see the module comment): the stored result when the
 * key matches, else a fresh one, stored for next time. `stages` receives `cache` ("hit" or "miss") and, on a
 * miss, every stage of `runAnalysis`. A hit equals a fresh run value for value (typed arrays, DataFrames and all).
 */
export async function cachedAnalysis(
  spec: DatasetSpec,
  options: AnalysisOptions = {},
  stages?: StageListener,
  cache: CacheOptions = {},
): Promise<AnalysisResult> {
  const enabled = cache.enabled ?? !cacheDisabledByEnv();
  // a glob, a URI or a DuckDB file's table (`store.duckdb#lines`; the duckdb and spark engines' inputs) names files
  // this process does not hash: never cached
  const unhashable = spec.input !== undefined && (/[*?[]/.test(spec.input) || /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(spec.input) || /\.(duckdb|db)#/i.test(spec.input));
  if (!enabled || unhashable) return runAnalysis(spec, options, stages);
  const root = cache.root ?? projectRoot();
  const dir = cache.dir ?? path.join(root, "data", "cache", "analysis");
  const key = analysisCacheKey(spec, options, root);
  const entry = path.join(dir, key);
  const hit = await stage(stages, "cache", () => readEntry(entry), (r) => (r ? "hit" : "miss"));
  if (hit) return hit;
  fs.rmSync(entry, { recursive: true, force: true }); // a damaged entry, if any
  const result = await runAnalysis(spec, options, stages);
  writeEntry(entry, result);
  return result;
}
