/** Lookalikes: exact top-k cosine similarity between customers, seed-set audiences, and the export table. */
export { topKCosine, topKCosineSync, TOPK_DEFAULTS } from "./topk.js";
export type { TopK, TopKOptions, VectorMatrix } from "./topk.js";
export { topKForSeeds, SEED_DEFAULTS } from "./seeds.js";
export type { SeedAudience, SeedOptions } from "./seeds.js";
export { lookalikeVectors, LOOKALIKE_VECTOR_DEFAULTS } from "./vectors.js";
export type { LookalikeVectorOptions } from "./vectors.js";
export { lookalikeTable } from "./table.js";
export type { LookalikeTable } from "./table.js";
export { normalizeRows, bruteForceTopK } from "./kernel.js";
