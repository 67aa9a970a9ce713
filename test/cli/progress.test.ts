/** Progress on stderr: plain stage lines off a terminal, a spinner on one, nothing with --quiet; stdout unchanged. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { cliProgress, formatSeconds } from "../../src/cli/progress.js";
import { stage, stageTimer } from "../../src/util/progress.js";
import { runCli } from "./harness.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "progress-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A stream that records what is written to it; `tty` makes it look like a terminal. */
function recorder(tty: boolean): NodeJS.WriteStream & { text: () => string } {
  const s = new PassThrough() as unknown as NodeJS.WriteStream & { text: () => string };
  let out = "";
  s.write = ((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  }) as typeof s.write;
  Object.assign(s, { isTTY: tty, columns: 100, cursorTo: () => true, clearLine: () => true, moveCursor: () => true, text: () => out });
  return s;
}

/** Two stages, the first with a nested one. */
async function work(listener: Parameters<typeof stage>[0]) {
  await stage(listener, "load", async () => {
    await stage(listener, "read", () => 3, (n) => `${n} lines`);
    listener?.update?.("halfway");
    return 1;
  });
  await stage(listener, "features", () => "x");
}

describe("cliProgress", () => {
  it("off a terminal: one plain line per finished stage, nested stages indented, in the order they end", async () => {
    const s = recorder(false);
    await work(cliProgress("casestudy test", { stream: s }));
    const lines = s.text().trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^casestudy test: {3}read done in \d+\.\d s \(3 lines\)$/);
    expect(lines[1]).toMatch(/^casestudy test: load done in \d+\.\d s$/);
    expect(lines[2]).toMatch(/^casestudy test: features done in \d+\.\d s$/);
  });
  it("--quiet: nothing at all", async () => {
    const s = recorder(true);
    await work(cliProgress("casestudy test", { stream: s, quiet: true }));
    expect(s.text()).toBe("");
  });
  it("on a terminal: an ora spinner, and a persisted line per finished top-level stage", async () => {
    const s = recorder(true);
    const p = cliProgress("casestudy test", { stream: s });
    await work(p);
    p.stop();
    const text = s.text();
    expect(text).toContain("✔ casestudy test: load done in");
    expect(text).toContain("✔ casestudy test: features done in");
    expect(text).toContain("\u001b["); // terminal control sequences (the spinner redraws its line)
    expect(text).not.toContain("read done in"); // nested stages show in the spinner only
  });
  it("the timer records every stage's seconds and passes the events on", async () => {
    const s = recorder(false);
    const timer = stageTimer(cliProgress("casestudy test", { stream: s }));
    await work(timer);
    expect(Object.keys(timer.times.seconds)).toEqual(["read", "load", "features"]);
    expect(timer.times.details).toEqual({ read: "3 lines" });
    expect(s.text().split("\n").filter(Boolean)).toHaveLength(3);
  });
  it("formats seconds and minutes", () => {
    expect(formatSeconds(0.44)).toBe("0.4 s");
    expect(formatSeconds(125.2)).toBe("2 min 05 s");
  });
});

describe("commands report progress on stderr and nothing else changes", () => {
  it("casestudy data: stage lines on stderr; stdout and the written files are the same with --quiet", async () => {
    const loud = await runCli(["data", "--dataset", "synthetic", "--scale", "0.1", "--out", path.join(tmp, "loud")]);
    const quiet = await runCli(["data", "--dataset", "synthetic", "--scale", "0.1", "--out", path.join(tmp, "quiet"), "--quiet"]);
    expect(loud.code).toBe(0);
    expect(quiet.stderr).toBe("");
    expect(loud.stderr).toMatch(/^casestudy data: load done in \d+\.\d s \([\d,]+ lines, [\d,]+ kept\)\ncasestudy data: write done in \d+\.\d s \(\d+ files\)\n$/);
    expect(loud.stdout.replaceAll(path.join(tmp, "loud"), "OUT")).toBe(quiet.stdout.replaceAll(path.join(tmp, "quiet"), "OUT"));
    for (const f of fs.readdirSync(path.join(tmp, "quiet"))) {
      expect(fs.readFileSync(path.join(tmp, "loud", f)).equals(fs.readFileSync(path.join(tmp, "quiet", f))), f).toBe(true);
    }
  });
  it("casestudy generate: a write stage line; the CSV is the same with --quiet", async () => {
    const loud = await runCli(["generate", "--rows", "2000", "--out", path.join(tmp, "loud.csv")]);
    const quiet = await runCli(["generate", "--rows", "2000", "--out", path.join(tmp, "quiet.csv"), "--quiet"]);
    expect(loud.stderr).toMatch(/^casestudy generate: write done in \d+\.\d s \(2,000 lines\)\n$/);
    expect(quiet.stderr).toBe("");
    expect(fs.readFileSync(path.join(tmp, "loud.csv"), "utf8")).toBe(fs.readFileSync(path.join(tmp, "quiet.csv"), "utf8"));
  });
  it("a failing command prints its stage lines so far, then the one error line", async () => {
    const f = path.join(tmp, "day-first.csv");
    fs.copyFileSync("test/fixtures/bad/day-first-dates.csv", f);
    const r = await runCli(["data", "--dataset", "online-retail", "--input", f, "--out", path.join(tmp, "never")]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines.filter((l) => l.startsWith("error:"))).toHaveLength(1);
    expect(lines[lines.length - 1]).toMatch(/^error: .*day-first\.csv:2: column "InvoiceDate": no line has usable values/);
    expect(fs.existsSync(path.join(tmp, "never"))).toBe(false);
  });
});
