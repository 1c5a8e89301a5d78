import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration and browser tests start real servers; two cores, two files at a time.
    maxWorkers: 2,
  },
  resolve: { alias: { "~": new URL("./app", import.meta.url).pathname } },
});
