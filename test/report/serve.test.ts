import fs from "node:fs";
import type http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveSitePath, serveSite, serverUrl } from "../../src/report/serve.js";

describe("serveSite", () => {
  let dir: string;
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "casestudy-serve-"));
    fs.mkdirSync(path.join(dir, "site", "notebooks"), { recursive: true });
    fs.writeFileSync(path.join(dir, "site", "index.html"), "<p>overview</p>");
    fs.writeFileSync(path.join(dir, "site", "notebooks", "a b.html"), "<p>page</p>");
    fs.writeFileSync(path.join(dir, "site", "quarto.js"), "export {};");
    fs.writeFileSync(path.join(dir, "secret.txt"), "outside the site");
    server = await serveSite(path.join(dir, "site"));
    base = serverUrl(server);
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("listens on 127.0.0.1 on a free port", () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });
  it("serves files with their content type (module scripts need text/javascript), and a folder's index.html", async () => {
    const js = await fetch(base + "quarto.js");
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(await (await fetch(base)).text()).toBe("<p>overview</p>");
    expect(await (await fetch(base + "notebooks/a%20b.html")).text()).toBe("<p>page</p>");
  });
  it("serves nothing outside the folder, and 404 for what is not there", async () => {
    expect((await fetch(base + "../secret.txt")).status).toBe(404);
    expect((await fetch(base + "%2e%2e/secret.txt")).status).toBe(404);
    expect((await fetch(base + "missing.html")).status).toBe(404);
    expect(resolveSitePath(path.join(dir, "site"), "/../secret.txt")).toBeNull();
    expect(resolveSitePath(path.join(dir, "site"), "/%E0%A4%A")).toBeNull();
  });
  it("answers HEAD without a body and refuses other methods", async () => {
    const head = await fetch(base + "index.html", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe("15");
    expect((await fetch(base + "index.html", { method: "POST" })).status).toBe(405);
  });
});
