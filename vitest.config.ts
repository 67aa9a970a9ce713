import { defineConfig } from "vitest/config";

// Unit and integration tests. Browser tests (JupyterLab, the rendered site) are in test/browser and run
// through their own config, because they need a built site / a Python venv and take minutes.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/browser/**", "node_modules/**"],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: "forks",
    // Tests compute afresh: the analysis cache (data/cache/analysis) is bypassed except where a test asks for it.
    env: { CASESTUDY_NO_CACHE: "1" },
  },
});
