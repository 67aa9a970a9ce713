import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadStore } from "../../src/data/index.js";
import { customerFeatures } from "../../src/features/index.js";
import { lookalikeTable, lookalikeVectors, topKCosine } from "../../src/lookalike/index.js";
import { projectPaths } from "../../src/paths.js";

const file = path.join(projectPaths().sharedData, "uci-online-retail", "online_retail.parquet");
const present = fs.existsSync(file);
if (!present) console.warn(`skipped: ${file} not present`);

describe.skipIf(!present)("lookalikes of the UCI Online Retail customers", () => {
  it("lists 3 other customers for everyone, best first, with scores spread below 1", async () => {
    const { store } = await loadStore({ dataset: "online-retail", input: file });
    const features = customerFeatures(store);
    const x = lookalikeVectors(features);
    const r = await topKCosine(x, { k: 3, workers: 0 });
    const ids = features.getColumn("customer_id").toArray() as string[];
    const t = lookalikeTable(ids, r);
    expect(t.customer_id.length).toBe(3 * features.height);
    for (let i = 0; i < t.customer_id.length; i++) {
      expect(t.similar_customer_id[i]).not.toBe(t.customer_id[i]);
      if (t.rank[i] > 1) expect(t.score[i]).toBeLessThanOrEqual(t.score[i - 1]);
    }
    // Not every neighbor sits near 1 (PRIOR-ART: one-hots dominating the vectors).
    const third = Array.from({ length: features.height }, (_, i) => r.scores[i * 3 + 2]).sort((a, b) => a - b);
    expect(third[Math.floor(third.length / 10)]).toBeLessThan(0.99);
  });
});
