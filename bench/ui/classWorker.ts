// A forked process running a share of the simulated class: bench/load's SimulatedStudent, streaming the spread of
// descents of classCurves.ts. The parent sends its configuration, then "go" with a streaming window; the worker
// answers "ready" after the joins and "done" with its counters after the window. It exits on "exit", when the
// parent goes away, or at its hard deadline, whichever comes first.
import type { FatalMessage, ParentMessage, WorkerConfig, WorkerCounters } from "../load/messages.ts";
import { SampleLog } from "../load/SampleLog.ts";
import { SimulatedStudent } from "../load/SimulatedStudent.ts";
import { skipBroadcastParser } from "../load/skipBroadcastParser.ts";
import { wallNow } from "../load/wallClock.ts";
import { classCurves } from "./classCurves.ts";

export type ClassWorkerMessage =
  | { readonly type: "ready"; readonly joined: number; readonly failed: number }
  | { readonly type: "done"; readonly counters: WorkerCounters }
  | FatalMessage;

const JOIN_TIMEOUT_MS = 60_000;

const students: SimulatedStudent[] = [];
let rate = 1;
let window = { startAt: Number.POSITIVE_INFINITY, endAt: 0 };
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

function send(message: ClassWorkerMessage): void {
  process.send?.(message);
}

function shutdown(code: number): never {
  for (const student of students) student.close();
  process.exit(code);
}

function fail(error: unknown): never {
  send({ type: "fatal", message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  shutdown(1);
}

process.on("disconnect", () => shutdown(0));
process.on("uncaughtException", fail);
process.on("message", (message: ParentMessage) => {
  if (message.type === "config") {
    rate = message.config.rate;
    setTimeout(() => shutdown(3), Math.max(0, message.config.hardDeadline - Date.now()));
    join(message.config).catch(fail);
  } else if (message.type === "go") {
    window = { startAt: message.startAt, endAt: message.endAt };
    void stream().catch(fail);
  } else {
    shutdown(0);
  }
});

async function join(config: WorkerConfig): Promise<void> {
  const tally = { packets: 0, chars: 0 };
  const context = {
    code: config.code,
    rate: config.rate,
    batchEpochs: config.batchEpochs,
    curves: classCurves(config.challenge),
    counters,
    samples: new SampleLog(),
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
  // A pool of joins in flight, as in bench/load: a classroom does not join in one instant either.
  let next = 0;
  let joined = 0;
  const lane = async () => {
    while (next < students.length) if (await students[next++]!.start(JOIN_TIMEOUT_MS)) joined++;
  };
  await Promise.all(Array.from({ length: Math.min(config.joinConcurrency, students.length) }, lane));
  send({ type: "ready", joined, failed: students.length - joined });
}

async function stream(): Promise<void> {
  await sleep(window.startAt - wallNow());
  // Students start spread over one batch interval, so the batches do not arrive in lockstep.
  for (const student of students) student.go(window.startAt + Math.random() * (1000 / rate));
  await sleep(window.endAt - wallNow());
  // In-flight requests settle (each student sends nothing new once the window has closed).
  const settleBy = Date.now() + 5_000;
  while (Date.now() < settleBy && students.some((student) => !student.idle)) await sleep(50);
  send({ type: "done", counters });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
