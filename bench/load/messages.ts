// What the bench's processes tell each other over the fork IPC channel (advanced serialization).
import type { ChallengeInput } from "@downhill/core";

export interface WorkerConfig {
  readonly workerIndex: number;
  /** Server URLs; student i of the whole bench connects to urls[i % urls.length]. */
  readonly urls: readonly string[];
  readonly code: string;
  readonly challenge: ChallengeInput;
  /** Global index of this worker's first student, and how many students it runs. */
  readonly firstStudent: number;
  readonly count: number;
  /** Progress batches per second per student. */
  readonly rate: number;
  /** Epochs per progress batch. */
  readonly batchEpochs: number;
  /** Joins in flight at once during the ramp. */
  readonly joinConcurrency: number;
  /** Wall-clock time (ms) after which the worker exits whatever happens. */
  readonly hardDeadline: number;
}

export type ParentMessage =
  | { readonly type: "config"; readonly config: WorkerConfig }
  /** Stream from startAt until endAt (wall-clock ms). */
  | { readonly type: "go"; readonly startAt: number; readonly endAt: number }
  | { readonly type: "exit" };

/** One acknowledged or unacknowledged batch, packed per student in a Float64Array of SAMPLE_FIELDS. */
export const SAMPLE_FIELDS = 5; // studentIndex, attempt, epochsAfter, sentAt, ackAt (0 when never acked)

export interface RunTally {
  readonly runId: string;
  readonly studentIndex: number;
  /** Largest epochsStored the server acknowledged (in a progress ack or a rejoin). */
  readonly ackedEpochs: number;
  /** Largest epoch count any batch sent for this run reached. */
  readonly sentEpochs: number;
  /** Batches acknowledged by an ok progress ack. */
  readonly ackedBatches: number;
}

export interface WorkerCounters {
  sent: number;
  acked: number;
  timeouts: number;
  missingBatches: number;
  runsStarted: number;
  runsFinished: number;
  verified: number;
  rejected: number;
  disconnects: number;
  rejoins: number;
  /** Broadcast packets the students received in the window and did not parse, and their characters. */
  broadcastsSkipped: number;
  broadcastChars: number;
  errors: Record<string, number>;
}

export type WorkerMessage =
  | {
      readonly type: "ready";
      readonly joined: number;
      readonly failed: number;
      readonly joinMs: number;
      /** The server's studentId of each of this worker's students, by global index ("" when the join failed). */
      readonly studentIds: readonly [number, string][];
    }
  | {
      readonly type: "done";
      readonly samples: Float64Array;
      readonly runs: readonly RunTally[];
      readonly counters: WorkerCounters;
      /** Students connected and joined when the streaming window closed. */
      readonly connected: number;
      /** Per student (global index), the wall-clock time its last rejoin was acknowledged by a progress ack; 0 if never. */
      readonly resyncedAt: readonly [number, number][];
      /** Epochs acknowledged earlier that a rejoin found no longer stored. */
      readonly lostOnRejoin: number;
      /** The worker's own CPU time during the window, in milliseconds. */
      readonly cpuMs: number;
    }
  | FatalMessage;

/** A worker's last word before it exits on an error. */
export interface FatalMessage {
  readonly type: "fatal";
  readonly message: string;
}
