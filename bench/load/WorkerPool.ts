// The generator workers as the bench's main process sees them (bench:load and bench:ui): forked processes, each
// running a contiguous share of the simulated students and answering the parent's messages one at a time.
import { fork, type ChildProcess } from "node:child_process";
import type { ChallengeInput } from "@downhill/core";
import type { FatalMessage, ParentMessage } from "./messages.ts";

/** Seconds the join ramp may take before the bench gives up, per 1,000 students (and at least a minute). */
const JOIN_SECONDS_PER_THOUSAND = 60;
/** Joins each worker keeps in flight during the ramp. */
const JOIN_CONCURRENCY = 50;
/** What a worker's hard deadline allows past the join budget and the window: the settling and the checks. */
const DEADLINE_MARGIN_MS = 120_000;

/** How long the join ramp of `students` students may take before the bench gives up. */
export function joinBudgetMs(students: number): number {
  return Math.max(60_000, (students / 1000) * JOIN_SECONDS_PER_THOUSAND * 1000);
}

export interface PoolSpec {
  /** The worker's entry point, run with tsx. */
  readonly script: string;
  readonly students: number;
  /** Workers asked for; there are never more than students. */
  readonly workers: number;
  /** Seconds of streaming after the joins. */
  readonly duration: number;
  readonly urls: readonly string[];
  readonly code: string;
  readonly challenge: ChallengeInput;
  readonly rate: number;
  readonly batchEpochs: number;
}

/** `M`: what the workers answer, "fatal" included. */
export class WorkerPool<M extends { readonly type: string }> {
  readonly size: number;
  private readonly workers: ChildProcess[] = [];

  /** Forks the workers and sends each its share of the students. */
  constructor(spec: PoolSpec) {
    this.size = Math.min(spec.workers, spec.students);
    const hardDeadline = Date.now() + joinBudgetMs(spec.students) + spec.duration * 1000 + DEADLINE_MARGIN_MS;
    for (let w = 0; w < this.size; w++) {
      const firstStudent = Math.floor((w * spec.students) / this.size);
      const count = Math.floor(((w + 1) * spec.students) / this.size) - firstStudent;
      const worker = fork(spec.script, [], {
        execArgv: ["--import", "tsx"],
        serialization: "advanced",
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      });
      this.workers.push(worker);
      const config = {
        workerIndex: w,
        urls: spec.urls,
        code: spec.code,
        challenge: spec.challenge,
        firstStudent,
        count,
        rate: spec.rate,
        batchEpochs: spec.batchEpochs,
        joinConcurrency: JOIN_CONCURRENCY,
        hardDeadline,
      };
      worker.send({ type: "config", config } satisfies ParentMessage);
    }
  }

  send(message: ParentMessage): void {
    for (const worker of this.workers) worker.send(message);
  }

  /** Resolves with one message of `type` from every worker, or rejects on a fatal message, an exit or the timeout. */
  fromEvery<T extends M["type"]>(type: T, timeoutMs: number): Promise<Extract<M, { type: T }>[]> {
    return new Promise((resolve, reject) => {
      const got = new Map<ChildProcess, Extract<M, { type: T }>>();
      const detach: (() => void)[] = [];
      const finish = (error: Error | null) => {
        clearTimeout(timer);
        for (const off of detach) off();
        if (error) reject(error);
        else resolve(this.workers.map((worker) => got.get(worker)!));
      };
      const timer = setTimeout(
        () => finish(new Error(`workers did not answer "${type}" within ${timeoutMs} ms`)),
        timeoutMs,
      );
      for (const worker of this.workers) {
        const onMessage = (message: M | FatalMessage) => {
          if (message.type === "fatal")
            finish(new Error(`a student worker failed: ${(message as FatalMessage).message}`));
          if (message.type !== type) return;
          got.set(worker, message as Extract<M, { type: T }>);
          if (got.size === this.workers.length) finish(null);
        };
        const onExit = (code: number | null) => finish(new Error(`a student worker exited (code ${code})`));
        worker.on("message", onMessage);
        worker.on("exit", onExit);
        detach.push(() => worker.off("message", onMessage).off("exit", onExit));
      }
    });
  }

  /** SIGKILLs the workers still running; safe to call twice. */
  kill(): void {
    for (const worker of this.workers) if (worker.exitCode === null) worker.kill("SIGKILL");
  }
}
