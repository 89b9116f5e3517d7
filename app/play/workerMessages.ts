// The messages between the student page and its descent Web Worker. The worker runs the shared engine; the page
// only draws and streams what the worker reports.
import type { ProblemSpec, RunConfig, StepExplanation, TrainerSnapshot, TrainerStatus } from "@downhill/core";
import type { Speed } from "./pacing.ts";

export type ToWorker =
  /** Builds the problem and a Trainer (restored from `snapshot` when given); runs at `speed` unless `paused`. */
  | {
      readonly type: "start";
      readonly spec: ProblemSpec;
      readonly config: RunConfig;
      readonly snapshot?: TrainerSnapshot;
      readonly paused?: boolean;
      readonly speed: Speed;
    }
  | { readonly type: "pause" }
  | { readonly type: "resume" }
  /** One epoch, while paused. */
  | { readonly type: "step" }
  /** Epochs per second from now on; the epochs themselves are the same at every speed. */
  | { readonly type: "speed"; readonly speed: Speed }
  /** Drops the Trainer; the worker waits for the next "start". */
  | { readonly type: "reset" };

export interface WorkerProgress {
  readonly type: "progress";
  /** Epochs completed. */
  readonly epoch: number;
  /** The epoch of losses[0]. */
  readonly fromEpoch: number;
  /** Training loss at the start of each epoch since the last message; null where it was not finite. */
  readonly losses: readonly (number | null)[];
  readonly params: readonly number[];
  /** For two-parameter models: (w, b) after each epoch since the last message, flattened [w0, b0, w1, b1, ...]. */
  readonly trail: readonly number[];
  readonly status: TrainerStatus;
  readonly divergedAt: number | null;
  /** True while the worker is held by a pause. */
  readonly paused: boolean;
  /** A checkpoint of the whole run, sent about once a second and whenever the run pauses. */
  readonly snapshot: TrainerSnapshot | null;
}

export interface WorkerDone {
  readonly type: "done";
  readonly epoch: number;
  readonly params: readonly number[];
  readonly status: Exclude<TrainerStatus, "running">;
  readonly divergedAt: number | null;
  readonly snapshot: TrainerSnapshot;
}

/** The arithmetic of the epoch a "step" just ran, sent before that epoch's progress. */
export interface WorkerStepped {
  readonly type: "stepped";
  readonly explanation: StepExplanation;
}

export interface WorkerFailed {
  readonly type: "error";
  readonly message: string;
}

export type FromWorker = WorkerProgress | WorkerDone | WorkerStepped | WorkerFailed;
