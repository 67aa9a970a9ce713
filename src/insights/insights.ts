/** The `business_insights.json` document: dataset name and findings, serialized deterministically. */
import { buildFindings } from "./findings.js";
import type { BusinessInsights, InsightsContext } from "./types.js";

/** Builds `{ dataset, currency, findings }` for the context (see `buildFindings`). No timestamps or paths. */
export function buildInsights(context: InsightsContext): BusinessInsights {
  return { dataset: context.store.dataset, currency: context.store.currency ?? null, findings: buildFindings(context) };
}

/** Recursively copies a JSON value with object keys in sorted order. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value as object).sort()) out[k] = sortKeys((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}

/**
 * Serializes insights as JSON with a stable layout: top-level and finding keys in schema order (dataset,
 * currency, findings; id, title, value, unit, evidence, recommendation), evidence keys sorted, 2-space indent, trailing newline.
 * Same input → same bytes.
 */
export function insightsToJson(insights: BusinessInsights): string {
  const doc = {
    dataset: insights.dataset,
    currency: insights.currency,
    findings: insights.findings.map((f) => ({
      id: f.id,
      title: f.title,
      value: f.value,
      unit: f.unit,
      evidence: sortKeys(f.evidence),
      recommendation: f.recommendation,
    })),
  };
  return JSON.stringify(doc, null, 2) + "\n";
}
