/**
 * The exports `prediction_holdout.json` and `segment_rules.json` against their schemas in schemas/, for a store
 * where everything runs (the synthetic default), stores where it cannot (too short, too few customers), and the
 * files `casestudy analyze` writes.
 */
import fs from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import { beforeAll, describe, expect, it } from "vitest";
import { predictionHoldout } from "../../src/insights/index.js";
import { exportFiles, roundedJson, runAnalysis, type AnalysisResult } from "../../src/pipeline/index.js";
import { segmentRules } from "../../src/segment/index.js";
import { fixtureStore } from "./fixture.js";

const schema = (name: string) => JSON.parse(fs.readFileSync(path.join(process.cwd(), "schemas", name), "utf8"));
const ajv = new Ajv({ allErrors: true });
const validHoldout = ajv.compile(schema("prediction_holdout.schema.json"));
const validRules = ajv.compile(schema("segment_rules.schema.json"));
const check = (validate: ReturnType<typeof ajv.compile>, json: string) => {
  const ok = validate(JSON.parse(json));
  return ok ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
};

describe("prediction_holdout.json and segment_rules.json follow their schemas", () => {
  let result: AnalysisResult;
  let files: Record<string, string>;
  beforeAll(async () => {
    result = await runAnalysis({ dataset: "synthetic", seed: 42 }, { stability: false });
    files = exportFiles(result);
  }, 300_000);

  it("the synthetic store: both ran, files valid, numbers without float noise", () => {
    expect(check(validHoldout, files["prediction_holdout.json"])).toEqual([]);
    expect(check(validRules, files["segment_rules.json"])).toEqual([]);
    const h = JSON.parse(files["prediction_holdout.json"]);
    expect(h.status).toBe("ok");
    expect(h.dataset).toBe("synthetic");
    expect(h.models.map((m: { id: string }) => m.id)).toEqual(["bgnbd", "past_rate", "recency", "buys_again"]);
    const r = JSON.parse(files["segment_rules.json"]);
    expect(r.status).toBe("ok");
    expect(r.rules.length).toBeGreaterThan(1);
    const noisy: number[] = [];
    JSON.parse(files["prediction_holdout.json"], (_k, v) => (typeof v === "number" && Number(v.toPrecision(10)) !== v && noisy.push(v), v));
    expect(noisy).toEqual([]);
  });

  it("stores where they cannot run: the reason, and still valid", () => {
    const short = { dataset: "fixture", currency: "GBP", ...predictionHoldout(fixtureStore()) };
    expect(short.status).toBe("insufficient");
    expect(check(validHoldout, roundedJson(short))).toEqual([]);
    const few = { dataset: "fixture", currency: "GBP", ...predictionHoldout(fixtureStore(), { holdoutDays: 7, alignToMonth: false }) };
    expect(few.reason).toMatch(/^Only 2 customers/);
    expect(check(validHoldout, roundedJson(few))).toEqual([]);
    const none = { dataset: "fixture", currency: null, ...segmentRules({ frequency: [1, 2, 3] }, [1, 1, 2], ["A", "B"]) };
    expect(none.status).toBe("insufficient");
    expect(check(validRules, roundedJson(none))).toEqual([]);
  });

  it("the schemas reject what they should (an unknown field, a share above 1)", () => {
    const h = JSON.parse(files["prediction_holdout.json"]);
    expect(check(validHoldout, JSON.stringify({ ...h, extra: 1 }))).not.toEqual([]);
    const r = JSON.parse(files["segment_rules.json"]);
    expect(check(validRules, JSON.stringify({ ...r, heldOutAccuracy: 1.5 }))).not.toEqual([]);
  });
});
