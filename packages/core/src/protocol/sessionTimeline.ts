// What happened in a past session, in wall-clock order: the host's and students' stored events, and each run's start
// and close. The review page lists these up to the moment its timeline shows.
import type { OptimizerName } from "../optimizers/Optimizer.ts";
import type { ResultRun, SessionResults } from "./results.ts";
import { standingsAt, type StandingsInput, type StandingsRun } from "./standingsAt.ts";
import type { RunStatus } from "./views.ts";

/** A stored session event ("joined", "started", "paused", "kicked", "ended", ...) with the fields its kind carries. */
export interface EventHappening {
  readonly kind: "event";
  readonly at: number;
  readonly event: string;
  /** The student's name as the results show it (an alias while names are hidden), for joins and kicks. */
  readonly name: string | null;
  /** How many seconds an "extended" event added. */
  readonly seconds: number | null;
  /** Whether an "anonymized" event hid names (true) or showed them again. */
  readonly on: boolean | null;
  /** Why an "ended" event ended the round ("ended by the host", "time is up", ...). */
  readonly why: string | null;
}

export interface RunStartHappening {
  readonly kind: "run-started";
  readonly at: number;
  readonly runId: string;
  readonly studentId: string;
  readonly name: string;
  readonly attempt: number;
  readonly optimizer: OptimizerName;
  readonly lr: number;
  readonly batchSize: number | "full";
}

export interface RunCloseHappening {
  readonly kind: "run-closed";
  readonly at: number;
  readonly runId: string;
  readonly studentId: string;
  readonly name: string;
  readonly attempt: number;
  readonly status: Exclude<RunStatus, "running">;
  /** The verified score on the board's split at that moment; null unless verified. */
  readonly loss: number | null;
  readonly reason: string | null;
  readonly divergedAt: number | null;
  /** The student's rank right after, when this run became their place on the board; null otherwise. */
  readonly rank: number | null;
}

export type Happening = EventHappening | RunCloseHappening | RunStartHappening;

/** What `sessionTimeline` and `sessionSpan` read of a session's results; `SessionResults` has it all. */
export interface TimelineInput extends StandingsInput {
  readonly session: StandingsInput["session"] & Pick<SessionResults["session"], "createdAt" | "endedAt">;
  readonly runs: readonly (StandingsRun & Pick<ResultRun, "reason" | "divergedAt">)[];
  readonly events: SessionResults["events"];
}

/** The span a timeline covers: from the session's creation to the last thing that happened in it (epoch ms). */
export function sessionSpan(results: TimelineInput): { readonly from: number; readonly to: number } {
  const { createdAt, endedAt } = results.session;
  let to = Math.max(createdAt, endedAt ?? createdAt);
  for (const event of results.events) to = Math.max(to, event.at);
  for (const run of results.runs) to = Math.max(to, run.startedAt, run.finishedAt ?? run.startedAt);
  return { from: createdAt, to };
}

/**
 * Every happening of the session, oldest first: its stored events, each run's start and, once it closed, how it
 * closed. At the same millisecond the events come first, then starts, then closes, each in stored order.
 */
export function sessionTimeline(results: TimelineInput): Happening[] {
  const happenings: Happening[] = results.events.map(({ at, kind, data }) => ({
    kind: "event",
    at,
    event: kind,
    name: typeof data["name"] === "string" ? data["name"] : null,
    seconds: typeof data["seconds"] === "number" ? data["seconds"] : null,
    on: typeof data["on"] === "boolean" ? data["on"] : null,
    why: typeof data["why"] === "string" ? data["why"] : null,
  }));
  for (const run of results.runs) {
    happenings.push({
      kind: "run-started",
      at: run.startedAt,
      runId: run.runId,
      studentId: run.studentId,
      name: run.name,
      attempt: run.attempt,
      optimizer: run.config.optimizer,
      lr: run.config.lr,
      batchSize: run.config.batchSize,
    });
  }
  for (const run of results.runs) {
    if (run.status === "running" || run.finishedAt === null) continue;
    const board = run.status === "verified" ? standingsAt(results, run.finishedAt) : null;
    const standing = board?.standings.find((entry) => entry.runId === run.runId) ?? null;
    happenings.push({
      kind: "run-closed",
      at: run.finishedAt,
      runId: run.runId,
      studentId: run.studentId,
      name: run.name,
      attempt: run.attempt,
      status: run.status,
      loss: board === null ? null : board.split === "train" ? run.trainLoss : run.testLoss,
      reason: run.reason,
      divergedAt: run.divergedAt,
      rank: standing?.rank ?? null,
    });
  }
  const order = { event: 0, "run-started": 1, "run-closed": 2 } as const;
  // Array.prototype.sort is stable: equal keys keep the order they were pushed in.
  return happenings.sort((a, b) => a.at - b.at || order[a.kind] - order[b.kind]);
}
