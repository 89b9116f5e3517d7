/// <reference lib="webworker" />
// The student's descent, off the main thread: the shared engine's Trainer runs epoch by epoch in short time
// slices, yielding between slices so "pause", "step" and "speed" arrive promptly, and reports at most ~30 times a
// second. The Pacer holds the run to the student's epochs per second; between due epochs the worker sleeps.
import { createProblem, explainStep, Trainer } from "@downhill/core";
import { DEFAULT_SPEED, Pacer } from "./pacing.ts";
import type { FromWorker, ToWorker, WorkerProgress } from "./workerMessages.ts";

/** Milliseconds of epochs per slice before the worker yields to its message queue. */
const SLICE_MS = 8;
/** Least time between two progress messages (about 30 a second). */
const REPORT_MS = 33;
/** Least time between two snapshots inside progress messages. */
const SNAPSHOT_MS = 1_000;

const scope = workerScope();

/** The worker's global scope; this file only ever runs as a page's dedicated worker. */
function workerScope(): DedicatedWorkerGlobalScope {
  if (self instanceof DedicatedWorkerGlobalScope) return self;
  throw new Error("descent.worker.ts runs only as a dedicated Web Worker");
}

let trainer: Trainer | null = null;
let paused = false;
let pacer = new Pacer(DEFAULT_SPEED, 0, 0);
let reportedEpoch = 0;
let lastReportAt = 0;
let lastSnapshotAt = 0;
let trail: number[] = [];
/** A slice is queued behind the message queue (an epoch is due now). */
let yielding = false;
/** A slice is waiting for the next due epoch. */
let sleeper: ReturnType<typeof setTimeout> | null = null;

// A MessageChannel yields to the event loop without setTimeout's 4 ms clamp on nested timers. A slice that runs
// after its run was reset or replaced is harmless: it reads the current Trainer, pause and pace.
const yielder = new MessageChannel();
yielder.port1.onmessage = () => {
  yielding = false;
  slice();
};

function post(message: FromWorker): void {
  scope.postMessage(message);
}

/** Queues the next slice: right away when an epoch is due, else when the next one will be. */
function schedule(waitMs: number): void {
  if (yielding || sleeper !== null) return;
  if (waitMs <= 0) {
    yielding = true;
    yielder.port2.postMessage(null);
    return;
  }
  sleeper = setTimeout(() => {
    sleeper = null;
    slice();
  }, waitMs);
}

/** Drops a sleeping slice: the pace changed, or the run was paused, reset or replaced. */
function cancelSleep(): void {
  if (sleeper === null) return;
  clearTimeout(sleeper);
  sleeper = null;
}

function stepOnce(current: Trainer): void {
  current.step();
  if (current.params.length === 2) trail.push(current.params[0]!, current.params[1]!);
}

function slice(): void {
  const current = trainer;
  if (!current || paused || current.status !== "running") return;
  const started = performance.now();
  let now = started;
  while (current.status === "running" && now - started < SLICE_MS && pacer.due(now, current.epoch) > 0) {
    stepOnce(current);
    now = performance.now();
  }
  if (current.status !== "running") {
    finish(current);
    return;
  }
  const waitMs = pacer.waitMs(now, current.epoch);
  // A slow pace sleeps between epochs: report the new ones now rather than after the sleep.
  const unreported = current.epoch > reportedEpoch;
  if (unreported && (now - lastReportAt >= REPORT_MS || waitMs >= REPORT_MS)) report(current, false);
  schedule(waitMs);
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
      cancelSleep();
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
      pacer = new Pacer(message.speed, performance.now(), trainer.epoch);
      reportedEpoch = message.snapshot ? message.snapshot.epoch : 0;
      // The descent path starts where the run starts (or resumes).
      trail = trainer.params.length === 2 ? [trainer.params[0]!, trainer.params[1]!] : [];
      lastSnapshotAt = performance.now();
      if (trainer.status !== "running") finish(trainer);
      else if (paused) report(trainer, true);
      else schedule(0);
      return;
    }
    case "pause":
      if (!trainer || paused) return;
      paused = true;
      cancelSleep();
      report(trainer, true);
      return;
    case "resume":
      if (!trainer || !paused) return;
      paused = false;
      // Count from now: the paused time is not owed epochs.
      pacer.restart(performance.now(), trainer.epoch);
      schedule(0);
      return;
    case "speed":
      pacer.setSpeed(message.speed, performance.now(), trainer?.epoch ?? 0);
      if (!trainer || paused) return;
      cancelSleep();
      schedule(0);
      return;
    case "step": {
      if (!trainer || !paused || trainer.status !== "running") return;
      // From the parameters at the start of the epoch, with the Trainer's own calls: the same numbers it steps by.
      const explanation = explainStep(trainer.problem, trainer.config, trainer.params, trainer.epoch);
      stepOnce(trainer);
      post({ type: "stepped", explanation });
      if (trainer.status === "running") report(trainer, true);
      else finish(trainer);
      return;
    }
    case "reset":
      cancelSleep();
      trainer = null;
      paused = false;
      trail = [];
      return;
  }
};
