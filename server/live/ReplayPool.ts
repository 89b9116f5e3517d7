// Replays runs on worker threads: a replay of a long MLP run takes a tenth of a second or more, and three hundred
// students must not stall everyone's acknowledgements. Replays wait in a FairQueue, so one student or one class
// with many runs cannot starve the others. The same threads prepare new sessions (prepareSession.ts): a 1 MB
// upload costs tens of milliseconds to parse, check and build, and the creations wait their turn beside the
// classes' replays as one more class, each sender's in turn.
import { Worker } from "node:worker_threads";
import type { ProblemSpec, Replay, RunConfig, Split } from "@downhill/core";
import type { EngineRequest, EngineResponse } from "./engineWorker.ts";
import { FairQueue } from "./FairQueue.ts";
import type { PreparedOrRefused } from "./prepareSession.ts";

/** Whose replay it is: the queue takes turns across sessions, then across students. */
export interface ReplayOwner {
  readonly sessionId: string;
  readonly studentId: string;
}

/**
 * Replays `config` on `problem`; given the round's held-out test split, the replay also records the loss on it at
 * each epoch (Replay.testLosses).
 */
export type Replayer = (
  problem: ProblemSpec,
  config: RunConfig,
  owner: ReplayOwner,
  testSplit?: Split | null,
) => Promise<Replay>;

/** Told when a replay leaves the queue for a worker and when it is done, for the metrics. */
export interface ReplayObserver {
  readonly started: (waitedMs: number) => void;
  readonly finished: (replayMs: number) => void;
}

/** The default pool size: every core, but one left for the event loop when there are more than two. */
export function defaultReplayWorkers(cores: number): number {
  return cores > 2 ? cores - 1 : Math.max(1, cores);
}

/** Prepares a new session from its request's body; `sender` takes turns with the other senders. */
export type SessionPreparer = (body: Uint8Array, sender: string) => Promise<PreparedOrRefused>;

/** The queue's turn that every new session takes, as one more class: no session id is this. */
const NEW_SESSIONS = "new sessions";

interface Job {
  readonly request: EngineRequest;
  readonly queuedAt: number;
  /** Settles the job's promise with the worker's answer. */
  readonly answer: (response: EngineResponse) => void;
  readonly reject: (error: Error) => void;
}

export class ReplayPool {
  private readonly queue = new FairQueue<Job>();
  private readonly idle: Worker[] = [];
  /** The job each busy worker is replaying; a worker replays one run at a time. */
  private readonly busy = new Map<Worker, Job>();
  /** When each busy worker took its job. */
  private readonly startedAt = new Map<Worker, number>();
  private started = 0;
  private closed = false;

  /** `size` worker threads at most, started on first need; `now` in milliseconds, for the observer's durations. */
  constructor(
    readonly size: number,
    private readonly observer?: ReplayObserver,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`a replay pool needs at least 1 worker, not ${size}`);
  }

  replay: Replayer = (problem, config, owner, testSplit = null) =>
    new Promise((resolve, reject) => {
      const answer = (response: EngineResponse) => {
        if (response.type === "replayed") resolve(response.replay);
        else
          reject(new Error(response.type === "failed" ? response.message : `a replay was answered ${response.type}`));
      };
      this.enqueue(owner.sessionId, owner.studentId, { type: "replay", problem, config, testSplit }, answer, reject);
    });

  prepareSession: SessionPreparer = (body, sender) =>
    new Promise((resolve, reject) => {
      const answer = (response: EngineResponse) => {
        if (response.type === "prepared" || response.type === "refused") resolve(response);
        else
          reject(new Error(response.type === "failed" ? response.message : `a creation was answered ${response.type}`));
      };
      this.enqueue(NEW_SESSIONS, sender, { type: "prepareSession", body }, answer, reject);
    });

  private enqueue(
    sessionKey: string,
    studentKey: string,
    request: EngineRequest,
    answer: Job["answer"],
    reject: Job["reject"],
  ): void {
    if (this.closed) {
      reject(new Error("the replay pool is closed"));
      return;
    }
    this.queue.push(sessionKey, studentKey, { request, queuedAt: this.now(), answer, reject });
    this.dispatch();
  }

  /** Jobs (replays, new sessions) waiting for a worker. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Jobs running on a worker now. */
  get running(): number {
    return this.busy.size;
  }

  /** Worker threads started so far. */
  get workers(): number {
    return this.started;
  }

  async close(): Promise<void> {
    this.closed = true;
    const error = new Error("the replay pool is closed");
    for (const job of this.queue.drain()) job.reject(error);
    for (const job of this.busy.values()) job.reject(error);
    const all = [...this.idle, ...this.busy.keys()];
    this.idle.length = 0;
    this.busy.clear();
    this.startedAt.clear();
    await Promise.all(all.map((worker) => worker.terminate()));
  }

  /** Hands waiting jobs to idle workers, starting workers up to `size`. */
  private dispatch(): void {
    while (this.queue.length > 0) {
      const worker = this.idle.pop() ?? (this.started < this.size ? this.spawn() : undefined);
      if (!worker) return;
      const job = this.queue.shift()!;
      this.busy.set(worker, job);
      const now = this.now();
      this.startedAt.set(worker, now);
      if (job.request.type === "replay") this.observer?.started(now - job.queuedAt);
      // A job in flight keeps the process alive; an idle worker does not.
      worker.ref();
      worker.postMessage(job.request);
    }
  }

  private spawn(): Worker {
    const worker = new Worker(new URL("./engineWorker.mjs", import.meta.url));
    this.started++;
    worker.on("message", (response: EngineResponse) => this.settle(worker, response));
    worker.on("error", (error) => {
      // The thread is gone: fail its job, forget it, and let a new one take the queue.
      const job = this.busy.get(worker);
      this.busy.delete(worker);
      this.startedAt.delete(worker);
      const index = this.idle.indexOf(worker);
      if (index >= 0) this.idle.splice(index, 1);
      this.started--;
      job?.reject(error);
      if (!this.closed) this.dispatch();
    });
    return worker;
  }

  private settle(worker: Worker, response: EngineResponse): void {
    const job = this.busy.get(worker);
    this.busy.delete(worker);
    const startedAt = this.startedAt.get(worker);
    this.startedAt.delete(worker);
    if (startedAt !== undefined && job?.request.type === "replay") this.observer?.finished(this.now() - startedAt);
    worker.unref();
    this.idle.push(worker);
    job?.answer(response);
    this.dispatch();
  }
}
