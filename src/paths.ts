/**
 * Where things live, in one place (cookiecutter-data-science's config module). Paths are resolved from the
 * project root: the nearest folder above the working directory whose package.json is this project's.
 * (No `import.meta` here: notebooks compile src/ to CommonJS through tslab.)
 */
import fs from "node:fs";
import path from "node:path";

const PACKAGE_NAME = "segmentation-casestudy";

/** The project root, found by walking up from `from` (default: the working directory). */
export function projectRoot(from: string = process.cwd()): string {
  let dir = path.resolve(from);
  for (;;) {
    const pkg = path.join(dir, "package.json");
    if (fs.existsSync(pkg)) {
      try {
        if (JSON.parse(fs.readFileSync(pkg, "utf8")).name === PACKAGE_NAME) return dir;
      } catch {
        /* not ours */
      }
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`not inside the ${PACKAGE_NAME} project (no package.json above ${from})`);
    dir = up;
  }
}

/** Standard locations, relative to the project root. */
export function projectPaths(root: string = projectRoot()) {
  return {
    root,
    /** Immutable raw inputs, never written by code (git-ignored). */
    raw: path.join(root, "data", "raw"),
    /** Canonical tables and cleaning log of the selected dataset (rebuilt by `casestudy data`). */
    processed: path.join(root, "data", "processed"),
    notebooks: path.join(root, "notebooks"),
    /** Executed copies of the notebooks, the input of the site. */
    executed: path.join(root, "notebooks", "executed"),
    report: path.join(root, "report"),
    /** Exports: business_insights.json, segments.csv, lookalike.csv, kscan.csv, model.json, chart tables. */
    exports: path.join(root, "report", "exports"),
    figures: path.join(root, "report", "figures"),
    site: path.join(root, "report", "_site"),
    screenshots: path.join(root, "report", "screenshots"),
    sharedData: path.resolve(root, "..", "shared", "data"),
    nodeModules: path.join(root, "node_modules"),
  };
}
