import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { writeFigures } from "../../src/charts/figures.js";
import { donut } from "../../src/charts/donut.js";
import { renderSvg } from "../../src/charts/svg.js";

describe("writeFigures", () => {
  it("writes <name>.vl.json and <name>.svg with the same bytes on every run", async () => {
    const specs = { "segment sizes": donut([{ segment: "A", customers: 2 }, { segment: "B", customers: 1 }]) };
    const read = async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "figs-"));
      const files = await writeFigures(specs, dir);
      const out = files.map((f) => [path.basename(f), fs.readFileSync(f, "utf8")]);
      fs.rmSync(dir, { recursive: true, force: true });
      return out;
    };
    const a = await read();
    expect(a.map(([f]) => f)).toEqual(["segment-sizes.svg", "segment-sizes.vl.json"]);
    expect(JSON.parse(a[1][1])).toEqual(JSON.parse(JSON.stringify(specs["segment sizes"])));
    expect(a[0][1]).toMatch(/^<svg /);
    expect(await read()).toEqual(a);
    expect(await renderSvg(specs["segment sizes"], { strict: true })).toBe(a[0][1].trimEnd());
  });
  it("removes the figures of an earlier run that this run does not produce, and nothing else", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "figs-"));
    fs.writeFileSync(path.join(dir, "order-status.svg"), "<svg/>\n");
    fs.writeFileSync(path.join(dir, "order-status.vl.json"), "{}\n");
    fs.writeFileSync(path.join(dir, "notes.txt"), "kept\n");
    await writeFigures({ sizes: donut([{ segment: "A", customers: 1 }]) }, dir);
    expect(fs.readdirSync(dir).sort()).toEqual(["notes.txt", "sizes.svg", "sizes.vl.json"]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
