// The views a live session broadcasts (leaderboard, class chart, host roster, counts), computed from plain data.
// Pure and deterministic: the session calls them on every coalesced broadcast (a few times a second).
import {
  DIAGNOSIS_VERDICTS,
  OPTIMIZER_NAMES,
  type ChartRun,
  type ChartView,
  type DiagnosisVerdict,
  type DivergedChartRun,
  type LeaderboardEntry,
  type LeaderboardView,
  type OptimizerName,
  type ProblemRun,
  type RosterStudent,
  type RosterView,
  type RunStatus,
  type ScatterPoint,
  type ScoringSplit,
  type SessionCounts,
} from "@downhill/core";
import { logLttb } from "@downhill/core";
import type { RunRecord } from "../store/Store.ts";

export interface ViewStudent {
  readonly id: string;
  readonly name: string;
  /** 1 for the first student to join, then 2, 3, ... */
  readonly joinOrder: number;
  readonly kicked: boolean;
  readonly connected: boolean;
}

export interface ViewRun {
  readonly id: string;
  readonly studentId: string;
  readonly attempt: number;
  readonly optimizer: OptimizerName;
  readonly lr: number;
  readonly batchSize: number | "full";
  readonly status: RunStatus;
  readonly reason: string | null;
  readonly trainLoss: number | null;
  readonly testLoss: number | null;
  readonly trainAccuracy: number | null;
  readonly testAccuracy: number | null;
  readonly divergedAt: number | null;
  readonly startedAt: number;
  readonly finishedAt: number | null;
  /** losses[i] = training loss at the start of epoch i so far; NaN for non-finite. */
  readonly losses: ArrayLike<number>;
  /** How many leading entries of `losses` are stored. */
  readonly epochsStored: number;
  /**
   * How many leading stored losses the server has checked against its replay of the run. Curves and bands draw
   * only these: no loss a client merely claimed reaches a chart.
   */
  readonly verifiedEpochs: number;
  /** The verdict of the server's diagnosis of a verified or diverged run; null before it has one. */
  readonly verdict: DiagnosisVerdict | null;
}

/**
 * A stored run as the views read it: the record's fields, its configuration's knobs, its losses so far, how
 * many of them are checked against the replay, and its diagnosis's verdict.
 */
export function viewRunOf(
  record: RunRecord,
  losses: ArrayLike<number>,
  epochsStored: number,
  verifiedEpochs: number,
  verdict: DiagnosisVerdict | null,
): ViewRun {
  return {
    id: record.id,
    studentId: record.studentId,
    attempt: record.attempt,
    optimizer: record.config.optimizer,
    lr: record.config.lr,
    batchSize: record.config.batchSize,
    status: record.status,
    reason: record.reason,
    trainLoss: record.trainLoss,
    testLoss: record.testLoss,
    trainAccuracy: record.trainAccuracy,
    testAccuracy: record.testAccuracy,
    divergedAt: record.divergedAt,
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
    losses,
    epochsStored,
    verifiedEpochs,
    verdict,
  };
}

export interface LeaderboardOptions {
  readonly split: ScoringSplit;
  readonly final: boolean;
  readonly anonymized: boolean;
  /** How many of the top entries the view carries. */
  readonly limit: number;
}

export interface Leaderboard {
  readonly view: LeaderboardView;
  /** Every ranked student's rank and loss, so each can be sent their own. */
  readonly ranks: Map<string, { readonly rank: number; readonly loss: number }>;
}

/**
 * The class chart's size: whole curves for the leading runs and percentile bands for everyone. Forty points per
 * curve keep a loss curve's shape on a projector while halving what the dashboard's SVG redraws per update.
 */
export const CHART_MAX_RUNS = 12;
export const CHART_POINTS_PER_RUN = 40;
export const CHART_BAND_POINTS = 40;
/** Diverged runs drawn on the class chart: enough to show the lesson, few enough not to hide the class. */
export const CHART_MAX_DIVERGED = 6;

export interface ChartOptions {
  readonly anonymized: boolean;
  /** The challenge's epoch budget. */
  readonly epochs: number;
  /** How many runs carry whole curves (default CHART_MAX_RUNS). */
  readonly maxRuns?: number;
  /** Points per whole curve after downsampling (default CHART_POINTS_PER_RUN). */
  readonly pointsPerRun?: number;
  /** Epochs at which the percentile bands are taken (default CHART_BAND_POINTS). */
  readonly bandPoints?: number;
  /** How many diverged runs carry their curves (default CHART_MAX_DIVERGED). */
  readonly maxDiverged?: number;
}

/** The name everyone sees: the nickname, or `Student <joinOrder>` while names are anonymized. */
export function displayName(student: ViewStudent, anonymized: boolean): string {
  return anonymized ? `Student ${student.joinOrder}` : student.name;
}

/**
 * Ranks each non-kicked student by their best verified run's loss on `split` (lower is better). Ties go to the
 * run finished earlier, then to the smaller run id; ranks are 1..n, one per student. The view carries the top
 * `limit` entries and `total` = n; `ranks` holds every ranked student.
 */
export function buildLeaderboard(
  students: Iterable<ViewStudent>,
  runs: Iterable<ViewRun>,
  options: LeaderboardOptions,
): Leaderboard {
  const active = activeStudents(students);
  const lossOf = (run: ViewRun): number | null => (options.split === "train" ? run.trainLoss : run.testLoss);
  const best = new Map<string, { run: ViewRun; loss: number }>();
  for (const run of runs) {
    if (run.status !== "verified" || !active.has(run.studentId)) continue;
    const loss = lossOf(run);
    if (loss === null || !Number.isFinite(loss)) continue;
    const current = best.get(run.studentId);
    if (current === undefined || compareScored(run, loss, current.run, current.loss) < 0) {
      best.set(run.studentId, { run, loss });
    }
  }

  const ranked = [...best.values()].sort((a, b) => compareScored(a.run, a.loss, b.run, b.loss));
  const ranks = new Map<string, { rank: number; loss: number }>();
  const entries: LeaderboardEntry[] = [];
  ranked.forEach(({ run, loss }, index) => {
    const rank = index + 1;
    ranks.set(run.studentId, { rank, loss });
    if (entries.length < options.limit) {
      entries.push({
        rank,
        studentId: run.studentId,
        name: displayName(active.get(run.studentId)!, options.anonymized),
        runId: run.id,
        loss,
        accuracy: options.split === "train" ? run.trainAccuracy : run.testAccuracy,
        optimizer: run.optimizer,
        lr: run.lr,
        batchSize: run.batchSize,
        finishedAt: run.finishedAt ?? run.startedAt,
      });
    }
  });
  return { view: { split: options.split, final: options.final, total: ranked.length, entries }, ranks };
}

/**
 * The class overlay. Only losses checked against the server's replay are drawn (`verifiedEpochs`). `runs`: whole
 * curves, downsampled on a log scale, for each non-kicked student's best verified run (by training loss, best
 * first), then the most recently started running runs with a checked epoch, up to `maxRuns`.
 * `bands`: at up to `bandPoints` integer epochs spread evenly over 0..epochs-1, the 10th, 50th and 90th
 * percentiles (linear interpolation between order statistics) of the training loss of every non-kicked,
 * non-rejected run that has a checked, finite loss at that epoch. `scatter`: learning rate against final training loss
 * for every finished (verified or diverged) run. `optimizerMix`: how many runs use each optimizer. `diverged`: the
 * newest diverged run of each non-kicked student, newest first, up to `maxDiverged`, each with its curve up to the
 * epoch where it exploded (all of it checked: a run is closed as diverged only after its whole curve matched).
 */
export function buildChart(students: Iterable<ViewStudent>, runs: Iterable<ViewRun>, options: ChartOptions): ChartView {
  const {
    anonymized,
    epochs,
    maxRuns = CHART_MAX_RUNS,
    pointsPerRun = CHART_POINTS_PER_RUN,
    bandPoints = CHART_BAND_POINTS,
    maxDiverged = CHART_MAX_DIVERGED,
  } = options;
  const active = activeStudents(students);
  const visible: ViewRun[] = [];
  for (const run of runs) if (active.has(run.studentId)) visible.push(run);

  // Leading runs: one best verified run per student, then the newest running runs.
  const bestVerified = new Map<string, ViewRun>();
  const running: ViewRun[] = [];
  for (const run of visible) {
    if (run.status === "running" && checkedLength(run) > 0) running.push(run);
    if (run.status !== "verified" || run.trainLoss === null || !Number.isFinite(run.trainLoss)) continue;
    const current = bestVerified.get(run.studentId);
    if (current === undefined || compareScored(run, run.trainLoss, current, current.trainLoss!) < 0) {
      bestVerified.set(run.studentId, run);
    }
  }
  const leading = [...bestVerified.values()]
    .sort((a, b) => compareScored(a, a.trainLoss!, b, b.trainLoss!))
    .slice(0, maxRuns);
  if (leading.length < maxRuns) {
    running.sort((a, b) => b.startedAt - a.startedAt || compareIds(a.id, b.id));
    leading.push(...running.slice(0, maxRuns - leading.length));
  }
  const chartRuns = leading.map((run) => chartRun(run, active.get(run.studentId)!, anonymized, pointsPerRun));

  const scatter: ScatterPoint[] = visible
    .filter((run) => run.status === "verified" || run.status === "diverged")
    .sort((a, b) => (a.finishedAt ?? a.startedAt) - (b.finishedAt ?? b.startedAt) || compareIds(a.id, b.id))
    .map((run) => ({
      runId: run.id,
      lr: run.lr,
      loss:
        run.status === "verified" && run.trainLoss !== null && Number.isFinite(run.trainLoss) ? run.trainLoss : null,
      optimizer: run.optimizer,
      status: run.status,
    }));

  const optimizerMix = Object.fromEntries(OPTIMIZER_NAMES.map((name) => [name, 0])) as Record<OptimizerName, number>;
  for (const run of visible) optimizerMix[run.optimizer]++;

  const newestDiverged = new Map<string, ViewRun>();
  for (const run of visible) {
    if (run.status !== "diverged" || checkedLength(run) === 0) continue;
    const current = newestDiverged.get(run.studentId);
    if (current === undefined || compareNewest(run, current) < 0) newestDiverged.set(run.studentId, run);
  }
  const diverged: DivergedChartRun[] = [...newestDiverged.values()]
    .sort(compareNewest)
    .slice(0, maxDiverged)
    .map((run) => ({
      ...chartRun(run, active.get(run.studentId)!, anonymized, pointsPerRun),
      status: "diverged",
      divergedAt: run.divergedAt ?? checkedLength(run) - 1,
    }));

  const banded = visible.filter((run) => run.status !== "rejected");
  return {
    runs: chartRuns,
    diverged,
    bands: percentileBands(banded, bandEpochs(epochs, bandPoints)),
    scatter,
    optimizerMix,
  };
}

/**
 * The host's roster: every student in join order with the status of their latest run (by attempt; idle before
 * the first) and its stored epochs, their run count and best verified training loss; every diverged or rejected run,
 * newest first, with the reason it went wrong; and the class grouped by diagnosis: per verdict, how many non-kicked
 * students' latest diagnosed run got it.
 */
export function buildRoster(students: Iterable<ViewStudent>, runs: Iterable<ViewRun>, anonymized: boolean): RosterView {
  const byId = new Map<string, ViewStudent>();
  for (const student of students) byId.set(student.id, student);
  const perStudent = new Map<string, { latest: ViewRun; runs: number; bestLoss: number | null }>();
  const latestDiagnosed = new Map<string, ViewRun>();
  const problemRuns: ProblemViewRun[] = [];
  for (const run of runs) {
    if (!byId.has(run.studentId)) continue;
    if (isProblem(run)) problemRuns.push(run);
    if (run.verdict !== null) {
      const diagnosed = latestDiagnosed.get(run.studentId);
      if (diagnosed === undefined || run.attempt > diagnosed.attempt) latestDiagnosed.set(run.studentId, run);
    }
    const verifiedLoss =
      run.status === "verified" && run.trainLoss !== null && Number.isFinite(run.trainLoss) ? run.trainLoss : null;
    const entry = perStudent.get(run.studentId);
    if (entry === undefined) {
      perStudent.set(run.studentId, { latest: run, runs: 1, bestLoss: verifiedLoss });
      continue;
    }
    entry.runs++;
    if (
      run.attempt > entry.latest.attempt ||
      (run.attempt === entry.latest.attempt && run.startedAt > entry.latest.startedAt)
    ) {
      entry.latest = run;
    }
    if (verifiedLoss !== null && (entry.bestLoss === null || verifiedLoss < entry.bestLoss))
      entry.bestLoss = verifiedLoss;
  }

  const rosterStudents: RosterStudent[] = [...byId.values()]
    .sort((a, b) => a.joinOrder - b.joinOrder || compareIds(a.id, b.id))
    .map((student) => {
      const entry = perStudent.get(student.id);
      return {
        studentId: student.id,
        name: displayName(student, anonymized),
        status: entry?.latest.status ?? "idle",
        connected: student.connected,
        kicked: student.kicked,
        runs: entry?.runs ?? 0,
        bestLoss: entry?.bestLoss ?? null,
        epochs: entry?.latest.epochsStored ?? 0,
      };
    });

  const problems: ProblemRun[] = problemRuns
    .sort((a, b) => (b.finishedAt ?? b.startedAt) - (a.finishedAt ?? a.startedAt) || compareIds(b.id, a.id))
    .map((run) => ({
      runId: run.id,
      studentId: run.studentId,
      name: displayName(byId.get(run.studentId)!, anonymized),
      status: run.status,
      reason: problemReason(run),
      optimizer: run.optimizer,
      lr: run.lr,
      divergedAt: run.divergedAt,
    }));

  const diagnoses = Object.fromEntries(DIAGNOSIS_VERDICTS.map((verdict) => [verdict, 0])) as Record<
    DiagnosisVerdict,
    number
  >;
  for (const [studentId, run] of latestDiagnosed) if (!byId.get(studentId)!.kicked) diagnoses[run.verdict!]++;
  return { students: rosterStudents, problems, diagnoses };
}

/** Head counts: students who are not kicked (and how many of them are connected), and runs by status. */
export function countSessions(students: Iterable<ViewStudent>, runs: Iterable<ViewRun>): SessionCounts {
  let studentCount = 0;
  let connected = 0;
  for (const student of students) {
    if (student.kicked) continue;
    studentCount++;
    if (student.connected) connected++;
  }
  const byStatus: Record<RunStatus, number> = { running: 0, verified: 0, diverged: 0, rejected: 0, unfinished: 0 };
  for (const run of runs) byStatus[run.status]++;
  return { students: studentCount, connected, ...byStatus };
}

/**
 * The integer epochs at which bands are taken: `points` values spread evenly over 0..epochs-1, rounded and
 * deduplicated (so at most `epochs` of them).
 */
export function bandEpochs(epochs: number, points: number): number[] {
  if (epochs <= 0 || points <= 0) return [];
  if (points === 1 || epochs === 1) return [0];
  const out: number[] = [];
  for (let k = 0; k < points; k++) {
    const epoch = Math.round((k * (epochs - 1)) / (points - 1));
    if (epoch !== out.at(-1)) out.push(epoch);
  }
  return out;
}

/**
 * The q-th quantile (0 <= q <= 1) of the ascending values sorted[0..n-1], interpolating linearly between order
 * statistics: with h = (n - 1) q, sorted[floor h] + (h - floor h) (sorted[floor h + 1] - sorted[floor h]).
 */
export function quantileSorted(sorted: ArrayLike<number>, n: number, q: number): number {
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const below = sorted[lo]!;
  return lo + 1 < n ? below + (h - lo) * (sorted[lo + 1]! - below) : below;
}

function percentileBands(runs: readonly ViewRun[], epochs: readonly number[]): ChartView["bands"] {
  const scratch = new Float64Array(runs.length);
  const out = { epochs: [] as number[], p10: [] as number[], p50: [] as number[], p90: [] as number[] };
  for (const epoch of epochs) {
    let n = 0;
    for (const run of runs) {
      if (epoch >= checkedLength(run)) continue;
      const loss = run.losses[epoch]!;
      if (Number.isFinite(loss)) scratch[n++] = loss;
    }
    if (n === 0) continue;
    const sorted = scratch.subarray(0, n).sort();
    out.epochs.push(epoch);
    out.p10.push(quantileSorted(sorted, n, 0.1));
    out.p50.push(quantileSorted(sorted, n, 0.5));
    out.p90.push(quantileSorted(sorted, n, 0.9));
  }
  return out;
}

function chartRun(run: ViewRun, student: ViewStudent, anonymized: boolean, points: number): ChartRun {
  const length = checkedLength(run);
  const epochs = new Float64Array(length);
  for (let i = 0; i < length; i++) epochs[i] = i;
  let losses = run.losses;
  if (losses.length !== length) {
    const stored = new Float64Array(length);
    for (let i = 0; i < length; i++) stored[i] = run.losses[i]!;
    losses = stored;
  }
  const curve = logLttb(epochs, losses, Math.max(3, points));
  return {
    runId: run.id,
    studentId: run.studentId,
    name: displayName(student, anonymized),
    optimizer: run.optimizer,
    lr: run.lr,
    status: run.status,
    epochs: curve.xs,
    losses: curve.ys,
  };
}

type ProblemViewRun = ViewRun & { readonly status: "diverged" | "rejected" };

function isProblem(run: ViewRun): run is ProblemViewRun {
  return run.status === "diverged" || run.status === "rejected";
}

function problemReason(run: ViewRun): string {
  if (run.reason !== null) return run.reason;
  if (run.status === "rejected") return "rejected by the server's verification";
  return run.divergedAt === null ? "loss exploded" : `loss exploded at epoch ${run.divergedAt}`;
}

/** The leading losses that are both stored and checked against the replay: the only ones drawn. */
function checkedLength(run: ViewRun): number {
  if (run.status === "rejected") return 0;
  return Math.max(0, Math.min(run.verifiedEpochs, run.epochsStored, run.losses.length));
}

function activeStudents(students: Iterable<ViewStudent>): Map<string, ViewStudent> {
  const active = new Map<string, ViewStudent>();
  for (const student of students) if (!student.kicked) active.set(student.id, student);
  return active;
}

/** Lower loss first, then the earlier finish, then the smaller run id. */
function compareScored(a: ViewRun, aLoss: number, b: ViewRun, bLoss: number): number {
  return (
    aLoss - bLoss ||
    (a.finishedAt ?? Number.POSITIVE_INFINITY) - (b.finishedAt ?? Number.POSITIVE_INFINITY) ||
    compareIds(a.id, b.id)
  );
}

/** The run finished last first, then the larger run id. */
function compareNewest(a: ViewRun, b: ViewRun): number {
  return (b.finishedAt ?? b.startedAt) - (a.finishedAt ?? a.startedAt) || compareIds(b.id, a.id);
}

/** Code-unit order, independent of locale. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
