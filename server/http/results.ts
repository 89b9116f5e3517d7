// One session's full results, read from the store: what the review page shows and the exports contain.
import {
  createProblem,
  describePrediction,
  predictionHeld,
  studentChallenge,
  studentProblemSpec,
  type BatchArrival,
  type SessionResults,
} from "@downhill/core";
import type { RoundRecord, RunRecord, SessionEventRecord, SessionRecord, Store } from "../store/Store.ts";
import { buildChart, buildLeaderboard, displayName, viewRunOf, type ViewRun, type ViewStudent } from "../live/views.ts";
import { HttpError } from "./respond.ts";

/**
 * One round of a session, by default the current one: its challenge, its runs, its boards and its events. Throws a
 * 404 HttpError for a round the session has not reached, or a past round whose stored record is missing.
 */
export async function loadResults(
  store: Store,
  session: SessionRecord,
  { viewer, round = session.round }: { viewer: "instructor" | "shared"; round?: number },
): Promise<SessionResults> {
  if (!Number.isInteger(round) || round < 1 || round > session.round) {
    const reached = session.round === 1 ? "has 1 round" : `has rounds 1 to ${session.round}`;
    throw new HttpError(404, "not_found", `this session ${reached}; there is no round ${round}`);
  }
  const [studentRecords, allRuns, chunks, allEvents, ended] = await Promise.all([
    store.listStudents(session.id),
    store.listRuns(session.id),
    store.listChunks(session.id),
    store.listEvents(session.id),
    store.listRounds(session.id),
  ]);
  const runRecords = allRuns.filter((run) => run.round === round);
  const events = eventsOfRound(allEvents, round);
  const shown = roundShown(session, round, ended, events);
  // The share link shows names as the session showed them; the instructor always sees real names.
  const anonymized = viewer === "shared" && session.anonymized;
  // Test losses and the test ranking leave the server only once the host has revealed them, for every viewer.
  const showTest = shown.revealed;
  const problem = createProblem({ dataset: shown.challenge.dataset, model: shown.challenge.model });
  // Before the reveal a share link, which may reach students, carries the training rows but never the recipe that
  // rebuilds the test rows; the instructor gets back the challenge they wrote.
  const challenge =
    viewer === "instructor" || shown.revealed
      ? shown.challenge
      : studentChallenge(shown.challenge, studentProblemSpec(problem));
  const students: ViewStudent[] = studentRecords
    .sort((a, b) => a.joinedAt - b.joinedAt)
    .map((student, index) => ({
      id: student.id,
      name: student.name,
      joinOrder: index + 1,
      kicked: student.kicked,
      connected: false,
    }));
  const studentsById = new Map(students.map((student) => [student.id, student]));
  const studentsJoinedAt = new Map(studentRecords.map((student) => [student.id, student.joinedAt]));
  const losses = new Map<string, (number | null)[]>();
  const batches = new Map<string, BatchArrival[]>();
  for (const chunk of chunks) {
    const curve = losses.get(chunk.runId) ?? [];
    curve.push(...chunk.losses);
    losses.set(chunk.runId, curve);
    const arrivals = batches.get(chunk.runId) ?? [];
    arrivals.push({ at: chunk.receivedAt, epochsStored: chunk.fromEpoch + chunk.losses.length });
    batches.set(chunk.runId, arrivals);
  }
  // Only checked losses leave the server: a verified or diverged run's curve was compared with the replay in full
  // when it finished; a rejected or unfinished run's stored losses were never compared in full, and are not shown.
  const checked = (run: RunRecord) =>
    run.status === "verified" || run.status === "diverged" ? (losses.get(run.id) ?? []) : [];
  const viewRuns: ViewRun[] = runRecords.map((run) => {
    const curve = checked(run);
    return viewRunOf(
      run,
      curve.map((loss) => loss ?? Number.NaN),
      curve.length,
      curve.length,
      // Diagnoses live in the live session's memory; the results' views use none.
      null,
    );
  });
  const board = (split: "train" | "test") =>
    buildLeaderboard(students, viewRuns, { split, final: true, anonymized, limit: students.length }).view.entries;
  const moments = momentsOf(events);
  const name = (studentId: string) => {
    const student = studentsById.get(studentId);
    return student ? displayName(student, anonymized) : "unknown";
  };
  return {
    session: {
      id: session.id,
      code: session.code,
      title: shown.challenge.title,
      status: shown.status,
      createdAt: session.createdAt,
      startedAt: shown.startedAt,
      endedAt: shown.endedAt,
      revealed: shown.revealed,
      round,
      rounds: session.round,
      revealedAt: moments.revealedAt,
      challenge,
      optimumLoss: problem.optimumLoss,
      shareToken: viewer === "instructor" ? session.shareToken : null,
    },
    students: students.map((student) => ({
      studentId: student.id,
      name: displayName(student, anonymized),
      kicked: student.kicked,
      joinedAt: studentsJoinedAt.get(student.id) ?? session.createdAt,
      kickedAt: moments.kickedAt.get(student.id) ?? null,
    })),
    runs: runRecords
      .sort((a, b) => a.startedAt - b.startedAt)
      .map((run) => ({
        runId: run.id,
        studentId: run.studentId,
        name: name(run.studentId),
        attempt: run.attempt,
        config: run.config,
        status: run.status,
        reason: run.reason,
        trainLoss: run.trainLoss,
        testLoss: showTest ? run.testLoss : null,
        trainAccuracy: run.trainAccuracy,
        testAccuracy: showTest ? run.testAccuracy : null,
        divergedAt: run.divergedAt,
        startedAt: run.startedAt,
        finishedAt: run.finishedAt,
        // How many epochs are stored, checked or not: the count the roster shows, and what a client was acknowledged.
        epochsStored: losses.get(run.id)?.length ?? 0,
        // When each batch arrived: how far the run had got at each moment, for the review's timeline.
        batches: batches.get(run.id) ?? [],
        losses: checked(run),
        // The server's test curve of a verified or diverged run, like its final test loss only after the reveal.
        testLosses: showTest ? run.testLosses : null,
        prediction: run.prediction,
        predictionHeld: run.prediction ? predictionHeld(run.prediction, run) : null,
      })),
    leaderboards: {
      train: board("train"),
      test: shown.challenge.scoring === "test" && showTest ? board("test") : null,
    },
    scatter: buildChart(students, viewRuns, { anonymized, epochs: shown.challenge.epochs }).scatter,
    // Joins and kicks carry the student's name: while names are hidden, the alias takes its place.
    events: events.map(({ at, kind, data }) => ({
      at,
      kind,
      data: anonymized && "name" in data ? { ...data, name: name(String(data.studentId)) } : data,
    })),
  };
}

/**
 * The events of one round: round 1's run up to the event that began round 2; each later round's from the event
 * that began it (`round` with `{ round }`) to the next one.
 */
function eventsOfRound(events: readonly SessionEventRecord[], round: number): SessionEventRecord[] {
  let current = 1;
  return events.filter((event) => {
    if (event.kind === "round" && typeof event.data["round"] === "number") current = event.data["round"];
    return current === round;
  });
}

/**
 * What the results show of the round: the session as it is for the current round, the stored round otherwise. A past
 * round without its stored record is a 404 naming it: its runs were played under a challenge the store no longer
 * holds, and showing them under the current round's would mislabel them.
 */
function roundShown(
  session: SessionRecord,
  round: number,
  ended: readonly RoundRecord[],
  events: readonly SessionEventRecord[],
): Pick<SessionRecord, "challenge" | "status" | "startedAt" | "endedAt" | "revealed"> {
  if (round === session.round) return session;
  const past = ended.find((stored) => stored.round === round);
  if (!past) {
    throw new HttpError(
      404,
      "not_found",
      `round ${round} of this session has no stored record (its challenge is missing from the database), so its results cannot be shown`,
    );
  }
  // An earlier round has ended; it was revealed when its events say so (a new round starts unrevealed).
  const revealed = events.some((event) => event.kind === "revealed");
  return { challenge: past.challenge, status: "ended", startedAt: past.startedAt, endedAt: past.endedAt, revealed };
}

/**
 * The times the review's timeline needs that no record holds, read from the session's stored events (written in
 * the same transaction as the change they record): each kick's, and the reveal's.
 */
function momentsOf(events: readonly SessionEventRecord[]): {
  kickedAt: Map<string, number>;
  revealedAt: number | null;
} {
  const kickedAt = new Map<string, number>();
  let revealedAt: number | null = null;
  for (const { at, kind, data } of events) {
    const { studentId } = data;
    if (kind === "kicked" && typeof studentId === "string" && !kickedAt.has(studentId)) kickedAt.set(studentId, at);
    if (kind === "revealed" && revealedAt === null) revealedAt = at;
  }
  return { kickedAt, revealedAt };
}

/**
 * A text cell a spreadsheet would read as a formula (OWASP's CSV injection: it begins with =, +, -, @, a tab or a
 * carriage return) gets a leading apostrophe, so it shows as the text it is. Numbers are written as numbers, so a
 * negative loss stays a number.
 */
function neutralizeFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** Quotes a CSV field when it holds a comma, a quote or a line break (RFC 4180). */
function csvField(value: string | number | boolean | null): string {
  const text = value === null ? "" : typeof value === "string" ? neutralizeFormula(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

type CsvValue = string | number | boolean | null;

function csv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
}

const iso = (time: number | null) => (time === null ? null : new Date(time).toISOString());

/** One row per run: who, how it was configured, how it ended. */
export function resultsToCsv(results: SessionResults): string {
  return csv(
    [
      "run_id",
      "student",
      "attempt",
      "optimizer",
      "learning_rate",
      "batch_size",
      "epochs",
      "momentum",
      "nesterov",
      "schedule",
      "seed",
      "init",
      "status",
      "train_loss",
      "test_loss",
      "train_accuracy",
      "test_accuracy",
      "diverged_at_epoch",
      "reason",
      "started_at",
      "finished_at",
      "prediction",
      "prediction_held",
    ],
    results.runs.map((run) => [
      run.runId,
      run.name,
      run.attempt,
      run.config.optimizer,
      run.config.lr,
      run.config.batchSize,
      run.config.epochs,
      run.config.momentum,
      run.config.nesterov,
      run.config.schedule.kind,
      run.config.seed,
      run.config.init,
      run.status,
      run.trainLoss,
      run.testLoss,
      run.trainAccuracy,
      run.testAccuracy,
      run.divergedAt,
      run.reason,
      iso(run.startedAt),
      iso(run.finishedAt),
      run.prediction ? describePrediction(run.prediction) : null,
      run.predictionHeld,
    ]),
  );
}

/**
 * Every checked loss, one row per run and epoch: the training loss, and beside it the server's test loss at that
 * epoch (empty before the reveal, without a test split, or for a run stored before test curves were recorded).
 */
export function curvesToCsv(results: SessionResults): string {
  const rows: CsvValue[][] = [];
  for (const run of results.runs) {
    run.losses.forEach((loss, epoch) => rows.push([run.runId, run.name, epoch, loss, run.testLosses?.[epoch] ?? null]));
  }
  return csv(["run_id", "student", "epoch", "train_loss", "test_loss"], rows);
}
