/**
 * A static file server for the built site, so it can be read in a browser: Quarto's pages load their scripts as
 * ES modules, which browsers refuse to run from `file://`. Serves files under one folder only (no directory
 * listings, nothing outside it), on 127.0.0.1 by default. Used by `casestudy serve` and the browser tests.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

/** Content types by file extension; anything else is served as application/octet-stream. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** Options of `serveSite`. */
export interface ServeOptions {
  /** Port; 0 picks a free one (default 0). */
  port?: number;
  /** Interface to listen on (default "127.0.0.1": only this machine). */
  host?: string;
}

/** The file a URL path names under `root` (a folder's index.html), or null when it is outside `root` or absent. */
export function resolveSitePath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes("\0")) return null;
  const base = path.resolve(root);
  let file = path.resolve(base, "." + path.posix.normalize("/" + decoded));
  if (file !== base && !file.startsWith(base + path.sep)) return null;
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
  return fs.existsSync(file) && fs.statSync(file).isFile() ? file : null;
}

/** Serves the files under `root` (GET and HEAD); resolves once listening. Read the port from `server.address()`. */
export function serveSite(root: string, options: ServeOptions = {}): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") return void res.writeHead(405, { allow: "GET, HEAD" }).end();
    const url = new URL(req.url ?? "/", "http://localhost");
    const file = resolveSitePath(root, url.pathname);
    if (!file) return void res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found\n");
    res.writeHead(200, { "content-type": CONTENT_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream", "content-length": fs.statSync(file).size });
    if (req.method === "HEAD") return void res.end();
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve(server));
  });
}

/** The http:// URL a listening server answers on. */
export function serverUrl(server: http.Server): string {
  const a = server.address() as AddressInfo;
  const host = a.family === "IPv6" ? `[${a.address}]` : a.address;
  return `http://${host}:${a.port}/`;
}
