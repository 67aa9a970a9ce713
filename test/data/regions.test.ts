import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import pl from "nodejs-polars";
import { projectPaths } from "../../src/paths.js";
import { COUNTRY_REGIONS, REGIONS, REGION_COUNTRIES, UNPLACEABLE_COUNTRIES, countryKey, regionOf, regionSeries } from "../../src/data/regions.js";
import { loadStore, type DatasetSpec } from "../../src/data/index.js";

describe("regionOf", () => {
  it("places the countries of the stores by hand-checked expectations", () => {
    const expected: Array<[string, string]> = [
      // UCI spellings
      ["United Kingdom", "Europe"], ["EIRE", "Europe"], ["Channel Islands", "Europe"], ["European Community", "Europe"],
      ["RSA", "Africa"], ["USA", "North America"], ["West Indies", "North America"], ["Bermuda", "North America"],
      ["Korea", "Asia"], ["Thailand", "Asia"], ["Nigeria", "Africa"], ["Cyprus", "Europe"], ["Israel", "Middle East"],
      ["Lebanon", "Middle East"], ["Bahrain", "Middle East"], ["Hong Kong", "Asia"], ["Brazil", "South America"],
      // Shop Smart (Faker) spellings that the old table lacked
      ["Oman", "Middle East"], ["United States of America", "North America"], ["Slovakia (Slovak Republic)", "Europe"],
      ["Russian Federation", "Europe"], ["Libyan Arab Jamahiriya", "Africa"], ["Cote d'Ivoire", "Africa"],
      ["Lao People's Democratic Republic", "Asia"], ["Kyrgyz Republic", "Asia"], ["Syrian Arab Republic", "Middle East"],
      ["Palestinian Territory", "Middle East"], ["Iran", "Middle East"], ["Armenia", "Asia"], ["Georgia", "Asia"],
      ["Holy See (Vatican City State)", "Europe"], ["Svalbard & Jan Mayen Islands", "Europe"], ["Greenland", "North America"],
      ["Netherlands Antilles", "North America"], ["Saint Pierre and Miquelon", "North America"], ["Guam", "Oceania"],
      ["Heard Island and McDonald Islands", "Oceania"], ["United States Minor Outlying Islands", "Oceania"],
      ["Christmas Island", "Oceania"], ["Reunion", "Africa"], ["Saint Helena", "Africa"], ["Western Sahara", "Africa"],
      ["British Indian Ocean Territory (Chagos Archipelago)", "Africa"], ["French Southern Territories", "Africa"],
      ["Falkland Islands (Malvinas)", "South America"], ["Bouvet Island (Bouvetoya)", "South America"],
      ["South Georgia and the South Sandwich Islands", "South America"], ["French Guiana", "South America"],
      ["Antarctica (the territory South of 60 deg S)", "Antarctica"], ["Egypt", "Africa"], ["Turkey", "Middle East"],
      ["Mexico", "North America"], ["Panama", "North America"], ["Timor-Leste", "Asia"], ["Macao", "Asia"],
    ];
    for (const [country, region] of expected) expect([country, regionOf(country)]).toEqual([country, region]);
  });
  it("matches regardless of case and surrounding or repeated spaces", () => {
    expect(regionOf("  united   kingdom ")).toBe("Europe");
    expect(regionOf("usa")).toBe("North America");
  });
  it("is null (unknown) for placeholders, unlisted names and missing values, never a made-up bucket", () => {
    expect(regionOf("Unspecified")).toBeNull();
    expect(regionOf("Atlantis")).toBeNull();
    expect(regionOf("")).toBeNull();
    expect(regionOf(null)).toBeNull();
    for (const r of COUNTRY_REGIONS.values()) expect(REGIONS).toContain(r);
    expect(REGIONS as readonly string[]).not.toContain("Other");
  });
  it("lists every name once, and no placeholder as a country", () => {
    const names = Object.values(REGION_COUNTRIES).flat().map(countryKey);
    expect(new Set(names).size).toBe(names.length);
    expect(COUNTRY_REGIONS.size).toBe(names.length);
    for (const u of UNPLACEABLE_COUNTRIES) expect(COUNTRY_REGIONS.has(countryKey(u))).toBe(false);
  });
  it("regionSeries agrees with regionOf row by row, keeps the order and nulls", () => {
    const values = ["Oman", null, "EIRE", "Unspecified", "Oman", "Korea", " usa "];
    const s = regionSeries(pl.Series("country", values, pl.Utf8));
    expect(s.name).toBe("region");
    expect(s.toArray()).toEqual(values.map((v) => regionOf(v)));
    expect(s.toArray()).toEqual(["Middle East", null, "Europe", null, "Middle East", "Asia", "North America"]);
  });
});

// Every country recorded by a store in ../shared/data is placed, unless it is a placeholder (UNPLACEABLE_COUNTRIES).
const shared = projectPaths().sharedData;
const STORES: Array<{ name: string; spec: DatasetSpec; path: string }> = [
  { name: "Shop Smart", spec: { dataset: "shopsmart", input: path.join(shared, "shopsmart") }, path: path.join(shared, "shopsmart") },
  {
    name: "UCI Online Retail",
    spec: { dataset: "online-retail", input: path.join(shared, "uci-online-retail", "online_retail.parquet") },
    path: path.join(shared, "uci-online-retail", "online_retail.parquet"),
  },
  {
    name: "UCI Online Retail II",
    spec: { dataset: "online-retail", input: path.join(shared, "uci-online-retail-ii-2009-2010", "online_retail_II_2009-2010.parquet") },
    path: path.join(shared, "uci-online-retail-ii-2009-2010", "online_retail_II_2009-2010.parquet"),
  },
  { name: "three-file (Zeotap)", spec: { dataset: "three-file", input: path.join(shared, "zeotap-ecommerce") }, path: path.join(shared, "zeotap-ecommerce") },
];
const present = STORES.filter((s) => fs.existsSync(s.path));
for (const s of STORES.filter((x) => !fs.existsSync(x.path))) console.warn(`skipped: region invariant for ${s.name} (${s.path} not present)`);

describe("every recorded country of the stores in ../shared/data has its region", () => {
  if (present.length === 0) it.skip(`skipped: none of the stores is in ${shared}`, () => undefined);
  for (const s of present) {
    it(`${s.name}: customers' regions are known unless the country is a placeholder`, async () => {
      const { store } = await loadStore(s.spec);
      const c = store.customers!;
      expect(c.columns).toContain("region");
      if (c.getColumn("country").nullCount() === c.height) {
        // Region recorded by the source (the three-file store): every value is one of REGIONS.
        const regions = c.getColumn("region").unique().dropNulls().toArray() as string[];
        expect(regions.length).toBeGreaterThan(0);
        for (const r of regions) expect(REGIONS as readonly string[]).toContain(r);
        return;
      }
      const pairs = c.select(pl.col("country").cast(pl.Utf8), pl.col("region").cast(pl.Utf8)).unique().sort("country");
      const country = pairs.getColumn("country").toArray() as Array<string | null>;
      const region = pairs.getColumn("region").toArray() as Array<string | null>;
      const unplaced = country.filter((x, i) => x !== null && region[i] === null && !UNPLACEABLE_COUNTRIES.includes(x));
      expect(unplaced).toEqual([]);
      for (let i = 0; i < country.length; i++) {
        if (country[i] === null || UNPLACEABLE_COUNTRIES.includes(country[i]!)) expect(region[i]).toBeNull();
        else expect(REGIONS as readonly string[]).toContain(region[i]);
      }
    });
  }
});
