import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { stage, stageTimer } from "../../src/util/progress.js";

const root = path.resolve(import.meta.dirname, "..", "..");

describe("stage lets the event loop turn after each stage", () => {
  it("a setImmediate queued during a stage runs before the stage's promise resolves, with or without a listener", async () => {
    for (const listener of [undefined, stageTimer()]) {
      const order: string[] = [];
      const result = await stage(listener, "work", () => {
        setImmediate(() => order.push("event loop"));
        return 7;
      });
      order.push("after stage");
      expect(result).toBe(7);
      expect(order).toEqual(["event loop", "after stage"]);
    }
  });

  it("frames dropped inside stages are freed between them (RSS stays flat over stages that each drop a 40 MB series)", () => {
    // in a child process with --expose-gc, so the collector runs at known points
    const script = `
      import pl from "nodejs-polars";
      import { stage } from ${JSON.stringify(path.join(root, "src", "util", "progress.ts"))};
      const values = new Float64Array(5_000_000).fill(1);
      const rss = () => process.memoryUsage().rss / 1e6;
      const run = async (turn) => {
        const before = rss();
        for (let i = 0; i < 10; i++) {
          if (turn) await stage(undefined, "frame", () => pl.Series("x", values).sum());
          else pl.Series("x", values).sum();
          globalThis.gc();
        }
        return rss() - before;
      };
      const withTurns = await run(true);
      const withoutTurns = await run(false);
      console.log(JSON.stringify({ withTurns, withoutTurns }));
    `;
    const out = execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", "--input-type=module", "-e", script], { cwd: root, encoding: "utf8" });
    const { withTurns, withoutTurns } = JSON.parse(out.trim().split("\n").pop()!) as { withTurns: number; withoutTurns: number };
    expect(withoutTurns).toBeGreaterThan(300); // the control: 10 × 40 MB kept while no event-loop turn comes
    expect(withTurns).toBeLessThan(150);
  });
});
