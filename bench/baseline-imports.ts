// Imports what bench.ts imports and exits: its peak RSS is our fixed runtime cost (see bench/baseline.sh).
import "nodejs-polars";
import "commander";
import "../src/data/index.js";
import "../src/segment/index.js";
import "../src/lookalike/index.js";
import "../src/pipeline/index.js";
