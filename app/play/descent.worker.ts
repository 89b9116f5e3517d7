/// <reference lib="webworker" />
// The student's descent, off the main thread: the shared engine's Trainer runs epoch by epoch in short time
// slices, yielding between slices so "pause" and "step" arrive promptly, and reports at most ~30 times a second.
import { createProblem, Trainer } from "@downhill/core";
import type { FromWorker, ToWorker, WorkerProgress } from "./workerMessages.ts";

/** Milliseconds of epochs per slice before the worker yields to its message queue. */
const SLICE_MS = 8;
/** Least time between two progress messages (about 30 a second). */
const REPORT_MS = 33;
/** Least time between two snapshots inside progress messages. */
const SNAPSHOT_MS = 1_000;

const scope = self as unknown as DedicatedWorkerGlobalScope;

let trainer: Trainer | null = null;
let paused = false;
/** Bumped by every start and reset, so a slice scheduled for an old run does nothing. */
let generation = 0;
let reportedEpoch = 0;
let lastReportAt = 0;
let lastSnapshotAt = 0;
let trail: number[] = [];
let sliceScheduled = false;

// A MessageChannel yields to the event loop without setTimeout's 4 ms clamp on nested timers.
const yielder = new MessageChannel();
yielder.port1.onmessage = (event: MessageEvent<number>) => {
  sliceScheduled = false;
  if (event.data === generation) slice();
};

function post(message: FromWorker): void {
  scope.postMessage(message);
}

function schedule(): void {
  if (sliceScheduled) return;
  sliceScheduled = true;
  yielder.port2.postMessage(generation);
}

function stepOnce(current: Trainer): void {
  current.step();
  if (current.params.length === 2) trail.push(current.params[0]!, current.params[1]!);
}

function slice(): void {
  const current = trainer;
  if (!current || paused || current.status !== "running") return;
  const started = performance.now();
  while (current.status === "running" && performance.now() - started < SLICE_MS) stepOnce(current);
  if (current.status !== "running") {
    finish(current);
    return;
  }
  if (performance.now() - lastReportAt >= REPORT_MS) report(current, false);
  schedule();
}

function report(current: Trainer, withSnapshot: boolean): void {
  const now = performance.now();
  const snapshotDue = withSnapshot || now - lastSnapshotAt >= SNAPSHOT_MS;
  const message: WorkerProgress = {
    type: "progress",
    epoch: current.epoch,
    fromEpoch: reportedEpoch,
    losses: current.recordedLosses().slice(reportedEpoch),
    params: Array.from(current.params),
    trail,
    status: current.status,
    divergedAt: current.divergedAt,
    paused,
    snapshot: snapshotDue ? current.snapshot() : null,
  };
  reportedEpoch = current.epoch;
  trail = [];
  lastReportAt = now;
  if (snapshotDue) lastSnapshotAt = now;
  post(message);
}

function finish(current: Trainer): void {
  report(current, true);
  const status = current.status;
  if (status === "running") return;
  post({
    type: "done",
    epoch: current.epoch,
    params: Array.from(current.params),
    status,
    divergedAt: current.divergedAt,
    snapshot: current.snapshot(),
  });
}

scope.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  switch (message.type) {
    case "start": {
      generation++;
      try {
        const problem = createProblem(message.spec);
        trainer = message.snapshot
          ? Trainer.restore(problem, message.config, message.snapshot)
          : new Trainer(problem, message.config);
      } catch (error) {
        trainer = null;
        post({ type: "error", message: error instanceof Error ? error.message : String(error) });
        return;
      }
      paused = message.paused === true;
      reportedEpoch = message.snapshot ? message.snapshot.epoch : 0;
      // The descent path starts where the run starts (or resumes).
      trail = trainer.params.length === 2 ? [trainer.params[0]!, trainer.params[1]!] : [];
      lastSnapshotAt = performance.now();
      if (trainer.status !== "running") finish(trainer);
      else if (paused) report(trainer, true);
      else schedule();
      return;
    }
    case "pause":
      if (!trainer || paused) return;
      paused = true;
      report(trainer, true);
      return;
    case "resume":
      if (!trainer || !paused) return;
      paused = false;
      schedule();
      return;
    case "step":
      if (!trainer || !paused || trainer.status !== "running") return;
      stepOnce(trainer);
      if (trainer.status === "running") report(trainer, true);
      else finish(trainer);
      return;
    case "reset":
      generation++;
      trainer = null;
      paused = false;
      trail = [];
      return;
  }
};
