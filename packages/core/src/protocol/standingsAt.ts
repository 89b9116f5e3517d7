// The leaderboard of a past session as it stood at one moment, rebuilt from its results: what the review page's
// timeline shows as it moves through the session's wall-clock span.
import type { OptimizerName } from "../optimizers/Optimizer.ts";
import type { ScoringSplit } from "./challenge.ts";
import type { ResultRun, ResultStudent } from "./results.ts";

/** What `standingsAt` reads of a run. */
export type StandingsRun = Pick<
  ResultRun,
  | "runId"
  | "studentId"
  | "name"
  | "attempt"
  | "config"
  | "status"
  | "trainLoss"
  | "testLoss"
  | "startedAt"
  | "finishedAt"
  | "batches"
>;

/** What `standingsAt` reads of a session's results; `SessionResults` has it all. */
export interface StandingsInput {
  readonly session: {
    readonly revealedAt: number | null;
    readonly challenge: { readonly scoring: ScoringSplit };
  };
  readonly students: readonly Pick<ResultStudent, "studentId" | "kickedAt">[];
  readonly runs: readonly StandingsRun[];
}

/** One student's place on the board at that moment, with the run that earned it. */
export interface Standing {
  readonly rank: number;
  readonly studentId: string;
  readonly name: string;
  readonly runId: string;
  readonly attempt: number;
  readonly loss: number;
  readonly optimizer: OptimizerName;
  readonly lr: number;
  readonly batchSize: number | "full";
  /** When the run was verified: since then it has stood on the board. */
  readonly finishedAt: number;
}

/** A run that was descending at that moment: started, not yet closed. */
export interface Descending {
  readonly runId: string;
  readonly studentId: string;
  readonly name: string;
  readonly attempt: number;
  readonly optimizer: OptimizerName;
  readonly lr: number;
  readonly startedAt: number;
  readonly epochs: number;
  /**
   * The epochs the server had stored of it by that moment (its last batch received by then), 0 before its first
   * batch; null when that cannot be told: a batch stored by then carries no arrival time (stored before 0007).
   */
  readonly epochsReached: number | null;
}

export interface StandingsAtMoment {
  readonly at: number;
  /** The split the board ranked by at that moment: training loss, and the test split once revealed (if scored on it). */
  readonly split: ScoringSplit;
  /** Rank 1 first, one entry per ranked student. */
  readonly standings: readonly Standing[];
  /** The runs descending at that moment, the most recently started first. */
  readonly descending: readonly Descending[];
}

/**
 * The board as the live session showed it at time `at` (epoch ms): each student not kicked by then is ranked by
 * their best run verified by then (`finishedAt <= at`), lower loss first; a tie goes to the run verified earlier,
 * then to the smaller run id, as on the live board. Rejected, diverged and unfinished runs are never ranked. It ranks
 * by training loss, and by test loss from the reveal on when the challenge is scored on the hidden test split.
 * `descending`: runs started by `at` and not closed by then (whatever became of them later), of students not
 * kicked by then.
 */
export function standingsAt(results: StandingsInput, at: number): StandingsAtMoment {
  const { revealedAt, challenge } = results.session;
  const split: ScoringSplit =
    challenge.scoring === "test" && revealedAt !== null && revealedAt <= at ? "test" : "train";
  const kicked = new Set<string>();
  for (const student of results.students) {
    if (student.kickedAt !== null && student.kickedAt <= at) kicked.add(student.studentId);
  }

  const best = new Map<string, { run: StandingsRun; loss: number; finishedAt: number }>();
  const descending: Descending[] = [];
  for (const run of results.runs) {
    if (kicked.has(run.studentId) || run.startedAt > at) continue;
    if (run.finishedAt === null || run.finishedAt > at) {
      descending.push({
        runId: run.runId,
        studentId: run.studentId,
        name: run.name,
        attempt: run.attempt,
        optimizer: run.config.optimizer,
        lr: run.config.lr,
        startedAt: run.startedAt,
        epochs: run.config.epochs,
        epochsReached: epochsReachedBy(run.batches, at),
      });
      continue;
    }
    const loss = split === "train" ? run.trainLoss : run.testLoss;
    if (run.status !== "verified" || loss === null || !Number.isFinite(loss)) continue;
    const scored = { run, loss, finishedAt: run.finishedAt };
    const current = best.get(run.studentId);
    if (current === undefined || compareScored(scored, current) < 0) best.set(run.studentId, scored);
  }

  const standings = [...best.values()].sort(compareScored).map(({ run, loss, finishedAt }, index): Standing => ({
    rank: index + 1,
    studentId: run.studentId,
    name: run.name,
    runId: run.runId,
    attempt: run.attempt,
    loss,
    optimizer: run.config.optimizer,
    lr: run.config.lr,
    batchSize: run.config.batchSize,
    finishedAt,
  }));
  descending.sort((a, b) => b.startedAt - a.startedAt || compareIds(a.runId, b.runId));
  return { at, split, standings, descending };
}

/**
 * The epochs stored by `at`: those of the last batch received by then. Batches arrive in order, and a batch without
 * an arrival time (stored before the server kept them) can only come before every timed one, so the count is
 * unknown (null) until the first timed batch arrived, when the run has an untimed batch.
 */
function epochsReachedBy(batches: StandingsRun["batches"], at: number): number | null {
  let reached = 0;
  let untimed = false;
  for (const batch of batches) {
    if (batch.at === null) untimed = true;
    else if (batch.at <= at) reached = Math.max(reached, batch.epochsStored);
  }
  return untimed && reached === 0 ? null : reached;
}

interface Scored {
  readonly run: StandingsRun;
  readonly loss: number;
  readonly finishedAt: number;
}

/** Lower loss first, then the earlier verification, then the smaller run id (the live board's order). */
function compareScored(a: Scored, b: Scored): number {
  return a.loss - b.loss || a.finishedAt - b.finishedAt || compareIds(a.run.runId, b.run.runId);
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
