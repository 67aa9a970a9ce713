/** Shared checks for chart specs: strict vega-lite compile, JSON-schema validation, headless SVG render. */
import fs from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import type { TopLevelSpec } from "vega-lite";
import { compileWithWarnings, loadVega } from "../../src/charts/svg.js";

const schemaFile = path.resolve("node_modules/vega-lite/build/vega-lite-schema.json");
let validator: ((data: unknown) => boolean) & { errors?: unknown } | undefined;

/** Validates a spec against the JSON schema vega-lite ships; returns the ajv errors (empty when valid). */
export function schemaErrors(spec: TopLevelSpec): unknown[] {
  if (!validator) {
    const ajv = new Ajv({ strict: false, allErrors: false, allowUnionTypes: true, validateFormats: false, logger: false });
    validator = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, "utf8")));
  }
  return validator(spec) ? [] : ((validator.errors as unknown[]) ?? ["invalid"]);
}

/** Compiles with vega-lite, collecting every warning (the tests fail on any). */
export async function compileStrict(spec: TopLevelSpec): Promise<{ vgSpec: object; warnings: string[] }> {
  return compileWithWarnings(spec);
}

/** Compiles strictly and renders to SVG in Node; collects vega runtime warnings too. */
export async function renderChecked(spec: TopLevelSpec): Promise<{ svg: string; warnings: string[] }> {
  const vega = await loadVega();
  const { vgSpec, warnings } = await compileStrict(spec);
  const logger = vega.logger(vega.Warn);
  logger.warn = (...args: readonly unknown[]) => {
    warnings.push(args.map(String).join(" "));
    return logger;
  };
  const view = new vega.View(vega.parse(vgSpec as import("vega").Spec), { renderer: "none", logger });
  const svg = await view.toSVG();
  view.finalize();
  return { svg, warnings };
}

/** Number of drawn data marks (not axes or legends) of the given SVG element kinds (`class="mark-… role-mark"`). */
export function markCount(svg: string, kinds: readonly string[] = ["path", "rect", "text", "line", "circle"]): number {
  let n = 0;
  const groups = svg.match(/<g class="mark-(?!group)[a-z]+ role-mark[^"]*"[^>]*>[\s\S]*?<\/g>/g) ?? [];
  for (const g of groups) for (const k of kinds) n += (g.match(new RegExp(`<${k}[\\s>]`, "g")) ?? []).length;
  return n;
}

/** Texts drawn in the SVG (contents of `<text>` elements, entities left as they are). */
export function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([\s\S]*?)<\/text>/g)].map((m) => m[1]);
}
