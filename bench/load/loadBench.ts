// `npm run bench:load`: a classroom's worth of simulated students against a Downhill server (one it starts, or
// running ones given with --url), measuring how fast the instructor sees each progress batch and whether any
// acknowledged batch is lost. See README.md beside this file.
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ChallengeInput } from "@downhill/core";
import { joinBurstFor, parseLoadArgs, USAGE, type LoadOptions } from "./args.ts";
import { CrowdFlooder } from "./crowdFlooder.ts";
import { Flooder, type FloodResult } from "./flooder.ts";
import { Instructor } from "./instructor.ts";
import { matchSamples, summarise } from "./latency.ts";
import type { RunTally, WorkerMessage } from "./messages.ts";
import { machineTicks, ProcSampler } from "./procStats.ts";
import { formatReport, type Report } from "./report.ts";
import { optionsOrExit, runBench } from "./runBench.ts";
import { parseLogLine, ServerProcess } from "../../server/test/serverProcess.ts";
import { checkStored } from "./verifyStored.ts";
import { wallNow } from "./wallClock.ts";
import { joinBudgetMs, WorkerPool } from "./WorkerPool.ts";

const WORKER_SCRIPT = fileURLToPath(new URL("./studentWorker.ts", import.meta.url));
const SETTLE_MS = 5_000;
/** Server log lines kept to show when something goes wrong. */
const LOG_TAIL_LINES = 40;

let workers = null as WorkerPool<WorkerMessage> | null;
let server = null as ServerProcess | null;
/** Warning and error lines the bench's server logged, by message. */
const serverWarnings = new Map<string, number>();
let scratchDir: string | null = null;

/** Kills everything the bench started; safe to call twice. */
function cleanup(): void {
  workers?.kill();
  void server?.kill();
  if (scratchDir) rmSync(scratchDir, { recursive: true, force: true });
  scratchDir = null;
}

function countWarning(line: string): void {
  const entry = parseLogLine(line);
  if (entry?.level !== "warn" && entry?.level !== "error") return;
  const msg = String(entry.msg);
  serverWarnings.set(msg, (serverWarnings.get(msg) ?? 0) + 1);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function bench(options: LoadOptions): Promise<Report> {
  const challenge: ChallengeInput = {
    dataset: "line",
    model: "linear",
    epochs: options.epochs,
    batchSizes: ["full"],
    attempts: 100,
    timeLimitSeconds: 7200,
    optimizers: ["sgd", "adam"],
    lrMin: 1e-6,
    lrMax: 10,
  };

  let urls = options.urls;
  if (urls.length === 0) {
    scratchDir = mkdtempSync(join(tmpdir(), "downhill-load-"));
    server = await ServerProcess.start({
      databaseUrl: `file:${join(scratchDir, "bench.db")}`,
      env: {
        ...(options.broadcastMs ? { BROADCAST_INTERVAL_MS: String(options.broadcastMs) } : {}),
        // The whole simulated class shares one address, as behind a school's router: the burst of joins per
        // address is sized for it by the documented rule (the class plus a third).
        JOINS_PER_ADDRESS_BURST: String(joinBurstFor(options.students)),
      },
      // Its own process group, so that a kill reaches the whole server and nothing else.
      detached: true,
      keepLines: LOG_TAIL_LINES,
      onLine: countWarning,
      root: options.serverRoot ?? undefined,
    });
    urls = [server.url];
  }
  const sampler = new ProcSampler(() => (server ? (server.running ? [server.pid] : []) : options.pids));
  sampler.start();

  // The server's responsiveness seen from outside: /api/health round trips, four a second.
  const health: number[] = [];
  const healthTimer = setInterval(() => {
    const sentAt = wallNow();
    fetch(`${urls[0]}/api/health`, { signal: AbortSignal.timeout(5_000) })
      .then((response) => response.ok && health.push(sentAt, wallNow() - sentAt))
      .catch(() => undefined);
  }, 250);

  const instructor = await Instructor.open(urls[0]!, challenge);
  const { code, sessionId, instructorKey } = instructor.session;

  workers = new WorkerPool<WorkerMessage>({ ...options, script: WORKER_SCRIPT, urls, code, challenge });
  const workerCount = workers.size;
  const joinStarted = Date.now();
  const ready = await workers.fromEvery("ready", joinBudgetMs(options.students)).catch((error: Error) => {
    throw new Error(
      `${error.message}: the host's roster showed ${instructor.log.size} of ${options.students} students`,
    );
  });
  const joinMs = Date.now() - joinStarted;
  const studentIds = new Map(ready.flatMap((message) => message.studentIds));

  const startAt = wallNow() + 1_000;
  const endAt = startAt + options.duration * 1000;
  const done = workers.fromEvery("done", endAt - wallNow() + SETTLE_MS + 30_000);
  workers.send({ type: "go", startAt, endAt });
  const parentCpu = process.cpuUsage();
  const loadBefore = loadavg()[0]!;
  let machineBefore = machineTicks();
  void sleep(startAt - wallNow()).then(() => (machineBefore = machineTicks()));

  // Chaos: kill the server a third of the way in and start it again on the same database and port.
  let chaos: { killAt: number; readyAt: number } | null = null;
  const chaosDone = (async () => {
    if (options.chaos !== "restart" || !server) return;
    await sleep(startAt + options.duration * 333 - wallNow());
    const killAt = wallNow();
    await server.kill();
    await server.restart();
    chaos = { killAt, readyAt: wallNow() };
  })();

  // Flood: one abusive socket, or many connections of one address, through the second half of the window.
  let floodStart: number | null = null;
  let flood: FloodResult | null = null;
  const floodDone = (async () => {
    if (!options.flood) return;
    await sleep(startAt + options.duration * 500 - wallNow());
    const kind = options.flood;
    const flooder =
      kind === "create-flood" || kind === "big-message-flood" || kind === "rejoin-flood"
        ? new CrowdFlooder(urls[0]!, kind, code)
        : new Flooder(urls[0]!, kind);
    await flooder.start();
    floodStart = wallNow();
    await sleep(endAt - wallNow());
    flood = flooder.close();
  })();

  const results = await done;
  const machineAfter = machineTicks();
  const machineBusy = (machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total);
  const parentCpuMs = (() => {
    const used = process.cpuUsage(parentCpu);
    return (used.user + used.system) / 1000;
  })();
  await Promise.all([chaosDone, floodDone]);
  // The last batches' roster rows are at most a broadcast interval behind their acks.
  await sleep(1_000);
  clearInterval(healthTimer);
  sampler.stop();

  const samples = concat(results.map((message) => message.samples));
  const matched = matchSamples(samples, studentIds, instructor.log);
  const tallies: RunTally[] = results.flatMap((message) => message.runs);
  const stored = await checkStored(urls[0]!, sessionId, instructorKey, tallies, challenge, options.batchEpochs);
  instructor.close();
  workers.send({ type: "exit" });

  const counters = results.map((message) => message.counters);
  const sum = (pick: (c: (typeof counters)[number]) => number) => counters.reduce((total, c) => total + pick(c), 0);
  const errorCodes: Record<string, number> = {};
  for (const c of counters)
    for (const [key, n] of Object.entries(c.errors)) errorCodes[key] = (errorCodes[key] ?? 0) + n;
  const serverStats = sampler.summary(startAt, endAt + 1000);
  const all = summarise(matched.view);
  const acks = summarise(matched.ack);
  const windowMs = options.duration * 1000;

  let chaosReport: Report["chaos"] = null;
  const chaosResult = chaos as { killAt: number; readyAt: number } | null;
  if (chaosResult) {
    const resynced = results.flatMap((message) => message.resyncedAt).filter(([, at]) => at > chaosResult.killAt);
    const joined = ready.reduce((total, message) => total + message.joined, 0);
    const last = resynced.reduce((latest, [, at]) => Math.max(latest, at), 0);
    chaosReport = {
      restartMs: chaosResult.readyAt - chaosResult.killAt,
      resynced: resynced.length,
      notResynced: joined - resynced.length,
      reconnectedWithinMs: resynced.length === joined && joined > 0 ? last - chaosResult.killAt : null,
      lostOnRejoinEpochs: results.reduce((total, message) => total + message.lostOnRejoin, 0),
      p99BeforeMs: summarise(matched.view, startAt, chaosResult.killAt - 1_000).p99,
      p99AfterMs: summarise(matched.view, last || chaosResult.readyAt, endAt).p99,
    };
  }
  let floodReport: Report["flood"] = null;
  const floodResult = flood as FloodResult | null;
  if (floodResult && floodStart !== null) {
    floodReport = {
      ...floodResult,
      p99WithoutMs: summarise(matched.view, startAt, floodStart).p99,
      p99WithMs: summarise(matched.view, floodStart, endAt).p99,
      ackP99WithoutMs: summarise(matched.ack, startAt, floodStart).p99,
      ackP99WithMs: summarise(matched.ack, floodStart, endAt).p99,
      ackP95WithoutMs: summarise(matched.ack, startAt, floodStart).p95,
      ackP95WithMs: summarise(matched.ack, floodStart, endAt).p95,
      serverCpuWithoutPercent: round(sampler.summary(startAt, floodStart).cpuPercent),
      serverCpuWithPercent: round(sampler.summary(floodStart, endAt).cpuPercent),
    };
  }

  const healthSummary = summarise(Float64Array.from(health), startAt, endAt);
  const broadcastChars = sum((c) => c.broadcastChars);
  const connected = results.reduce((total, message) => total + message.connected, 0);
  const report: Report = {
    students: options.students,
    joined: ready.reduce((total, message) => total + message.joined, 0),
    connected,
    joinMs,
    p50Ms: all.p50,
    p95Ms: all.p95,
    p99Ms: all.p99,
    maxMs: all.max,
    latencySamples: all.count,
    unmatched: matched.unmatched,
    ackP50Ms: acks.p50,
    ackP99Ms: acks.p99,
    sent: sum((c) => c.sent),
    acked: sum((c) => c.acked),
    lost: stored.lostBatches + Math.ceil(results.reduce((t, m) => t + m.lostOnRejoin, 0) / options.batchEpochs),
    duplicated: stored.duplicatedRuns,
    corruptedRuns: stored.corruptedRuns,
    errors: Object.values(errorCodes).reduce((a, b) => a + b, 0),
    errorCodes,
    timeouts: sum((c) => c.timeouts),
    missingBatches: sum((c) => c.missingBatches),
    runsStarted: sum((c) => c.runsStarted),
    runsFinished: sum((c) => c.runsFinished),
    verified: sum((c) => c.verified),
    rejected: sum((c) => c.rejected),
    storedEpochs: stored.storedEpochs,
    serverCpuPercent: round(serverStats.cpuPercent),
    serverCpuMaxPercent: round(serverStats.cpuMaxPercent),
    serverRssMb: round(serverStats.rssMb),
    healthP99Ms: round(healthSummary.p99),
    generatorCpuPercent: round(((results.reduce((t, m) => t + m.cpuMs, 0) + parentCpuMs) / windowMs) * 100),
    broadcastMbPerSecond: round((broadcastChars / 1e6 / windowMs) * 1000),
    perStudentSecond:
      connected === 0
        ? null
        : {
            // CPU% of one core is 10 ms of CPU per second per percent.
            serverCpuMs: serverStats.cpuPercent === null ? null : round((serverStats.cpuPercent * 10) / connected),
            // The broadcasts are JSON text of ASCII characters: one byte each.
            bytesToStudent: Math.round(((broadcastChars / windowMs) * 1000) / connected),
          },
    rosterUpdates: instructor.rosterUpdates,
    serverWarnings: server ? Object.fromEntries(serverWarnings) : null,
    chaos: chaosReport,
    flood: floodReport,
    machine: {
      cpuModel: cpus()[0]?.model ?? "unknown",
      cores: cpus().length,
      memoryGb: round(totalmem() / 2 ** 30),
      node: process.version,
      /** Busy share of all cores over the window, as CPU% of one core (200 = both cores of two). */
      busyCpuPercent: round(machineBusy * 100 * cpus().length),
      loadAverage1m: [round(loadBefore), round(loadavg()[0]!)],
    },
    parameters: { ...options, workers: workerCount, targets: urls.length },
    note:
      `the load generator (${workerCount} worker process${workerCount === 1 ? "" : "es"} and this one) ` +
      `${options.urls.length === 0 ? "shares" : "may share"} this machine's ${cpus().length} cores with the server`,
  };
  await server?.stop();
  return report;
}

function concat(parts: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((total, part) => total + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function round(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10;
}

await runBench({
  name: "bench:load",
  options: optionsOrExit("bench:load", USAGE, parseLoadArgs),
  run: bench,
  format: formatReport,
  cleanup,
  serverLog: () => server?.lines ?? null,
});
