#!/usr/bin/env node
// Entry point of `npx casestudy`: runs the TypeScript CLI through tsx (no build step to go stale).
import { register } from "tsx/esm/api";
register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv);
