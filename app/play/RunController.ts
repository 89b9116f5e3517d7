"use client";
// One student run from start to verdict: the descent Web Worker computes, a RunStream of @downhill/client streams
// its losses to the server exactly once, and a checkpoint in localStorage lets a reloaded page pick the run up where it stopped.
// Plain TypeScript with a change listener; the React page subscribes and draws.
import type {
  StepExplanation,
  OwnRunView,
  ProblemSpec,
  RunConfig,
  RunPrediction,
  RunFinished,
  RunStatus,
  TrainerSnapshot,
  TrainerStatus,
} from "@downhill/core";
import { Outbox, RunStream, type StreamEnd } from "@downhill/client";
import { call } from "../lib/socket.ts";
import { storage } from "../lib/storage.ts";
import { parseCheckpoint, type Checkpoint } from "./checkpoint.ts";
import { parseSpeed, type Speed } from "./pacing.ts";
import type { FromWorker, ToWorker } from "./workerMessages.ts";

/** Where a run stands, as the page shows it. */
export type RunPhase =
  /** Waiting for the server to accept run:start. */
  | "starting"
  | "running"
  | "paused"
  /** The worker is done; the last losses and the verdict are on their way. */
  | "verifying"
  | RunStatus
  /** Abandoned with Reset, stopped by the end of the session, or broken. */
  | "stopped";

export interface RunView {
  readonly runId: string;
  readonly config: RunConfig;
  readonly phase: RunPhase;
  /** Training loss at the start of each epoch computed so far (null where not finite). */
  readonly losses: readonly (number | null)[];
  readonly params: readonly number[] | null;
  /** (w, b) after each epoch for two-parameter models, flattened; starts at the run's restore point. */
  readonly trail: readonly number[];
  readonly epoch: number;
  readonly localStatus: TrainerStatus;
  readonly divergedAt: number | null;
  readonly epochsStored: number;
  readonly verdict: RunFinished | null;
  /** Why the run stopped, or what went wrong, in words. */
  readonly note: string | null;
  readonly userPaused: boolean;
  /** The arithmetic of the last epoch run with Step (its `epoch` is `epoch - 1` until another epoch runs). */
  readonly lastStep: StepExplanation | null;
  /** What the student predicted before the run, or null. */
  readonly prediction: RunPrediction | null;
}

const PUMP_MS = 200;
const CHECKPOINT_MS = 1_000;
const RETRY_MS = 1_000;

/**
 * Reads this session's checkpoint, or null when there is none. One that fails its schema (written by another
 * version of the page, or edited) is reported in the console and dropped: the run resumes from the server.
 */
export function readCheckpoint(code: string): Checkpoint | null {
  const json = storage.runCheckpoint(code);
  if (!json) return null;
  const read = parseCheckpoint(json);
  if (read.ok) return read.checkpoint;
  console.warn(`Downhill: ignoring this run's saved checkpoint: ${read.error}`);
  storage.setRunCheckpoint(code, null);
  return null;
}

/** The view of a run the server already holds, for a page that did not run it itself (or was reloaded). */
export function viewOfServerRun(run: OwnRunView): RunView {
  const finished = run.status !== "running";
  return {
    runId: run.runId,
    config: run.config,
    phase: finished ? run.status : "stopped",
    losses: run.losses,
    params: null,
    trail: [],
    epoch: run.epochsStored,
    localStatus: run.status === "diverged" ? "diverged" : finished ? "finished" : "running",
    divergedAt: run.divergedAt,
    epochsStored: run.epochsStored,
    verdict: finished
      ? {
          runId: run.runId,
          status: run.status,
          trainLoss: run.trainLoss,
          trainAccuracy: run.trainAccuracy,
          reason: run.reason,
          divergedAt: run.divergedAt,
          diagnosis: run.diagnosis,
        }
      : null,
    note: finished ? null : "This run was left unfinished.",
    userPaused: false,
    lastStep: null,
    prediction: run.prediction,
  };
}

export interface RunControllerOptions {
  readonly code: string;
  readonly spec: ProblemSpec;
  readonly runId: string;
  readonly config: RunConfig;
  /** What the student predicted before the run (sent with run:start), or null. */
  readonly prediction: RunPrediction | null;
  /** Epochs per second at the start; `setSpeed` changes it. */
  readonly speed: Speed;
  /** Asks the page to join again; its acknowledgement comes back through `onRejoined`. */
  readonly requestRejoin: () => void;
  readonly onChange: (view: RunView) => void;
}

export class RunController {
  private readonly stream: RunStream;
  private worker: Worker | null = null;
  private view: RunView;
  private snapshot: TrainerSnapshot | null = null;
  private sessionHold = false;
  private closed = false;
  private checkpointDirty = true;
  private lastCheckpointAt = 0;
  private pace: Speed;
  private readonly timer: number;

  private constructor(
    private readonly options: RunControllerOptions,
    outbox: Outbox,
    initial: Partial<RunView>,
  ) {
    this.stream = new RunStream({
      runId: options.runId,
      call,
      outbox,
      requestRejoin: options.requestRejoin,
      onStored: (epochsStored) => {
        this.checkpointDirty = true;
        this.update({ epochsStored });
      },
      onEnd: (end) => this.onStreamEnd(end),
      retryMs: RETRY_MS,
    });
    this.pace = options.speed;
    this.view = {
      runId: options.runId,
      config: options.config,
      phase: "starting",
      losses: outbox.state().losses,
      params: null,
      trail: [],
      epoch: outbox.epochs,
      localStatus: "running",
      divergedAt: null,
      epochsStored: outbox.epochsStored,
      verdict: null,
      note: null,
      userPaused: false,
      lastStep: null,
      prediction: options.prediction,
      ...initial,
    };
    this.timer = window.setInterval(() => this.tick(), PUMP_MS);
  }

  /** Starts a new run: the server first (it may refuse), then the worker. Null with a reason when refused. */
  static async start(
    options: RunControllerOptions,
    paused: boolean,
    sessionHold: boolean,
  ): Promise<{ controller: RunController; attemptsLeft: number } | { controller: null; code: string; reason: string }> {
    const ack = await call("run:start", {
      runId: options.runId,
      config: options.config,
      ...(options.prediction ? { prediction: options.prediction } : {}),
    });
    if (!ack.ok) return { controller: null, code: ack.error.code, reason: ack.error.message };
    const controller = new RunController(options, new Outbox(), { userPaused: paused });
    controller.sessionHold = sessionHold;
    controller.writeCheckpoint();
    controller.launch(undefined);
    return { controller, attemptsLeft: ack.attemptsLeft };
  }

  /**
   * Continues a run the server lists as running. From the checkpoint's snapshot when this browser has one for
   * it; otherwise from epoch 0, since a run is deterministic and the outbox skips what the server already has.
   * It runs at the checkpoint's speed when it has one, else at `options.speed`.
   */
  static resume(
    options: RunControllerOptions,
    server: OwnRunView,
    checkpoint: Checkpoint | null,
    sessionHold: boolean,
  ): RunController {
    const own = checkpoint && checkpoint.runId === server.runId ? checkpoint : null;
    const outbox = new Outbox(
      own?.outbox ?? { losses: server.losses, ackedSeq: server.nextSeq, ackedEpochs: server.epochsStored, batches: [] },
    );
    outbox.resync(server.nextSeq, server.epochsStored);
    const speed = parseSpeed(own?.speed) ?? options.speed;
    const controller = new RunController({ ...options, speed }, outbox, { userPaused: own?.userPaused ?? false });
    controller.sessionHold = sessionHold;
    controller.snapshot = own?.snapshot ?? null;
    controller.launch(controller.snapshot ?? undefined);
    return controller;
  }

  get runId(): string {
    return this.options.runId;
  }

  get current(): RunView {
    return this.view;
  }

  /** Epochs per second the worker runs at. */
  get speed(): Speed {
    return this.pace;
  }

  /** True while the run still needs the worker or the server. */
  get active(): boolean {
    return !this.closed;
  }

  pause(): void {
    this.update({ userPaused: true });
    this.post({ type: "pause" });
    this.checkpointDirty = true;
  }

  resume(): void {
    this.update({ userPaused: false });
    if (!this.sessionHold) this.post({ type: "resume" });
    this.checkpointDirty = true;
  }

  /** Paces the worker at `speed` epochs per second from now on; the run's epochs stay the same. */
  setSpeed(speed: Speed): void {
    if (speed === this.pace) return;
    this.pace = speed;
    this.post({ type: "speed", speed });
    this.checkpointDirty = true;
  }

  /** One epoch, while paused. */
  step(): void {
    if (this.view.userPaused || this.sessionHold) this.post({ type: "step" });
  }

  /** The session was paused (hold) or resumed by the host. */
  setSessionHold(hold: boolean): void {
    if (hold === this.sessionHold) return;
    this.sessionHold = hold;
    if (hold) this.post({ type: "pause" });
    else if (!this.view.userPaused) this.post({ type: "resume" });
  }

  /** The socket dropped: keep every unacknowledged batch until the rejoin. */
  onDisconnect(): void {
    this.stream.onDisconnect();
  }

  /** The page joined again: align the stream with what the server stored, then resend the rest. */
  onRejoined(runs: readonly OwnRunView[]): void {
    this.stream.onRejoined(runs);
  }

  /** Abandons the run (its attempt stays spent) or the session ended; clears the checkpoint. */
  stop(note: string): void {
    if (this.closed) return;
    this.update({ phase: "stopped", note });
    this.close();
  }

  /** Stops timers and the worker; the view stays as it is. */
  dispose(): void {
    this.close(false);
  }

  private close(clearCheckpoint = true): void {
    this.closed = true;
    this.stream.stop(null, this.view.note ?? "The run was closed.");
    window.clearInterval(this.timer);
    this.worker?.terminate();
    this.worker = null;
    if (clearCheckpoint) storage.setRunCheckpoint(this.options.code, null);
  }

  private launch(snapshot: TrainerSnapshot | undefined): void {
    const worker = new Worker(new URL("./descent.worker.ts", import.meta.url), { type: "module" });
    worker.onmessage = (event: MessageEvent<FromWorker>) => this.onWorker(event.data);
    worker.onerror = (event) => this.stop(`The descent stopped with an error: ${event.message}`);
    this.worker = worker;
    const paused = this.view.userPaused || this.sessionHold;
    this.post({
      type: "start",
      spec: this.options.spec,
      config: this.options.config,
      snapshot,
      paused,
      speed: this.pace,
    });
    this.update({ phase: paused ? "paused" : "running" });
  }

  private post(message: ToWorker): void {
    this.worker?.postMessage(message);
  }

  private onWorker(message: FromWorker): void {
    if (this.closed) return;
    switch (message.type) {
      case "progress": {
        if (message.snapshot) {
          this.snapshot = message.snapshot;
          this.checkpointDirty = true;
        }
        this.stream.append(message.fromEpoch, message.losses, { params: message.params, flush: message.paused });
        this.update({
          phase: message.paused ? "paused" : "running",
          losses: this.stream.losses,
          params: message.params,
          trail: message.trail.length > 0 ? [...this.view.trail, ...message.trail] : this.view.trail,
          epoch: message.epoch,
          localStatus: message.status,
          divergedAt: message.divergedAt,
        });
        return;
      }
      case "done":
        this.snapshot = message.snapshot;
        this.stream.complete(message.params);
        this.worker?.terminate();
        this.worker = null;
        this.writeCheckpoint();
        this.update({
          phase: "verifying",
          params: message.params,
          epoch: message.epoch,
          localStatus: message.status,
          divergedAt: message.divergedAt,
        });
        return;
      case "stepped":
        this.update({ lastStep: message.explanation });
        return;
      case "error":
        this.stop(`The descent could not start: ${message.message}`);
        return;
    }
  }

  private tick(): void {
    if (this.closed) return;
    this.stream.tick();
    if (this.checkpointDirty && performance.now() - this.lastCheckpointAt >= CHECKPOINT_MS) this.writeCheckpoint();
  }

  /** The server's verdict arrived, or a refusal stopped the stream. */
  private onStreamEnd(end: StreamEnd): void {
    if (this.closed) return;
    if (end.kind === "stopped") {
      this.stop(end.message);
      return;
    }
    const { verdict } = end;
    this.update({ phase: verdict.status, verdict, divergedAt: verdict.divergedAt ?? this.view.divergedAt });
    this.close();
  }

  private writeCheckpoint(): void {
    if (this.closed) return;
    const checkpoint: Checkpoint = {
      runId: this.runId,
      config: this.options.config,
      snapshot: this.snapshot,
      outbox: this.stream.outboxState,
      userPaused: this.view.userPaused,
      speed: this.pace,
    };
    storage.setRunCheckpoint(this.options.code, JSON.stringify(checkpoint));
    this.checkpointDirty = false;
    this.lastCheckpointAt = performance.now();
  }

  private update(change: Partial<RunView>): void {
    this.view = { ...this.view, ...change };
    this.options.onChange(this.view);
  }
}
