// A forked process running a share of the simulated students. The parent sends its configuration, then "go"
// with a streaming window; the worker answers "ready" after the joins and "done" with every sample after the
// window. It exits on "exit", when the parent goes away, or at its hard deadline, whichever comes first.
import { honestCurves } from "./curves.ts";
import type { ParentMessage, WorkerConfig, WorkerCounters, WorkerMessage } from "./messages.ts";
import { SampleLog } from "./SampleLog.ts";
import { SimulatedStudent } from "./SimulatedStudent.ts";
import { skipBroadcastParser, type SkipTally } from "./skipBroadcastParser.ts";
import { wallNow } from "./wallClock.ts";

const JOIN_TIMEOUT_MS = 60_000;
/** How long after the window closes in-flight requests may still settle. */
const SETTLE_MS = 5_000;

function send(message: WorkerMessage): void {
  process.send?.(message);
}

const students: SimulatedStudent[] = [];
let settings: WorkerConfig | null = null;
let window = { startAt: Number.POSITIVE_INFINITY, endAt: 0 };

function shutdown(code: number): never {
  for (const student of students) student.close();
  process.exit(code);
}

process.on("disconnect", () => shutdown(0));
process.on("uncaughtException", (error) => {
  send({ type: "fatal", message: error.stack ?? String(error) });
  shutdown(1);
});

process.on("message", (message: ParentMessage) => {
  if (message.type === "config") {
    setTimeout(() => shutdown(3), Math.max(0, message.config.hardDeadline - Date.now()));
    run(message.config).catch((error: unknown) => {
      send({ type: "fatal", message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      shutdown(1);
    });
  } else if (message.type === "go") {
    window = { startAt: message.startAt, endAt: message.endAt };
    void stream();
  } else {
    shutdown(0);
  }
});

const counters: WorkerCounters = {
  sent: 0,
  acked: 0,
  timeouts: 0,
  missingBatches: 0,
  runsStarted: 0,
  runsFinished: 0,
  verified: 0,
  rejected: 0,
  disconnects: 0,
  rejoins: 0,
  broadcastsSkipped: 0,
  broadcastChars: 0,
  errors: {},
};
const samples = new SampleLog();
const tally: SkipTally = { packets: 0, chars: 0 };

async function run(config: WorkerConfig): Promise<void> {
  settings = config;
  const context = {
    code: config.code,
    rate: config.rate,
    batchEpochs: config.batchEpochs,
    curves: honestCurves(config.challenge),
    counters,
    samples,
    parser: skipBroadcastParser(tally),
    streaming: () => {
      const now = wallNow();
      return now >= window.startAt && now < window.endAt;
    },
  };
  for (let i = 0; i < config.count; i++) {
    const index = config.firstStudent + i;
    students.push(new SimulatedStudent(index, config.urls[index % config.urls.length]!, context));
  }
  // A pool of joins in flight: a connection storm of thousands at once is not what a classroom does either.
  const started = Date.now();
  let next = 0;
  let joined = 0;
  const lane = async () => {
    while (next < students.length) {
      const student = students[next++]!;
      if (await student.start(JOIN_TIMEOUT_MS)) joined++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(config.joinConcurrency, students.length) }, lane));
  send({
    type: "ready",
    joined,
    failed: students.length - joined,
    joinMs: Date.now() - started,
    studentIds: students.map((student) => [student.index, student.studentId]),
  });
}

async function stream(): Promise<void> {
  const { startAt, endAt } = window;
  await sleepUntil(startAt);
  const cpuBefore = process.cpuUsage();
  const before = { ...tally };
  const rate = settings?.rate ?? 1;
  for (const student of students) student.go(startAt + Math.random() * (1000 / rate));
  await sleepUntil(endAt);
  const cpu = process.cpuUsage(cpuBefore);
  const settleBy = Date.now() + SETTLE_MS;
  while (Date.now() < settleBy && students.some((student) => !student.idle)) await sleep(50);
  counters.broadcastsSkipped = tally.packets - before.packets;
  counters.broadcastChars = tally.chars - before.chars;
  send({
    type: "done",
    samples: samples.toArray(),
    runs: students.flatMap((student) => student.tallies),
    counters,
    connected: students.filter((student) => student.connected).length,
    resyncedAt: students.map((student) => [student.index, student.resyncedAt]),
    lostOnRejoin: students.reduce((sum, student) => sum + student.lostEpochs, 0),
    cpuMs: (cpu.user + cpu.system) / 1000,
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function sleepUntil(at: number): Promise<void> {
  const wait = at - wallNow();
  if (wait > 0) await sleep(wait);
}
