// Replays runs on a worker thread: a replay of a long MLP run takes a tenth of a second, and three hundred
// students finishing together must not stall everyone's acknowledgements for half a minute.
import { Worker } from "node:worker_threads";
import type { ProblemSpec, Replay, RunConfig } from "@downhill/core";
import type { ReplayRequest, ReplayResponse } from "./replayWorker.ts";

export type Replayer = (problem: ProblemSpec, config: RunConfig) => Promise<Replay>;

export class ReplayPool {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (replay: Replay) => void; reject: (error: Error) => void }>();
  private nextId = 0;

  constructor() {
    this.worker = new Worker(new URL("./replayWorker.mjs", import.meta.url));
    this.worker.on("message", (response: ReplayResponse) => this.settle(response));
    this.worker.on("error", (error) => {
      for (const { reject } of this.pending.values()) reject(error);
      this.pending.clear();
    });
    // An idle pool must not keep the process alive; a replay in flight must (see replay and settle).
    this.worker.unref();
  }

  replay: Replayer = (problem, config) =>
    new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) this.worker.ref();
      const request: ReplayRequest = { id, problem, config };
      this.worker.postMessage(request);
    });

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private settle(response: ReplayResponse): void {
    const waiting = this.pending.get(response.id);
    if (!waiting) return;
    this.pending.delete(response.id);
    if (this.pending.size === 0) this.worker.unref();
    if (response.error !== undefined) {
      waiting.reject(new Error(response.error));
      return;
    }
    waiting.resolve({
      losses: response.losses!,
      params: response.params!,
      status: response.status!,
      divergedAt: response.divergedAt ?? null,
      finalLoss: response.finalLoss!,
    });
  }
}
