// The body of a generator worker (bench/load's studentWorker.ts, bench/ui's classWorker.ts): a forked process
// running a share of the simulated students. The parent sends its configuration, then "go" with a streaming
// window; the worker answers "ready" after the joins and "done" after the window, in the bench's own words. It
// exits on "exit", when the parent goes away, or at its hard deadline, whichever comes first.
import { JOIN_TIMEOUT_MS } from "@downhill/client";
import type { ChallengeInput } from "@downhill/core";
import type { HonestCurve } from "./curves.ts";
import type { FatalMessage, ParentMessage, WorkerConfig, WorkerCounters } from "./messages.ts";
import { SampleLog } from "./SampleLog.ts";
import { SimulatedStudent } from "./SimulatedStudent.ts";
import { skipBroadcastParser, type SkipTally } from "./skipBroadcastParser.ts";
import { wallNow } from "./wallClock.ts";

/** How long after the window closes in-flight requests may still settle. */
const SETTLE_MS = 5_000;

export interface WorkerState {
  readonly students: readonly SimulatedStudent[];
  readonly counters: WorkerCounters;
  readonly samples: SampleLog;
}

export interface StudentWorker<M extends { readonly type: string }> {
  /** The descents the students stream. */
  curves(challenge: ChallengeInput): readonly HonestCurve[];
  ready(state: WorkerState, joined: number, joinMs: number): Extract<M, { type: "ready" }>;
  /** `cpuMs`: the worker's own CPU time during the window. */
  done(state: WorkerState, cpuMs: number): Extract<M, { type: "done" }>;
}

/** Answers the parent's messages for the rest of the process's life. */
export function runStudentWorker<M extends { readonly type: string }>(worker: StudentWorker<M>): void {
  const state = {
    students: [] as SimulatedStudent[],
    counters: {
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
    },
    samples: new SampleLog(),
  };
  const tally: SkipTally = { packets: 0, chars: 0 };
  let rate = 1;
  let window = { startAt: Number.POSITIVE_INFINITY, endAt: 0 };

  const send = (message: M | FatalMessage) => process.send?.(message);
  const shutdown = (code: number): never => {
    for (const student of state.students) student.close();
    process.exit(code);
  };
  const fail = (error: unknown): never => {
    send({ type: "fatal", message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    return shutdown(1);
  };

  const join = async (config: WorkerConfig) => {
    const context = {
      code: config.code,
      rate: config.rate,
      batchEpochs: config.batchEpochs,
      curves: worker.curves(config.challenge),
      counters: state.counters,
      samples: state.samples,
      parser: skipBroadcastParser(tally),
      streaming: () => {
        const now = wallNow();
        return now >= window.startAt && now < window.endAt;
      },
    };
    for (let i = 0; i < config.count; i++) {
      const index = config.firstStudent + i;
      state.students.push(new SimulatedStudent(index, config.urls[index % config.urls.length]!, context));
    }
    // A pool of joins in flight: a connection storm of thousands at once is not what a classroom does either.
    const started = Date.now();
    let next = 0;
    let joined = 0;
    const lane = async () => {
      while (next < state.students.length) if (await state.students[next++]!.start(JOIN_TIMEOUT_MS)) joined++;
    };
    await Promise.all(Array.from({ length: Math.min(config.joinConcurrency, state.students.length) }, lane));
    send(worker.ready(state, joined, Date.now() - started));
  };

  const stream = async () => {
    const { startAt, endAt } = window;
    await sleepUntil(startAt);
    const cpuBefore = process.cpuUsage();
    const before = { ...tally };
    // Students start spread over one batch interval, so the batches do not arrive in lockstep.
    for (const student of state.students) student.go(startAt + Math.random() * (1000 / rate));
    await sleepUntil(endAt);
    const cpu = process.cpuUsage(cpuBefore);
    // In-flight requests settle (each student sends nothing new once the window has closed).
    const settleBy = Date.now() + SETTLE_MS;
    while (Date.now() < settleBy && state.students.some((student) => !student.idle)) await sleep(50);
    state.counters.broadcastsSkipped = tally.packets - before.packets;
    state.counters.broadcastChars = tally.chars - before.chars;
    send(worker.done(state, (cpu.user + cpu.system) / 1000));
  };

  process.on("disconnect", () => shutdown(0));
  process.on("uncaughtException", fail);
  process.on("message", (message: ParentMessage) => {
    if (message.type === "config") {
      rate = message.config.rate;
      setTimeout(() => shutdown(3), Math.max(0, message.config.hardDeadline - Date.now()));
      join(message.config).catch(fail);
    } else if (message.type === "go") {
      window = { startAt: message.startAt, endAt: message.endAt };
      stream().catch(fail);
    } else {
      shutdown(0);
    }
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/** Resolves once wallNow() has reached `at`. A timer can fire up to a millisecond early on this clock, and a
 * student asked to go before the window opens never sends. */
async function sleepUntil(at: number): Promise<void> {
  while (wallNow() < at) await sleep(at - wallNow());
}
