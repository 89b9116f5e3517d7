import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/**/*.test.ts", "server/**/*.test.ts", "app/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
