#!/usr/bin/env node
// Entry point of `npx casestudy`: runs the TypeScript CLI (src/cli/main.ts) from its cached bundle, rebuilt
// whenever a file in it changed, so there is no build step to go stale (see bin/bundle.js).
import path from "node:path";
import { importTs, root } from "./bundle.js";

const { main } = await importTs(path.join(root, "src", "cli", "main.ts"));
process.exitCode = await main(process.argv);
