import type { OptimizerName } from "../optimizers/Optimizer.ts";
import type { Diagnosis, DiagnosisVerdict } from "../training/diagnose.ts";
import type { RunConfig } from "../training/RunConfig.ts";
import type { ReferenceCurve } from "../training/referenceRuns.ts";
import type { Challenge, ScoringSplit } from "./challenge.ts";
import type { RunPrediction } from "./prediction.ts";
import type { StudentChallenge } from "./studentChallenge.ts";

/** The states a session moves through: lobby -> running <-> paused -> ended. */
export const SESSION_STATUSES = ["lobby", "running", "paused", "ended"] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/**
 * A run is "running" while it streams; the server's verification ends it as "verified", "rejected" or
 * "diverged". A run not yet verified when the round ends is closed as "unfinished" and never scored.
 */
export const RUN_STATUSES = ["running", "verified", "rejected", "diverged", "unfinished"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** What the host's roster shows per student: idle before a first run, else the status of the latest run. */
export type StudentStatus = "idle" | RunStatus;

export interface SessionCounts {
  readonly students: number;
  readonly connected: number;
  readonly running: number;
  readonly verified: number;
  readonly diverged: number;
  readonly rejected: number;
  readonly unfinished: number;
}

/**
 * The session as its host sees it, with its whole challenge: what the attach and command acknowledgements carry.
 * Times are the server's clock in epoch milliseconds.
 */
export interface SessionStateView {
  readonly sessionId: string;
  readonly code: string;
  readonly joinUrl: string;
  readonly status: SessionStatus;
  readonly locked: boolean;
  readonly anonymized: boolean;
  readonly revealed: boolean;
  /**
   * The round being played, from 1: the host can start another round with the same class once one has ended. When
   * it changes, so does the challenge: a student joins again with their token to receive the new one.
   */
  readonly round: number;
  readonly challenge: Challenge;
  /** The best possible training loss, where a closed form exists. */
  readonly optimumLoss: number | null;
  /**
   * The edge of stability of plain full-batch gradient descent on the training rows, 2 / λ_max of the loss's
   * Hessian (largestStableLearningRate): above it such a run diverges. Null for models without a constant Hessian.
   */
  readonly edgeOfStability: number | null;
  readonly serverNow: number;
  /** When the round ends while running; null otherwise. */
  readonly endsAt: number | null;
  /** Time left in the round (the full limit in the lobby, frozen while paused, 0 once ended). */
  readonly remainingMs: number;
  readonly counts: SessionCounts;
}

/**
 * The session as a student sees it, in the join acknowledgement: the challenge's rules and training rows, never the
 * recipe (seed, test fraction, an upload's other rows) from which the hidden test split could be rebuilt.
 */
export type StudentStateView = Omit<SessionStateView, "challenge"> & { readonly challenge: StudentChallenge };

/**
 * `session:state`: the session's state without its challenge. The challenge changes only with the round, and an
 * uploaded CSV's rows can weigh a megabyte, while this view goes out on every change of the head counts: clients
 * keep the challenge from their acknowledgement and merge these updates into it (a new `round` means a new challenge).
 */
export type SessionStateUpdate = Omit<SessionStateView, "challenge">;

export interface LeaderboardEntry {
  readonly rank: number;
  readonly studentId: string;
  /** The student's nickname, or an alias while names are anonymized. */
  readonly name: string;
  readonly runId: string;
  readonly loss: number;
  /**
   * Share of rows classified right, on the split the board ranks by (training rows live, the test split on the
   * revealed final board of a hidden-test challenge); null for regression.
   */
  readonly accuracy: number | null;
  readonly optimizer: OptimizerName;
  readonly lr: number;
  readonly batchSize: number | "full";
  readonly finishedAt: number;
}

/**
 * `leaderboard:update`: each student's best verified run. Live it ranks by training loss; after the host's
 * reveal of a hidden-test challenge it ranks by test loss (`split: "test"`, `final: true`).
 */
export interface LeaderboardView {
  readonly split: ScoringSplit;
  readonly final: boolean;
  readonly total: number;
  readonly entries: readonly LeaderboardEntry[];
}

/**
 * `leaderboard:rank`: sent to one student whenever their own standing changes. `rank` is null before their first
 * ranked run, and always in the challenge's `percentile` leaderboard mode, where the student sees `topPercent` only.
 */
export interface StudentRankView {
  readonly rank: number | null;
  readonly total: number;
  readonly loss: number | null;
  /** The share of the class, in whole percent, at or above the student's rank (`topPercent`); null when unranked. */
  readonly topPercent: number | null;
}

/** One run's curve, downsampled: `losses[i]` is the training loss at the start of epoch `epochs[i]`. */
export interface ChartRun {
  readonly runId: string;
  readonly studentId: string;
  readonly name: string;
  readonly optimizer: OptimizerName;
  readonly lr: number;
  readonly status: RunStatus;
  readonly epochs: readonly number[];
  readonly losses: readonly number[];
}

/** Percentile bands across every run's loss at the same epochs. */
export interface ChartBands {
  readonly epochs: readonly number[];
  readonly p10: readonly number[];
  readonly p50: readonly number[];
  readonly p90: readonly number[];
}

export interface ScatterPoint {
  readonly runId: string;
  readonly lr: number;
  /** The run's final training loss; null when it diverged. */
  readonly loss: number | null;
  readonly optimizer: OptimizerName;
  readonly status: RunStatus;
}

/** A diverged run's curve up to the epoch where it exploded: its last loss is past any chart's top. */
export interface DivergedChartRun extends ChartRun {
  readonly status: "diverged";
  /** The epoch whose starting loss showed the divergence (the curve's last epoch). */
  readonly divergedAt: number;
}

/** `chart:update`: the class overlay. Only leading runs carry whole curves; everyone else is in the bands. */
export interface ChartView {
  readonly runs: readonly ChartRun[];
  /** The newest diverged runs (one per student, at most CHART_MAX_DIVERGED), drawn clipped at the top with a ✕. */
  readonly diverged: readonly DivergedChartRun[];
  readonly bands: ChartBands;
  /** Every finished run's learning rate and loss; sent to hosts only (students receive it empty). */
  readonly scatter: readonly ScatterPoint[];
  readonly optimizerMix: Readonly<Record<OptimizerName, number>>;
}

/**
 * `session:references`: the runs of PyTorch's defaults on the session's training rows (never its test split),
 * computed once per session and sent once to each socket that joins or attaches.
 */
export interface ReferencesView {
  readonly sessionId: string;
  /** The round whose challenge the curves descend: a client drops the curves of a round it no longer plays. */
  readonly round: number;
  readonly curves: readonly ReferenceCurve[];
}

export interface RosterStudent {
  readonly studentId: string;
  readonly name: string;
  readonly status: StudentStatus;
  readonly connected: boolean;
  readonly kicked: boolean;
  readonly runs: number;
  readonly bestLoss: number | null;
  /** Epochs stored of the student's latest run: its live progress. */
  readonly epochs: number;
}

export interface ProblemRun {
  readonly runId: string;
  readonly studentId: string;
  readonly name: string;
  readonly status: "diverged" | "rejected";
  readonly reason: string;
  readonly optimizer: OptimizerName;
  readonly lr: number;
  readonly divergedAt: number | null;
}

/**
 * `roster:update`, to hosts only: every student, the runs that went wrong, with reasons, and the class grouped by
 * diagnosis.
 */
export interface RosterView {
  readonly students: readonly RosterStudent[];
  readonly problems: readonly ProblemRun[];
  /** Per verdict, how many non-kicked students' latest diagnosed run (verified or diverged) got it. */
  readonly diagnoses: Readonly<Record<DiagnosisVerdict, number>>;
}

/** A student's own run as the server has it, so a reloaded page can resume it. */
export interface OwnRunView {
  readonly runId: string;
  readonly attempt: number;
  readonly config: RunConfig;
  readonly status: RunStatus;
  /** The next progress batch sequence number the server expects. */
  readonly nextSeq: number;
  /** Epochs whose loss is stored: the next batch starts at this epoch. */
  readonly epochsStored: number;
  /**
   * How many leading stored losses the server has checked against its replay: what a chart of the student's earlier
   * attempts draws (all of a verified or diverged run, none of a rejected one).
   */
  readonly verifiedEpochs: number;
  /** The stored losses, so a reloaded page can redraw its curve. */
  readonly losses: readonly (number | null)[];
  readonly trainLoss: number | null;
  /**
   * Share of the training rows the server's own final parameters classify right, for a verified classification
   * run; null otherwise. A student never receives a test accuracy before the reveal (nor a test loss).
   */
  readonly trainAccuracy: number | null;
  readonly reason: string | null;
  readonly divergedAt: number | null;
  /** The server's reading of a verified or diverged run (null until it has one, and for other runs). */
  readonly diagnosis: Diagnosis | null;
  /** What the student predicted before the run, or null when they did not. */
  readonly prediction: RunPrediction | null;
}
