import { defineConfig } from "vitest/config";

// Browser tests (`npm run test:browser`): JupyterLab driven through its own UI, and the rendered site, each in
// /usr/bin/chromium through playwright-core. One file at a time: each starts servers and a browser, and the
// machine has two cores.
export default defineConfig({
  test: {
    include: ["test/browser/**/*.test.ts"],
    exclude: ["node_modules/**"],
    testTimeout: 600_000,
    hookTimeout: 300_000,
    pool: "forks",
    fileParallelism: false,
  },
});
