/** The data card and the evidence labels, on the hand-checkable fixture (test/insights/fixture.ts). */
import { describe, expect, it } from "vitest";
import pl from "nodejs-polars";
import { dataCard, evidenceLabel, EVIDENCE_LABELS, spanText, storeCoverage } from "../../src/insights/index.js";
import { dataCardHtml, dataCardLineHtml } from "../../src/pipeline/views.js";
import { overviewQmd } from "../../src/report/overview.js";
import { fixtureStore } from "./fixture.js";

describe("dataCard", () => {
  it("the fixture: 6 orders (4 completed) by 3 customers, 2024-01-05 10:00 to 2024-03-20 11:00, GBP", () => {
    const card = dataCard(fixtureStore());
    expect(card.period).toEqual({ first: "2024-01-05T10:00:00", last: "2024-03-20T11:00:00", days: 75.0417, months: 3, label: "75 days" });
    expect(card.counts).toEqual({ customers: 3, orders: 6, order_lines: 8, products: 4 });
    expect(card.currency).toEqual({ code: "GBP", mixed: false, note: null });
    const status = Object.fromEntries(card.records.map((r) => [r.key, r.status]));
    expect(status).toEqual({
      order_statuses: "recorded",
      order_lines: "recorded",
      // completed orders span Jan 5 … Mar 3 = 58 days: too short for repeat buying (90) and predictions (180)
      time_span: "partial",
      customers: "recorded",
      geography: "recorded",
      interactions: "recorded",
      // the postage fee has no category: 3 of 4 catalogue products
      product_categories: "partial",
      signup_dates: "recorded",
      currency: "recorded",
    });
    expect(card.records.find((r) => r.key === "order_statuses")!.detail).toBe("completed 4, failed 1, canceled 1");
    expect(card.records.find((r) => r.key === "interactions")!.detail).toBe("7 events by 3 customers over 59 days");
    expect(card.summary).toBe(
      "6 orders (4 completed) by 3 customers with a completed order, over 75 days, 2024-01-05 to 2024-03-20 (too short to judge repeat buying, predicted lifetime value, seasonality). Partly recorded: categories for 75.0% of products. Amounts in GBP.",
    );
  });
  it("orders without lines, no statuses, no interactions, mixed currency tags: each said plainly", () => {
    const s = fixtureStore(false);
    const store = {
      ...s,
      currency: null,
      customers: s.customers!.withColumns(pl.Series("currency", ["USD", "NGN", "USD"])),
      orders: s.orders.filter(pl.col("status").eq(pl.lit("completed"))),
      order_lines: s.order_lines.filter(pl.col("order_id").neq(pl.lit("o2"))),
    };
    const card = dataCard(store);
    const rec = Object.fromEntries(card.records.map((r) => [r.key, r]));
    expect(rec.order_statuses).toMatchObject({ status: "missing", detail: "every one of the 4 orders is marked completed: failed and canceled orders are not in the data, so failure rates and lost value cannot be told" });
    expect(rec.order_lines).toMatchObject({
      status: "partial",
      detail: "3 of 4 orders have line items (completed orders: 3 of 4): revenue, order values and anything summed over orders are lower bounds",
    });
    expect(rec.interactions.status).toBe("missing");
    expect(card.currency).toEqual({
      code: null,
      mixed: true,
      note: 'Customers carry 2 currency tags (NGN 1, USD 2) while prices name no currency: every total adds amounts across the 2 currencies, so sums are labelled "mixed currencies".',
    });
    expect(card.summary).toContain("Not recorded: order statuses, interactions (views, carts, sessions).");
    expect(card.summary).toContain("Partly recorded: line items for 3 of 4 orders;");
    expect(card.summary).toContain("Amounts are summed across currencies (customers tagged NGN, USD).");
  });
  it("renders as escaped HTML: text from the data never becomes markup", () => {
    const s = fixtureStore();
    const html = dataCardHtml({ ...dataCard(s), summary: "<script>alert(1)</script>" });
    expect(html).toContain("&lt;script&gt;");
    expect(html).not.toContain("<script>");
    expect(dataCardLineHtml(dataCard(fixtureStore(false)), "interactions")).toBe(
      '<p class="cs-datacard-line"><strong>Interactions (views, carts, sessions): not recorded.</strong> Engagement, browsing and conversion cannot be analysed; interaction counts are unknown (not 0).</p>',
    );
  });
});

describe("the overview shows the data card first, escaped, and a lower bound as 'at least'", () => {
  it("renders the card from business_insights.json", () => {
    const card = { ...dataCard(fixtureStore()), summary: "6 orders <b>bold</b>" };
    const qmd = overviewQmd(
      { dataset: "fixture", currency: "GBP", data_card: card, findings: [{ id: "revenue_overview", title: "At least £117.00", value: 117, unit: "money", bound: "lower", evidence: {}, recommendation: "r" }] },
      [],
      [],
      "Case study",
    );
    expect(qmd.indexOf("## What the data records")).toBeLessThan(qmd.indexOf("## Headline findings"));
    expect(qmd).toContain('<p class="lead data-card-summary">6 orders &lt;b&gt;bold&lt;/b&gt;</p>');
    const html = qmd;
    expect(html).toContain('<strong class="record-label">Order statuses</strong> <span class="record-detail">completed 4, failed 1, canceled 1');
    expect(html).toContain('<p class="finding-value">at least £117.00</p>');
  });
});

describe("coverage", () => {
  it("counts by hand on the fixture", () => {
    const c = storeCoverage(fixtureStore());
    expect(c).toMatchObject({
      orders: 6,
      statusesRecorded: true,
      completedOrders: 4,
      completedOrdersWithLines: 4,
      completedRevenueKnown: 117,
      lostOrders: 2,
      lostValueKnown: 130,
      customers: 3,
      repeatBuyers: 1,
      revenueMonths: 3,
      calendarMonths: 3,
      productsSold: 4,
      geographyLevel: "country",
    });
    expect(c.completedSpanDays).toBeCloseTo(57 + 22 / 24, 10); // Jan 5 10:00 → Mar 3 08:00
  });
  it("spans in words", () => {
    expect(spanText(14 / 1440)).toBe("14 minutes");
    expect(spanText(0.5)).toBe("12.0 hours");
    expect(spanText(27.4)).toBe("27 days");
    expect(spanText(364)).toBe("12 months");
    expect(spanText(731)).toBe("2.0 years");
  });
});

describe("evidence labels", () => {
  it("every label is a non-empty phrase for a snake_case key (or finding.key); unknown keys still read as words", () => {
    for (const [k, v] of Object.entries(EVIDENCE_LABELS)) {
      expect(k).toMatch(/^([a-z][a-z0-9_]*\.)?[a-z][a-z0-9_]*$/);
      expect(v.length).toBeGreaterThan(0);
    }
    expect(evidenceLabel("known_lost_value")).toBe("Value not collected, at least");
    expect(evidenceLabel("some_new_key")).toBe("Some new key");
    expect(evidenceLabel("customers", "best_market")).toBe("Customers in this market");
  });
});
