// Lint with type information and the house's boundaries: packages/core imports only zod
// and its own files (so it runs unchanged in a browser Web Worker, in the server and in the CLI), packages/client
// only socket.io-client and core, app/ never imports server/, and server/ never imports app/.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

const coreImports = "packages/core imports only zod and its own files (tests: also vitest and fast-check).";

const clientImports =
  "packages/client imports only socket.io-client, @downhill/core and its own files (tests: also vitest and the server's test harness).";

const coreRestrictedProperties = [
  { object: "Math", property: "random", message: "Pass a seeded generator (random.ts)." },
  { object: "Date", property: "now", message: "core reads no clock: take time as an argument." },
];

/** The math/portable.ts replacement for a Math function. */
const portableName = (property) => (property === "pow" ? "powInt" : property);

export default tseslint.config(
  { ignores: ["node_modules/", ".next/", "generated/", "next-env.d.ts", "test-results/", "playwright-report/"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // The pages reach the server only through Socket.IO and the HTTP API.
    files: ["app/**/*.ts", "app/**/*.tsx"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "react-hooks/exhaustive-deps": "error",
      // Our effects set state from what they subscribe to (a socket, a worker, the storage): that is the pattern
      // the rule exists to discourage for derived values, but here it is the synchronisation with an outside system.
      "react-hooks/set-state-in-effect": "off",
      "no-restricted-imports": [
        "error",
        { patterns: [{ regex: "(^|/)server/", message: "app/ never imports server/: talk to it over the wire." }] },
      ],
    },
  },
  {
    files: ["server/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ regex: "^(\\.\\./)+app/", message: "server/ never imports app/." }] },
      ],
    },
  },
  {
    // The cluster's leases and deadlines run on the injected Clock, so its tests control time.
    files: ["server/cluster/**/*.ts"],
    ignores: ["server/cluster/**/*.test.ts", "server/cluster/clusterHarness.ts"],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "Date", property: "now", message: "cluster/ reads time through the injected Clock." },
        { object: "performance", property: "now", message: "cluster/ reads time through clock.monotonic()." },
      ],
      "no-restricted-globals": [
        "error",
        ...["setTimeout", "setInterval", "clearTimeout", "clearInterval"].map((name) => ({
          name,
          message: "cluster/ sets timers through the injected Clock.",
        })),
      ],
    },
  },
  {
    files: ["packages/core/src/**/*.ts"],
    rules: {
      // An allow-list, not a deny-list: anything but zod and core's own files is a dependency a browser worker
      // may lack. Tests may use their runner and fast-check as well.
      "no-restricted-imports": ["error", { patterns: [{ regex: "^(?!zod$|\\./|\\.\\./)", message: coreImports }] }],
      "no-restricted-globals": [
        "error",
        { name: "process", message: "packages/core runs in browsers: take values as arguments." },
        { name: "Buffer", message: "packages/core runs in browsers: use Uint8Array." },
      ],
      "no-restricted-properties": ["error", ...coreRestrictedProperties],
    },
  },
  {
    files: ["packages/core/src/**/*.test.ts", "packages/core/src/**/*.testing.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ regex: "^(?!zod$|vitest$|fast-check$|\\./|\\.\\./)", message: coreImports }] },
      ],
    },
  },
  {
    // The headless client runs in a page, in the load benchmark and in the tests: no React, no Worker, no server.
    files: ["packages/client/src/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ regex: "^(?!socket\\.io-client$|@downhill/core$|\\./)", message: clientImports }] },
      ],
    },
  },
  {
    // Its tests start the real server the way the integration tests do.
    files: ["packages/client/src/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(?!socket\\.io-client$|@downhill/core$|vitest$|\\./|(\\.\\./)+server/test/)",
              message: clientImports,
            },
          ],
        },
      ],
    },
  },
  {
    // Math.exp & co. may differ in the last bit between browsers, and the server replays every run bit for bit.
    files: ["packages/core/src/**/*.ts"],
    ignores: ["packages/core/src/math/**", "**/*.test.ts"],
    rules: {
      "no-restricted-properties": [
        "error",
        ...coreRestrictedProperties,
        ...["exp", "expm1", "log", "log1p", "tanh", "sin", "cos", "pow"].map((property) => ({
          object: "Math",
          property,
          message: `Math.${property} may differ between browsers: use ${portableName(property)} from math/portable.ts.`,
        })),
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "BinaryExpression[operator='**'], AssignmentExpression[operator='**=']",
          message: "** may differ between browsers: use powInt (or x * x) from math/portable.ts.",
        },
      ],
    },
  },
);
