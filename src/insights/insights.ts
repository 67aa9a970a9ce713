/** The `business_insights.json` document: dataset, currency, data card, findings and their sufficiency, serialized deterministically. */
import { dataCard } from "./data-card.js";
import { buildFindingsWithSufficiency } from "./findings.js";
import type { BusinessInsights, InsightsContext } from "./types.js";

/**
 * Builds `{ dataset, currency, data_card, findings, sufficiency }` for the context (see `dataCard` and
 * `buildFindingsWithSufficiency`). No timestamps or paths.
 */
export function buildInsights(context: InsightsContext): BusinessInsights {
  const { findings, sufficiency } = buildFindingsWithSufficiency(context);
  return { dataset: context.store.dataset, currency: context.store.currency ?? null, data_card: dataCard(context.store), findings, sufficiency };
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
 * Serializes insights as JSON with a stable layout: top-level keys in schema order (dataset, currency,
 * data_card, findings, sufficiency), finding keys in schema order (id, title, value, unit, bound when present,
 * evidence, recommendation), evidence keys sorted, 2-space indent, trailing newline. Same input → same bytes.
 */
export function insightsToJson(insights: BusinessInsights): string {
  const card = insights.data_card;
  const doc = {
    dataset: insights.dataset,
    currency: insights.currency,
    data_card: {
      summary: card.summary,
      period: card.period,
      currency: card.currency,
      counts: card.counts,
      records: card.records.map((r) => ({ key: r.key, label: r.label, status: r.status, detail: r.detail })),
    },
    findings: insights.findings.map((f) => ({
      id: f.id,
      title: f.title,
      value: f.value,
      unit: f.unit,
      ...(f.bound ? { bound: f.bound } : {}),
      evidence: sortKeys(f.evidence),
      recommendation: f.recommendation,
    })),
    sufficiency: insights.sufficiency.map((s) => ({ finding: s.finding, status: s.status, failed: s.failed, reason: s.reason })),
  };
  return JSON.stringify(doc, null, 2) + "\n";
}
