// The HTTP API's response shapes (server/http): past sessions for their instructor, and one session's results.
import { z } from "zod";
import { RUN_LIMITS, type RunConfig } from "../training/RunConfig.ts";
import type { Challenge } from "./challenge.ts";
import type { RunPrediction } from "./prediction.ts";
import type { LeaderboardEntry, RunStatus, ScatterPoint, SessionStatus } from "./views.ts";

/**
 * A run's test curve as the results carry it and the store keeps it: testLosses[i] is the test split's loss at the
 * start of epoch i (null where it was not finite), one per epoch of the run's training curve at most.
 */
export const testCurveSchema = z.array(z.number().nullable()).max(RUN_LIMITS.maxEpochs);

/** One stored progress batch of a run: when the server received it, and how many epochs were stored with it. */
export interface BatchArrival {
  /** The server's clock when the batch arrived (epoch ms); null for a batch stored before it kept arrival times. */
  readonly at: number | null;
  /** The run's epochs stored once this batch was (its fromEpoch plus its losses). */
  readonly epochsStored: number;
}

/** GET /api/sessions: one row per session of the instructor, newest first. */
export interface SessionSummary {
  readonly id: string;
  readonly code: string;
  readonly title: string;
  readonly status: SessionStatus;
  readonly createdAt: number;
  readonly students: number;
  readonly runs: number;
}

export interface ResultRun {
  readonly runId: string;
  readonly studentId: string;
  readonly name: string;
  readonly attempt: number;
  readonly config: RunConfig;
  readonly status: RunStatus;
  readonly reason: string | null;
  readonly trainLoss: number | null;
  /** Null for every viewer until the host reveals the final ranking. */
  readonly testLoss: number | null;
  /** Share of training rows classified right by the server's final parameters; null for regression. */
  readonly trainAccuracy: number | null;
  /** The same on the test split: null for every viewer until the host reveals the final ranking. */
  readonly testAccuracy: number | null;
  readonly divergedAt: number | null;
  readonly startedAt: number;
  readonly finishedAt: number | null;
  /** Epochs of the run the server has stored (and acknowledged), checked or not yet: the roster's count. */
  readonly epochsStored: number;
  /** Every stored batch of the run, in order: what tells how far the run had got at a moment of the session. */
  readonly batches: readonly BatchArrival[];
  /**
   * losses[i]: training loss at the start of epoch i; null where it was not a finite number. Only losses the server
   * checked against its replay: a verified or diverged run's whole curve, nothing of a rejected or unfinished run.
   */
  readonly losses: readonly (number | null)[];
  /**
   * The test split's loss at the start of each epoch (`testCurveSchema`), from the server's own replay of a verified
   * or diverged run: the curve beside `losses`. Null for every viewer until the host reveals the final ranking, and
   * for a challenge without a test split or a run stored before the server recorded test curves.
   */
  readonly testLosses: readonly (number | null)[] | null;
  /** What the student predicted before the run (null when they did not). */
  readonly prediction: RunPrediction | null;
  /** Whether the run came out as predicted (`predictionHeld`); null without a prediction or a result to compare. */
  readonly predictionHeld: boolean | null;
}

/** A student of the session, with when they joined and, when the host kicked them, when. */
export interface ResultStudent {
  readonly studentId: string;
  readonly name: string;
  readonly kicked: boolean;
  readonly joinedAt: number;
  /** The time of the kick (its stored event); null for a student never kicked. */
  readonly kickedAt: number | null;
}

/** One round of a session's results (`GET /api/sessions/:id?round=n`). */
export interface SessionResults {
  readonly session: {
    readonly id: string;
    readonly code: string;
    readonly title: string;
    readonly status: SessionStatus;
    readonly createdAt: number;
    readonly startedAt: number | null;
    readonly endedAt: number | null;
    readonly revealed: boolean;
    /**
     * The round these results are of (`?round=n`, by default the session's current round): the title, status,
     * times, challenge, runs, boards and events are that round's.
     */
    readonly round: number;
    /** How many rounds the session has had: rounds 1 to `rounds` can be asked for. */
    readonly rounds: number;
    /** When the host revealed the final ranking (its stored event); null before. */
    readonly revealedAt: number | null;
    /**
     * The challenge as written, for the instructor; through a share link before the reveal, the challenge as
     * students receive it (training rows in place of the dataset's recipe).
     */
    readonly challenge: Challenge;
    readonly optimumLoss: number | null;
    /** Only the instructor receives it, to pass on as the read-only link. */
    readonly shareToken: string | null;
  };
  /** In joining order. */
  readonly students: readonly ResultStudent[];
  readonly runs: readonly ResultRun[];
  readonly leaderboards: {
    readonly train: readonly LeaderboardEntry[];
    /** The hidden-split leaderboard, when the challenge scores on it and the host has revealed it. */
    readonly test: readonly LeaderboardEntry[] | null;
  };
  readonly scatter: readonly ScatterPoint[];
  readonly events: readonly {
    readonly at: number;
    readonly kind: string;
    readonly data: Readonly<Record<string, unknown>>;
  }[];
}
