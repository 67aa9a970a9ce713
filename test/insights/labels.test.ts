/**
 * evidenceLabel's lookup rules (the every-key check on the default, real and purpose-built stores is in
 * test/insights/honest.ts): a scoped label wins, an unlabelled key reads as words, labels are plain words.
 */
import { describe, expect, it } from "vitest";
import { EVIDENCE_LABELS, evidenceLabel, hasEvidenceLabel } from "../../src/insights/labels.js";

describe("evidence labels", () => {
  it("a scoped label wins over the key's; an unlabelled key reads as words; the prototype's names are not labels", () => {
    expect(evidenceLabel("share", "top_customer_share")).toBe("Top 20%'s share of revenue");
    expect(evidenceLabel("share", "other")).toBe("Share");
    expect(evidenceLabel("mean_monthly_revenue")).toBe("Average monthly revenue");
    expect(evidenceLabel("not_yet_labelled")).toBe("Not yet labelled");
    expect(evidenceLabel("constructor")).toBe("Constructor");
    expect(hasEvidenceLabel("constructor")).toBe(false);
    expect(hasEvidenceLabel("customers", "best_market")).toBe(true);
  });
  it("labels are plain words: no underscores, sentence case", () => {
    for (const [key, label] of Object.entries(EVIDENCE_LABELS)) {
      expect(label, key).not.toMatch(/_/);
      expect(label[0], key).toBe(label[0].toUpperCase());
    }
  });
});
