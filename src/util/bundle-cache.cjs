/**
 * esbuild bundles of the project's TypeScript entries, cached in node_modules/.cache/casestudy-bundles/ (used by
 * bin/casestudy.js for the CLI and by src/util/workers.ts for worker threads). A bundle holds the project files
 * its entry imports (packages and Node built-ins stay imports), so it starts without tsx compiling and resolving
 * each module. Its manifest lists every bundled file with its size and modification time; any difference (an
 * edit, a checkout) rebuilds it before use, so it always runs the current files. Plain CommonJS so that bin/
 * (before tsx), tsx, vitest and tslab load it alike.
 */
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const stamp = (file) => {
  const s = fs.statSync(file);
  return `${s.size}:${s.mtimeMs}`;
};

/**
 * Path of an up-to-date bundle of `entry` (absolute path of a .ts file under `root`), in `format` ("esm" → .mjs,
 * "cjs" → .cjs), built now if missing or stale. Throws when esbuild is missing or the entry does not build.
 */
function cachedBundle(root, entry, format) {
  const key = crypto.createHash("sha256").update(`${entry}\0${format}`).digest("hex").slice(0, 16);
  const dir = path.join(root, "node_modules", ".cache", "casestudy-bundles");
  const base = path.join(dir, `${path.basename(entry, ".ts")}-${key}`);
  const file = `${base}.${format === "esm" ? "mjs" : "cjs"}`;
  const manifestFile = `${base}.json`;
  try {
    const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8"));
    if (fs.existsSync(file) && Object.entries(manifest).every(([f, s]) => stamp(f) === s)) return file;
  } catch {
    /* no bundle yet, or a bundled file is gone: build it */
  }
  const started = Date.now();
  const out = require("esbuild").buildSync({
    entryPoints: [entry],
    absWorkingDir: root,
    bundle: true,
    platform: "node",
    format,
    target: "node20",
    packages: "external",
    write: false,
    metafile: true,
    logLevel: "silent",
    // CommonJS files inside an ES module bundle (e.g. this one) call `require`: give them Node's
    ...(format === "esm" ? { banner: { js: 'import { createRequire as __casestudyRequire } from "node:module"; const require = __casestudyRequire(import.meta.url);' } } : {}),
  });
  const manifest = {};
  let editedDuringBuild = false;
  for (const f of Object.keys(out.metafile.inputs)) {
    const abs = path.resolve(root, f);
    manifest[abs] = stamp(abs);
    if (fs.statSync(abs).mtimeMs >= started) editedDuringBuild = true;
  }
  fs.mkdirSync(dir, { recursive: true });
  const tmp = `.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  fs.writeFileSync(file + tmp, out.outputFiles[0].contents);
  fs.renameSync(file + tmp, file);
  // A file edited while bundling: the bundle is used this once, but no manifest is left, so the next use rebuilds.
  if (editedDuringBuild) fs.rmSync(manifestFile, { force: true });
  else {
    fs.writeFileSync(manifestFile + tmp, JSON.stringify(manifest));
    fs.renameSync(manifestFile + tmp, manifestFile);
  }
  return file;
}

module.exports = { cachedBundle };
