/** Atomic file output: write to a temporary sibling, then rename into place. */
import fs from "node:fs";
import path from "node:path";

/** Writes `data` to `file` atomically: a failure midway leaves any previous file intact. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.tmp-${process.pid}`);
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Stages a set of output files and moves them into `dir` only when all were produced.
 * `build` receives a staging folder (inside `dir`'s parent, so renames stay on one file system) and writes
 * its files there; on success every staged file is renamed into `dir`; on any error the staging folder is
 * removed and `dir` is left as it was. Returns the final paths.
 */
export async function writeOutputsAtomic(
  dir: string,
  build: (stagingDir: string) => Promise<void> | void,
): Promise<string[]> {
  const parent = path.dirname(path.resolve(dir));
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, `.${path.basename(dir)}.staging-`));
  try {
    await build(staging);
    fs.mkdirSync(dir, { recursive: true });
    const written: string[] = [];
    const move = (from: string, to: string) => {
      for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
        const src = path.join(from, entry.name);
        const dst = path.join(to, entry.name);
        if (entry.isDirectory()) {
          fs.mkdirSync(dst, { recursive: true });
          move(src, dst);
        } else {
          fs.renameSync(src, dst);
          written.push(dst);
        }
      }
    };
    move(staging, dir);
    return written.sort();
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
