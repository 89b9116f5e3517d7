// `npm run bench:ui`: the host dashboard in headless Chromium while a simulated class streams real descents into
// its session, measuring the main-thread time each chart, roster and leaderboard update costs the page and the
// long tasks it suffers. See README.md beside this file.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser } from "@playwright/test";
import type { ChallengeInput } from "@downhill/core";
import { joinBurstFor } from "../load/args.ts";
import { Instructor } from "../load/instructor.ts";
import { summarise, type Summary } from "../load/latency.ts";
import type { WorkerCounters } from "../load/messages.ts";
import { ProcSampler } from "../load/procStats.ts";
import { optionsOrExit, runBench } from "../load/runBench.ts";
import { wallNow } from "../load/wallClock.ts";
import { joinBudgetMs, WorkerPool } from "../load/WorkerPool.ts";
import { ServerProcess } from "../../server/test/serverProcess.ts";
import { CpuProfiler, type ProfileSummary } from "./cpuProfile.ts";
import { parseUiArgs, USAGE, type UiOptions } from "./args.ts";
import type { ClassWorkerMessage } from "./classWorker.ts";
import { countDom, installProbe, readProbe, type DomCounts } from "./pageProbe.ts";
import { reniceBrowser } from "./processTree.ts";

const WORKER_SCRIPT = fileURLToPath(new URL("./classWorker.ts", import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
/** The issue's targets: a chart update within one 60 Hz frame at p95, and no task over 50 ms. */
const CHART_P95_TARGET_MS = 16;
const LONG_TASK_MS = 50;
/** Server log lines kept to show when something goes wrong. */
const LOG_TAIL_LINES = 40;

let workers = null as WorkerPool<ClassWorkerMessage> | null;
let server = null as ServerProcess | null;
let browser = null as Browser | null;
let scratchDir: string | null = null;

/** Kills everything the bench started; safe to call twice. */
function cleanup(): void {
  workers?.kill();
  void server?.kill();
  void browser?.close().catch(() => undefined);
  browser = null;
  if (scratchDir) rmSync(scratchDir, { recursive: true, force: true });
  scratchDir = null;
}

export interface UiReport {
  readonly machine: {
    cpuModel: string;
    cores: number;
    node: string;
    chromium: string;
    /** 1-minute load average before the window, at its end, and the highest seen during it. */
    loadAverage1m: { before: number; after: number; max: number };
    serverCpuPercent: number | null;
    /** Chromium processes given the --browser-nice value (null: not asked). */
    browserProcessesReniced: number | null;
  };
  readonly parameters: UiOptions;
  readonly workload: {
    joined: number;
    batchesAcked: number;
    runsStarted: number;
    runsFinished: number;
    verified: number;
    diverged: number;
    rejected: number;
    errors: number;
  };
  /** Main-thread time from a broadcast's arrival to the commit that rendered it, over the streaming window. */
  readonly chartUpdateMs: Summary;
  readonly rosterUpdateMs: Summary;
  readonly leaderboardUpdateMs: Summary;
  /** Long tasks from the first join to the end of the window (page load excluded). */
  readonly longTasks: { count: number; over50Ms: number; maxMs: number | null; totalMs: number };
  readonly longAnimationFrames: { count: number; maxMs: number | null };
  readonly dom: DomCounts;
  readonly profile: ProfileSummary | null;
  readonly targets: { chartP95Met: boolean; noLongTaskOver50Ms: boolean };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

async function bench(options: UiOptions): Promise<UiReport> {
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
  scratchDir = mkdtempSync(join(tmpdir(), "downhill-ui-"));
  server = await ServerProcess.start({
    databaseUrl: `file:${join(scratchDir, "bench.db")}`,
    pages: true,
    // The simulated class shares one address: size the joins' burst for it, as a school would.
    env: { JOINS_PER_ADDRESS_BURST: String(joinBurstFor(options.students)) },
    // Its own process group, so that a kill reaches the whole server and nothing else.
    detached: true,
    keepLines: LOG_TAIL_LINES,
  });
  const sampler = new ProcSampler(() => (server?.running ? [server.pid] : []));
  sampler.start();

  // The session is created and started over Socket.IO; the page then attaches with the same host token.
  const instructor = await Instructor.open(server.url, challenge);
  const { code, hostToken } = instructor.session;
  instructor.close();

  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.addInitScript(installProbe, { storageKey: `downhill:host:${code}`, hostToken });
  await page.goto(`${server.url}/host/${code}`);
  await page.getByTestId("session-status").waitFor({ timeout: 60_000 });
  // After the navigation: the page's renderer process exists by now.
  const browserProcesses = options.browserNice === null ? null : reniceBrowser(options.browserNice);
  await sleep(1_000);
  const sessionFrom = wallNow();

  workers = new WorkerPool<ClassWorkerMessage>({
    ...options,
    script: WORKER_SCRIPT,
    urls: [server.url],
    code,
    challenge,
  });
  const ready = await workers.fromEvery("ready", joinBudgetMs(options.students));

  const startAt = wallNow() + 1_000;
  const endAt = startAt + options.duration * 1000;
  const done = workers.fromEvery("done", endAt - wallNow() + 60_000);
  const profiler = options.profile ? await CpuProfiler.start(page) : null;
  workers.send({ type: "go", startAt, endAt });
  const loadBefore = loadavg()[0]!;
  let loadMax = loadBefore;
  const loadTimer = setInterval(() => (loadMax = Math.max(loadMax, loadavg()[0]!)), 1_000);
  const results = await done;
  clearInterval(loadTimer);
  const profile = profiler && options.profile ? await profiler.stop(options.profile) : null;
  // The last broadcasts of the window reach the page within a broadcast interval.
  await sleep(1_000);
  sampler.stop();

  const records = await page.evaluate(readProbe);
  const dom = await page.evaluate(countDom);
  if (options.screenshot) await page.screenshot({ path: options.screenshot });
  const chromiumVersion = browser.version();
  workers.send({ type: "exit" });
  await browser.close();
  browser = null;

  const within = (name: string) => summarise(Float64Array.from(records.measures[name] ?? []), startAt, endAt);
  const longTasks = durations(records.longTasks, sessionFrom, endAt);
  const longFrames = durations(records.longFrames, sessionFrom, endAt);
  const counters: WorkerCounters[] = results.map((message) => message.counters);
  const sum = (pick: (c: WorkerCounters) => number) => counters.reduce((total, c) => total + pick(c), 0);
  const chartUpdateMs = within("downhill:chart-update");
  const finished = sum((c) => c.runsFinished);
  return {
    machine: {
      cpuModel: cpus()[0]?.model ?? "unknown",
      cores: cpus().length,
      node: process.version,
      chromium: chromiumVersion,
      loadAverage1m: { before: round(loadBefore), after: round(loadavg()[0]!), max: round(loadMax) },
      serverCpuPercent: round(sampler.summary(startAt, endAt + 1_000).cpuPercent),
      browserProcessesReniced: browserProcesses,
    },
    parameters: { ...options, workers: workers.size },
    workload: {
      joined: ready.reduce((total, message) => total + message.joined, 0),
      batchesAcked: sum((c) => c.acked),
      runsStarted: sum((c) => c.runsStarted),
      runsFinished: finished,
      verified: sum((c) => c.verified),
      diverged: finished - sum((c) => c.verified) - sum((c) => c.rejected),
      rejected: sum((c) => c.rejected),
      errors: counters.reduce((total, c) => total + Object.values(c.errors).reduce((a, b) => a + b, 0), 0),
    },
    chartUpdateMs,
    rosterUpdateMs: within("downhill:roster-update"),
    leaderboardUpdateMs: within("downhill:leaderboard-update"),
    longTasks: {
      count: longTasks.length,
      over50Ms: longTasks.filter((ms) => ms > LONG_TASK_MS).length,
      maxMs: longTasks.length ? round(Math.max(...longTasks)) : null,
      totalMs: round(longTasks.reduce((a, b) => a + b, 0)),
    },
    longAnimationFrames: { count: longFrames.length, maxMs: longFrames.length ? round(Math.max(...longFrames)) : null },
    dom,
    profile,
    targets: {
      chartP95Met: chartUpdateMs.p95 !== null && chartUpdateMs.p95 <= CHART_P95_TARGET_MS,
      noLongTaskOver50Ms: longTasks.every((ms) => ms <= LONG_TASK_MS),
    },
  };
}

/** The durations of (start, duration) pairs that started within [from, to). */
function durations(pairs: readonly number[], from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < pairs.length; i += 2) if (pairs[i]! >= from && pairs[i]! < to) out.push(pairs[i + 1]!);
  return out;
}

function round(value: number): number;
function round(value: number | null): number | null;
function round(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10;
}

function formatReport(report: UiReport): string {
  const { machine, parameters: p, workload: w } = report;
  const ms = (value: number | null) => (value === null ? "-" : `${value.toFixed(1)} ms`);
  const row = (label: string, value: string | number) => `  ${label.padEnd(34)} ${value}\n`;
  const update = (label: string, s: Summary) =>
    row(label, `p50 ${ms(s.p50)}  p95 ${ms(s.p95)}  max ${ms(s.max)}  (${s.count} updates)`);
  const met = (ok: boolean) => (ok ? "met" : "MISSED");
  let out = "\nbench:ui — host dashboard in headless Chromium\n\n";
  out += row("machine", `${machine.cpuModel}, ${machine.cores} cores, node ${machine.node}`);
  out += row("chromium", machine.chromium);
  out += row(
    "load average (1 min)",
    `${machine.loadAverage1m.before} before, ${machine.loadAverage1m.max} max, ${machine.loadAverage1m.after} after`,
  );
  if (p.browserNice !== null) {
    out += row("browser priority", `nice ${p.browserNice} on ${machine.browserProcessesReniced} Chromium processes`);
  }
  out += row("server CPU", machine.serverCpuPercent === null ? "-" : `${machine.serverCpuPercent}% of one core`);
  out += row(
    "parameters",
    `${p.students} students x ${p.epochs} epochs, ${p.duration} s, ${p.rate} batches/s of ${p.batchEpochs} epochs, ` +
      `${p.workers} worker${p.workers === 1 ? "" : "s"}`,
  );
  out += row(
    "workload",
    `${w.joined} joined, ${w.batchesAcked} batches acked, runs ${w.runsStarted} started / ${w.runsFinished} finished ` +
      `(${w.verified} verified, ${w.diverged} diverged, ${w.rejected} rejected), ${w.errors} errors`,
  );
  out += "\n";
  out += update("chart update", report.chartUpdateMs);
  out += update("roster update", report.rosterUpdateMs);
  out += update("leaderboard update", report.leaderboardUpdateMs);
  const t = report.longTasks;
  out += row(
    "long tasks (join + window)",
    `${t.count}, ${t.over50Ms} over 50 ms, max ${ms(t.maxMs)}, ${t.totalMs} ms total`,
  );
  const f = report.longAnimationFrames;
  out += row("long animation frames", `${f.count}, max ${ms(f.maxMs)}`);
  const d = report.dom;
  out += row(
    "DOM at the end",
    `${d.elements} elements; SVG nodes: loss chart ${d.classChartSvg}, scatter ${d.scatterSvg}; ` +
      `${d.rosterRows} roster rows, ${d.problemRuns} problem runs`,
  );
  if (report.profile) {
    const p = report.profile;
    out += `\n  CPU profile (${p.file}): ${p.totalMs} ms sampled; self time by file, then by function\n`;
    for (const { name, ms } of p.byFile) out += row(`  ${name.slice(0, 32)}`, `${ms} ms`);
    for (const { name, ms } of p.byFunction) out += `    ${`${ms} ms`.padStart(9)}  ${name.slice(0, 100)}\n`;
  }
  out += "\n";
  out += row(`chart update p95 <= ${CHART_P95_TARGET_MS} ms`, met(report.targets.chartP95Met));
  out += row(`no long task over ${LONG_TASK_MS} ms`, met(report.targets.noLongTaskOver50Ms));
  return out;
}

const options = optionsOrExit("bench:ui", USAGE, parseUiArgs);
if (!existsSync(fileURLToPath(new URL("../../.next/BUILD_ID", import.meta.url)))) {
  process.stderr.write("bench:ui: no production build in .next: run `npx next build` first\n");
  process.exit(2);
}
await runBench({
  name: "bench:ui",
  options,
  run: bench,
  format: formatReport,
  cleanup,
  serverLog: () => server?.lines ?? null,
});
