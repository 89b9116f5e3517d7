// `npm run -s descend -- [flags]`: runs one descent and prints one JSON object. Exit code 2 for bad flags.
import { readFileSync } from "node:fs";
import { DESCEND_FLAGS, parseDescendArgs, runDescent } from "@downhill/core";

const argv = process.argv.slice(2);
if (argv.includes("--help")) {
  const lines = Object.entries(DESCEND_FLAGS).map(([flag, help]) => `  ${flag.padEnd(16)} ${help}`);
  process.stdout.write(`usage: npm run -s descend -- [flags]\n${lines.join("\n")}\n`);
  process.exit(0);
}
const parsed = parseDescendArgs(argv, (path) => readFileSync(path, "utf8"));
if (!parsed.ok) {
  process.stderr.write(`descend: ${parsed.message}\n`);
  process.exit(2);
}
try {
  process.stdout.write(`${JSON.stringify(runDescent(parsed.problem, parsed.config))}\n`);
} catch (error) {
  // createProblem's errors name what does not fit (an unknown dataset, a model that does not suit it).
  process.stderr.write(`descend: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}
