#!/usr/bin/env node
// `node bin/run-ts.js FILE.ts [args…]`: runs a TypeScript script of the project (e.g. bench/bench.ts) the way
// bin/casestudy.js runs the CLI, from its cached bundle (see bin/bundle.js), with `args` in process.argv.
import path from "node:path";
import { importTs } from "./bundle.js";

const [file, ...rest] = process.argv.slice(2);
if (!file) {
  process.stderr.write("usage: node bin/run-ts.js FILE.ts [args…]\n");
  process.exit(2);
}
process.argv = [process.argv[0], path.resolve(file), ...rest];
await importTs(path.resolve(file));
