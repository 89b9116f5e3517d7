// What one session creation with the largest upload costs the server's event loop: `POST /api/sessions` with the
// create-flood's 0.9 MB CSV challenge, one at a time, against a server this script starts, measuring the CPU time
// of the server's main thread (from /proc, so worker threads are not counted) per creation.
//
//   npm run bench:create -- [--count N] [--server-root DIR] [--database-url URL]
//
// --count: creations measured (10), after 2 that warm the server up; --server-root: the checkout whose server runs
// (to compare a tree before a change); --database-url: a PostgreSQL database instead of a fresh SQLite file.
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { CREATE_SESSION_PATH } from "@downhill/core";
import { ServerProcess } from "../../server/test/serverProcess.ts";
import { largeCsvChallenge } from "./crowdFlooder.ts";
import { cpuMillis, mainThreadCpuMillis } from "./procStats.ts";

const WARM_UP = 2;
const IDLE_MS = 2_000;

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "10" },
    "server-root": { type: "string" },
    "database-url": { type: "string" },
  },
});
const count = Number(values.count);
if (!Number.isInteger(count) || count < 1) throw new Error(`--count must be a whole number of at least 1`);

const folder = mkdtempSync(join(tmpdir(), "downhill-create-cost-"));
const server = await ServerProcess.start({
  databaseUrl: values["database-url"] ?? `file:${join(folder, "bench.db")}`,
  detached: true,
  keepLines: 100,
  ...(values["server-root"] === undefined ? {} : { root: values["server-root"] }),
  // Every creation from this one address is allowed: the cost measured is an allowed creation's.
  env: { SESSION_CREATES_PER_ADDRESS_BURST: "100000", SESSION_CREATES_PER_ADDRESS_PER_MINUTE: "100000" },
});

/** Main-thread and whole-process CPU milliseconds of the server so far. */
function cpu(): { main: number; all: number } {
  const main = mainThreadCpuMillis(server.pid);
  const all = cpuMillis(server.pid);
  if (main === null || all === null) throw new Error(`the server exited:\n${server.lines.join("\n")}`);
  return { main, all };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

try {
  const body = JSON.stringify({ challenge: largeCsvChallenge() });
  async function createOne(): Promise<number> {
    const started = performance.now();
    const response = await fetch(`${server.url}${CREATE_SESSION_PATH}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    await response.text();
    if (response.status !== 201) throw new Error(`POST ${CREATE_SESSION_PATH} answered ${response.status}`);
    return performance.now() - started;
  }
  for (let i = 0; i < WARM_UP; i++) await createOne();

  // The idle server's own use of its main thread (timers, sampling), to set beside the figures.
  const idleFrom = cpu();
  await sleep(IDLE_MS);
  const idleMainPerSecond = ((cpu().main - idleFrom.main) * 1000) / IDLE_MS;

  const loadBefore = loadavg()[0]!;
  const from = cpu();
  const walls: number[] = [];
  for (let i = 0; i < count; i++) walls.push(await createOne());
  const to = cpu();
  const loadAfter = loadavg()[0]!;

  const perCreation = (ms: number) => (ms / count).toFixed(1);
  const meanWall = walls.reduce((sum, ms) => sum + ms, 0) / count;
  console.log(`${count} creations of ${(body.length / 1e6).toFixed(2)} MB, one at a time`);
  console.log(`  server main thread: ${perCreation(to.main - from.main)} ms CPU per creation`);
  console.log(`  server process:     ${perCreation(to.all - from.all)} ms CPU per creation (every thread)`);
  console.log(`  request, wall:      ${meanWall.toFixed(1)} ms per creation`);
  console.log(`  idle main thread:   ${idleMainPerSecond.toFixed(1)} ms CPU a second`);
  console.log(`  load average:       ${loadBefore.toFixed(2)} -> ${loadAfter.toFixed(2)}`);
} finally {
  await server.stop();
  rmSync(folder, { recursive: true, force: true });
}
