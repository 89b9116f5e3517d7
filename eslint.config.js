// Lint with type information. The one project rule: packages/core stays free of anything that would stop it
// running unchanged in a browser Web Worker, in the server and in the CLI.
import { builtinModules } from "node:module";
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const nodeBuiltins = builtinModules.filter((name) => !name.startsWith("_"));

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
    files: ["packages/core/src/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            ...nodeBuiltins.map((name) => ({ name, message: "packages/core runs in browsers: no Node built-ins." })),
            { name: "react", message: "packages/core is UI-free." },
            { name: "socket.io", message: "packages/core is transport-free: only the protocol types live here." },
            { name: "socket.io-client", message: "packages/core is transport-free." },
            { name: "@prisma/client", message: "packages/core is storage-free." },
          ],
          patterns: [
            { group: ["node:*"], message: "packages/core runs in browsers: no Node built-ins." },
            { group: ["react/*", "react-dom", "react-dom/*"], message: "packages/core is UI-free." },
            { group: ["@prisma/*", "**/generated/**"], message: "packages/core is storage-free." },
          ],
        },
      ],
      "no-restricted-globals": [
        "error",
        { name: "process", message: "packages/core runs in browsers: take values as arguments." },
        { name: "Buffer", message: "packages/core runs in browsers: use Uint8Array." },
      ],
      "no-restricted-properties": ["error", ...coreRestrictedProperties],
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
