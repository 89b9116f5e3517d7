// One classroom session in memory: its lifecycle (lobby -> running <-> paused -> ended), its students and their
// runs. The store is the truth: every change is committed first and mirrored in memory after, inside a queue,
// so what a client is told has been acknowledged is always durable.
import {
  checkLosses,
  checkRunAgainstChallenge,
  compareWithReplay,
  curveCanBeComplete,
  diagnoseReplay,
  evaluateAccuracy,
  evaluateLoss,
  nameSkeleton,
  referenceConfigs,
  referenceCurve,
  referenceRunOf,
  type Diagnosis,
  type HostCommand,
  type OwnRunView,
  type Problem,
  type ProgressAcked,
  type ReferencesView,
  type Replay,
  type RunConfig,
  type RunPrediction,
  type RunFinished,
  type RunProgressPayload,
  type SessionStatus,
  type StudentChallenge,
} from "@downhill/core";
import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import type {
  ChunkRecord,
  Fence,
  Fenced,
  RunRecord,
  RoundRecord,
  RunResult,
  SessionPatch,
  SessionRecord,
  Store,
  StudentJoin,
  StudentRecord,
} from "../store/Store.ts";
import { NameTakenError, RunIdTakenError, StaleFenceError } from "../store/Store.ts";
import { hashToken, newToken } from "../tokens.ts";
import type { GroupCommit } from "./GroupCommit.ts";
import type { Replayer } from "./ReplayPool.ts";
import { playableChallenge, type PlayableChallenge } from "./playableChallenge.ts";
import { roundRules, type RoundRules } from "./roundRules.ts";
import { SerialQueue } from "./SerialQueue.ts";
import { SessionError } from "./SessionError.ts";

export { SessionError };

export interface LiveStudent {
  record: StudentRecord;
  /** 1-based order of joining, for anonymized aliases ("Student 3"). */
  readonly joinOrder: number;
  /** Sockets currently attached as this student. */
  sockets: number;
}

export interface LiveRun {
  record: RunRecord;
  /** The rules of the round the run started in. */
  readonly rules: RoundRules;
  nextSeq: number;
  epochsStored: number;
  /** The stored losses so far; NaN stands for a non-finite loss. */
  readonly losses: number[];
  /**
   * How many leading stored losses the server has checked against its own replay: the only ones a chart draws.
   * All of a verified or diverged run's; none of a rejected one's.
   */
  verifiedEpochs: number;
  /** The server's replay of a running run, started with it and dropped when it closes. */
  replay: Promise<Replay> | null;
  /** That replay once it has arrived. */
  replayed: Replay | null;
  /**
   * What happened and what to try next, read from the replay when a run is verified or diverges. Kept in memory
   * only: a session loaded after a restart replays its finished runs again to read it.
   */
  diagnosis: Diagnosis | null;
  readonly queue: SerialQueue;
}

/**
 * The test curve is for the review page, which reads it from the store: no live view uses it, so a session's memory
 * keeps none (a class of thousands would otherwise hold a second curve per run for nothing).
 */
function withoutTestCurve(record: RunRecord): RunRecord {
  return record.testLosses === null ? record : { ...record, testLosses: null };
}

/** A run as it is before any batch (or as loaded from the store): its record without the test curve. */
function newLiveRun(record: RunRecord, rules: RoundRules): LiveRun {
  return {
    record: withoutTestCurve(record),
    rules,
    nextSeq: 0,
    epochsStored: 0,
    losses: [],
    verifiedEpochs: 0,
    replay: null,
    replayed: null,
    diagnosis: null,
    queue: new SerialQueue(),
  };
}

export interface LiveSessionDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly chunks: GroupCommit<Fenced<ChunkRecord>>;
  readonly joins: GroupCommit<Fenced<StudentJoin>>;
  readonly logger: Logger;
  /** Replays a run with the shared engine, off the event loop. */
  readonly replay: Replayer;
  /** Called after a student is kicked, so the transport can tell and disconnect their sockets. */
  readonly onKicked: (session: LiveSession, studentId: string) => void;
  /**
   * Called when a write was refused because another owner has claimed the session since (its fence is stale):
   * this process must forget the session. The request is answered `unavailable`, and its client tries again.
   */
  readonly onStale: (session: LiveSession) => void;
  /** Called once the round has ended, so the session's memory can be freed after a grace period. */
  readonly onEnded: (session: LiveSession) => void;
}

/**
 * The most time a round may have left: the longest time limit a challenge may set (4 h). Also keeps every timer
 * far below Node's 32-bit limit (about 24.8 days), past which a timeout fires at once.
 */
export const MAX_REMAINING_MS = 4 * 3600 * 1000;
/**
 * The most rounds one session may have: each stores its challenge, and the results read every round's, so a
 * host looping end and newRound must not grow a session without end. A class wanting more starts a new session.
 */
export const MAX_ROUNDS = 20;

/** Which views changed since the last broadcast. */
export interface DirtyFlags {
  /** The lifecycle changed (status, timer, lock, names, reveal): everyone must know at once. */
  state: boolean;
  /** Only the head counts changed (joins, connections, runs): the host at once, students at their own pace. */
  counts: boolean;
  leaderboard: boolean;
  chart: boolean;
  roster: boolean;
}

const ALL_DIRTY: DirtyFlags = { state: true, counts: true, leaderboard: true, chart: true, roster: true };

export class LiveSession {
  /** The current round's rules. */
  private rules: RoundRules;
  readonly students = new Map<string, LiveStudent>();
  /** The current round's runs: those of earlier rounds stay in the store, for the review. */
  readonly runs = new Map<string, LiveRun>();
  readonly dirty: DirtyFlags = { ...ALL_DIRTY };
  // Indexes, so that a join or a rejoin costs the same in a class of 5 or of 5,000.
  private readonly byTokenHash = new Map<string, LiveStudent>();
  private readonly takenNames = new Set<string>();
  private readonly runsByStudent = new Map<string, LiveRun[]>();
  private readonly queue = new SerialQueue();
  private endTimer: unknown = null;
  /** The reference runs, replayed once on first need; dropped after a failure so the next join tries again. */
  private referencesView: Promise<ReferencesView> | null = null;

  private constructor(
    private current: SessionRecord,
    private readonly deps: LiveSessionDeps,
    /** The fencing token every write of this session carries. */
    private fence: Fence,
    rules?: RoundRules,
  ) {
    this.rules = rules ?? roundRules(current.round, current.challenge);
  }

  /** The current round's problem, test split included: the server's alone. */
  get problem(): Problem {
    return this.rules.problem;
  }

  /** The current round's challenge as students receive it. */
  get studentChallenge(): StudentChallenge {
    return this.rules.studentChallenge;
  }

  get edgeOfStability(): number | null {
    return this.rules.edgeOfStability;
  }

  /**
   * Rebuilds a session from the store, with every student, run and stored loss, and restarts its timer. It first
   * claims the session with `token` (see Store.claimSession; a StaleFenceError when a newer owner has), then reads
   * it: every write of an earlier owner is either read here or refused.
   */
  static async load(found: SessionRecord, deps: LiveSessionDeps, token?: number): Promise<LiveSession> {
    const fence = { sessionId: found.id, token: await deps.store.claimSession(found.id, token) };
    const record = (await deps.store.getSession(found.id)) ?? found;
    const session = new LiveSession(record, deps, fence);
    const [students, runs, chunks] = await Promise.all([
      deps.store.listStudents(record.id),
      deps.store.listRuns(record.id),
      deps.store.listChunks(record.id),
    ]);
    students
      .sort((a, b) => a.joinedAt - b.joinedAt)
      .forEach((student, index) => session.addStudent({ record: student, joinOrder: index + 1, sockets: 0 }));
    const thisRound = runs.filter((run) => run.round === record.round);
    for (const run of thisRound.sort((a, b) => a.attempt - b.attempt)) session.addRun(newLiveRun(run, session.rules));
    for (const chunk of chunks) {
      const run = session.runs.get(chunk.runId);
      if (run) session.mirrorChunk(run, chunk);
    }
    for (const run of session.runs.values()) {
      // A verified or diverged run was compared in full when it finished; a running one is checked again from
      // its first epoch against a new replay.
      if (run.record.status === "verified" || run.record.status === "diverged") {
        run.verifiedEpochs = run.epochsStored;
        session.rediagnose(run);
      }
      if (run.record.status === "running") void session.startReplay(run);
    }
    session.scheduleEnd();
    return session;
  }

  /**
   * A new session, stored with its "created" event; `rules` are its challenge's, built already, and
   * `challengeJson` its challenge as stored (both made off the event loop).
   */
  static async create(
    record: SessionRecord,
    deps: LiveSessionDeps,
    rules: RoundRules,
    challengeJson: string,
  ): Promise<LiveSession> {
    const session = new LiveSession(record, deps, { sessionId: record.id, token: 0 }, rules);
    await deps.store.createSession(record, session.event("created", { code: record.code }), challengeJson);
    return session;
  }

  get record(): SessionRecord {
    return this.current;
  }

  /** Claims this new session with `token` (a cluster server, once it holds the session's lease). */
  async claim(token: number): Promise<void> {
    this.fence = { sessionId: this.id, token: await this.deps.store.claimSession(this.id, token) };
  }

  /**
   * Runs a store write; a write refused for a stale fence makes this process forget the session, and answers
   * `unavailable` (the session's new owner answers the client's next try).
   */
  private async write<T>(work: (fence: Fence) => Promise<T>): Promise<T> {
    try {
      return await work(this.fence);
    } catch (error) {
      if (!(error instanceof StaleFenceError)) throw error;
      this.deps.logger.warn("a write was refused: another server has claimed the session", {
        sessionId: this.id,
        fence: error.token,
        current: error.current,
      });
      this.deps.onStale(this);
      throw new SessionError("unavailable", "the session has moved to another server; try again");
    }
  }

  get id(): string {
    return this.current.id;
  }

  get status(): SessionStatus {
    return this.current.status;
  }

  /** Time left in the round: counts down while running, frozen otherwise. */
  remainingMs(): number {
    if (this.current.status === "running" && this.current.endsAt !== null) {
      return Math.max(0, this.current.endsAt - this.deps.clock.now());
    }
    return this.current.status === "ended" ? 0 : (this.current.remainingMs ?? 0);
  }

  // ---- the host's commands ----

  /** Applies a host command; throws SessionError when the lifecycle does not allow it. */
  command(command: HostCommand): Promise<void> {
    return this.queue.run(async () => {
      const now = this.deps.clock.now();
      const { status } = this.current;
      switch (command.type) {
        case "start":
        case "resume": {
          const from: SessionStatus = command.type === "start" ? "lobby" : "paused";
          if (status !== from)
            throw new SessionError("invalid_state", `cannot ${command.type} a session that is ${status}`);
          const remaining = this.current.remainingMs ?? this.current.challenge.timeLimitSeconds * 1000;
          await this.update(
            {
              status: "running",
              endsAt: now + remaining,
              remainingMs: null,
              ...(command.type === "start" ? { startedAt: now } : {}),
            },
            command.type === "start" ? "started" : "resumed",
          );
          break;
        }
        case "pause":
          if (status !== "running") throw new SessionError("invalid_state", `cannot pause a session that is ${status}`);
          await this.update({ status: "paused", endsAt: null, remainingMs: this.remainingMs() }, "paused");
          break;
        case "end":
          if (status === "ended") throw new SessionError("invalid_state", "the session has already ended");
          await this.endNow("ended by the host");
          break;
        case "extend": {
          if (status === "ended") throw new SessionError("invalid_state", "cannot extend a session that has ended");
          const extra = command.seconds * 1000;
          const left = this.remainingMs();
          if (left + extra > MAX_REMAINING_MS) {
            const allowed = Math.floor((MAX_REMAINING_MS - left) / 1000);
            throw new SessionError(
              "invalid_state",
              `a round may have at most 4 h left; it has ${Math.ceil(left / 60_000)} min, so extend by at most ${allowed} s`,
            );
          }
          const patch: SessionPatch =
            status === "running"
              ? { endsAt: (this.current.endsAt ?? now) + extra }
              : { remainingMs: this.remainingMs() + extra };
          await this.update(patch, "extended", { seconds: command.seconds });
          break;
        }
        case "lock":
        case "unlock":
          await this.update({ locked: command.type === "lock" }, command.type === "lock" ? "locked" : "unlocked");
          break;
        case "anonymize":
          await this.update({ anonymized: command.on }, "anonymized", { on: command.on });
          this.markAllDirty();
          break;
        case "reveal":
          if (status !== "ended")
            throw new SessionError("invalid_state", "the final leaderboard is revealed after the end");
          await this.update({ revealed: true }, "revealed");
          this.markAllDirty();
          break;
        case "kick":
          await this.kick(command.studentId);
          break;
        case "newRound":
          if (status !== "ended")
            throw new SessionError("invalid_state", "another round starts once this one has ended; end it first");
          if (this.current.round >= MAX_ROUNDS) {
            throw new SessionError(
              "invalid_state",
              `a session has at most ${MAX_ROUNDS} rounds; create a new session for another round`,
            );
          }
          await this.startRound(playableChallenge(command.challenge));
          break;
      }
    });
  }

  /**
   * Stores the ended round with its challenge and starts the next one under `challenge`, back in the lobby with
   * the same students. The ended round's runs leave memory (they were all closed when it ended); they stay stored.
   */
  private async startRound({ challenge, problem }: PlayableChallenge): Promise<void> {
    const rules = roundRules(this.current.round + 1, challenge, problem);
    const { id, round, startedAt, endedAt } = this.current;
    const ended: RoundRecord = { sessionId: id, round, challenge: this.current.challenge, startedAt, endedAt };
    const event = this.event("round", { round: rules.round });
    await this.write((fence) => this.deps.store.startRound(fence, ended, { round: rules.round, challenge }, event));
    this.current = {
      ...this.current,
      round: rules.round,
      challenge,
      status: "lobby",
      revealed: false,
      startedAt: null,
      endsAt: null,
      remainingMs: challenge.timeLimitSeconds * 1000,
      endedAt: null,
    };
    this.rules = rules;
    this.runs.clear();
    this.runsByStudent.clear();
    this.referencesView = null;
    this.markAllDirty();
  }

  private async kick(studentId: string): Promise<void> {
    const student = this.students.get(studentId);
    if (!student) throw new SessionError("not_found", "no such student in this session");
    if (student.record.kicked) return;
    const event = this.event("kicked", { studentId, name: student.record.name });
    await this.write((fence) => this.deps.store.setStudentKicked(fence, studentId, event));
    student.record = { ...student.record, kicked: true };
    this.markClassChanged();
    this.deps.onKicked(this, studentId);
  }

  /**
   * Ends the round. Runs not verified by now are closed as "unfinished" in the same transaction: the server's
   * clock decides, so a run whose verification is still under way when the round ends does not count either.
   */
  private async endNow(why: string): Promise<void> {
    const endedAt = this.deps.clock.now();
    const reason = `the round ended (${why}) before this run was verified`;
    const event = this.event("ended", { why });
    await this.write((fence) => this.deps.store.endSession(fence, endedAt, reason, event));
    this.current = { ...this.current, status: "ended", endedAt, endsAt: null, remainingMs: 0 };
    for (const run of this.runs.values()) {
      if (run.record.status === "running") {
        run.record = { ...run.record, status: "unfinished", reason, finishedAt: endedAt };
        run.replay = run.replayed = null;
      }
    }
    this.scheduleEnd();
    this.markAllDirty();
    this.deps.onEnded(this);
  }

  private async update(patch: SessionPatch, kind: string, data: Record<string, unknown> = {}): Promise<void> {
    const event = this.event(kind, data);
    await this.write((fence) => this.deps.store.updateSession(fence, patch, event));
    this.current = { ...this.current, ...patch };
    this.dirty.state = true;
    this.scheduleEnd();
  }

  /** Keeps one timer that ends the round when its time is up; the server's clock decides, never a client's. */
  private scheduleEnd(): void {
    if (this.endTimer !== null) this.deps.clock.clearTimeout(this.endTimer);
    this.endTimer = null;
    if (this.current.status !== "running" || this.current.endsAt === null) return;
    const delay = Math.max(0, this.current.endsAt - this.deps.clock.now());
    this.endTimer = this.deps.clock.setTimeout(() => {
      this.endTimer = null;
      void this.queue
        .run(async () => {
          if (this.current.status === "running") await this.endNow("time is up");
        })
        .catch((error: unknown) => this.deps.logger.error("ending a session failed", { sessionId: this.id, error }));
    }, delay);
  }

  /** Stops the timer; the session stays stored as it is, to be resumed by the next process. */
  dispose(): void {
    if (this.endTimer !== null) this.deps.clock.clearTimeout(this.endTimer);
    this.endTimer = null;
  }

  /** Resolves once every queued lifecycle change and run write has settled. */
  async idle(): Promise<void> {
    await this.queue.idle();
    await Promise.all([...this.runs.values()].map((run) => run.queue.idle()));
  }

  // ---- students ----

  /**
   * A new student; returns their secret token, which only this reply ever carries. The checks and the name's
   * reservation run in the session's queue, in order with lifecycle changes; the write does not hold the queue,
   * so a whole class joining at once shares a few group-committed transactions.
   */
  async join(name: string): Promise<{ student: LiveStudent; token: string }> {
    // Names that look alike (by case, width or script) are one name: the skeleton is what is reserved.
    const reserved = nameSkeleton(name);
    const { join, token } = await this.queue.run(() => {
      if (this.current.status === "ended") throw new SessionError("session_ended", "this session has ended");
      if (this.current.locked) throw new SessionError("session_locked", "the instructor has locked joining");
      if (this.takenNames.has(reserved))
        throw new SessionError("name_taken", `the name "${name}" is taken in this session; pick another`);
      const token = newToken();
      const student: StudentRecord = {
        id: crypto.randomUUID(),
        sessionId: this.id,
        name,
        tokenHash: hashToken(token),
        kicked: false,
        joinedAt: this.deps.clock.now(),
      };
      this.takenNames.add(reserved);
      const join: StudentJoin = { student, event: this.event("joined", { studentId: student.id, name }) };
      return { join, token };
    });
    try {
      await this.write((fence) => this.deps.joins.write({ fence, value: join }));
    } catch (error) {
      this.takenNames.delete(reserved);
      if (error instanceof NameTakenError) throw new SessionError("name_taken", error.message);
      throw error;
    }
    const student: LiveStudent = { record: join.student, joinOrder: this.students.size + 1, sockets: 0 };
    this.addStudent(student);
    this.dirty.roster = true;
    this.dirty.counts = true;
    return { student, token };
  }

  /** The student a token belongs to, or a SessionError saying why they may not come back. */
  studentByToken(token: string): LiveStudent {
    const student = this.byTokenHash.get(hashToken(token));
    if (!student) throw new SessionError("forbidden", "this student token does not belong to this session");
    if (student.record.kicked) {
      throw new SessionError(
        "kicked",
        "the instructor removed you from this session; this student token cannot join it again",
      );
    }
    return student;
  }

  /** Records that a socket attached to or left a student, for the roster's "connected" column. */
  setConnected(studentId: string, change: 1 | -1): void {
    const student = this.students.get(studentId);
    if (!student) return;
    student.sockets = Math.max(0, student.sockets + change);
    this.dirty.roster = true;
    this.dirty.counts = true;
  }

  attemptsLeft(studentId: string): number {
    return Math.max(0, this.current.challenge.attempts - this.runsOf(studentId).length);
  }

  /** The student's runs, in order of attempt. */
  runsOf(studentId: string): readonly LiveRun[] {
    return this.runsByStudent.get(studentId) ?? [];
  }

  private addStudent(student: LiveStudent): void {
    this.students.set(student.record.id, student);
    this.byTokenHash.set(student.record.tokenHash, student);
    // Also on a reload after a restart: the skeletons are rebuilt from the stored names.
    this.takenNames.add(nameSkeleton(student.record.name));
  }

  /** Runs arrive in order of attempt, so each student's list stays sorted. */
  private addRun(run: LiveRun): void {
    this.runs.set(run.record.id, run);
    const own = this.runsByStudent.get(run.record.studentId);
    if (own) own.push(run);
    else this.runsByStudent.set(run.record.studentId, [run]);
  }

  // ---- runs ----

  /** Starts a run under the challenge's rules. Starting the same runId again returns the run as it is. */
  startRun(
    studentId: string,
    runId: string,
    config: RunConfig,
    prediction: RunPrediction | null = null,
  ): Promise<LiveRun> {
    return this.queue.run(async () => {
      const existing = this.runs.get(runId);
      if (existing) {
        if (existing.record.studentId !== studentId) throw runIdNotYours(runId);
        return existing;
      }
      this.requireActiveStudent(studentId);
      if (this.current.status !== "running") {
        throw new SessionError(
          "session_not_running",
          `runs start while the session is running; it is ${this.current.status}`,
        );
      }
      const rules = checkRunAgainstChallenge(config, this.current.challenge);
      if (!rules.ok) throw new SessionError("rule_violation", rules.reason);
      const attempt = this.runsOf(studentId).length + 1;
      if (attempt > this.current.challenge.attempts) {
        throw new SessionError("attempts_exhausted", `you have used all ${this.current.challenge.attempts} attempts`);
      }
      const record: RunRecord = {
        id: runId,
        sessionId: this.id,
        studentId,
        round: this.current.round,
        attempt,
        config,
        status: "running",
        reason: null,
        trainLoss: null,
        testLoss: null,
        trainAccuracy: null,
        testAccuracy: null,
        divergedAt: null,
        finalParams: null,
        startedAt: this.deps.clock.now(),
        finishedAt: null,
        prediction,
        testLosses: null,
      };
      try {
        await this.write((fence) => this.deps.store.createRun(fence, record));
      } catch (error) {
        // Another session's run: answered exactly as another student's here, so the answer tells nobody where.
        if (error instanceof RunIdTakenError) throw runIdNotYours(runId);
        throw error;
      }
      const run = newLiveRun(record, this.rules);
      this.addRun(run);
      void this.startReplay(run);
      this.markClassChanged();
      return run;
    });
  }

  /**
   * Stores one progress batch, exactly once: a batch already stored is ignored, and a batch that skips ahead
   * is refused with the sequence number the server expects next. Once the run's replay has arrived, each batch is
   * checked against it as it is stored: a mismatch rejects the run at once and answers `run_closed`.
   */
  progress(studentId: string, batch: RunProgressPayload): Promise<ProgressAcked> {
    const run = this.ownRun(studentId, batch.runId);
    return run.queue.run(async () => {
      this.requireActiveStudent(studentId);
      if (this.current.status === "ended") throw new SessionError("session_ended", "this session has ended");
      if (run.record.status === "rejected")
        throw new SessionError("run_closed", `this run was rejected: ${run.record.reason}`);
      if (run.record.status !== "running")
        throw new SessionError("run_closed", `this run is already ${run.record.status}`);
      const acked = { nextSeq: run.nextSeq, epochsStored: run.epochsStored };
      if (batch.seq < run.nextSeq) return acked;
      if (batch.seq > run.nextSeq) {
        throw new SessionError(
          "missing_batches",
          `batch ${batch.seq} arrived before batch ${run.nextSeq}; resend from ${run.nextSeq}`,
          run.nextSeq,
        );
      }
      if (batch.fromEpoch !== run.epochsStored) {
        throw new SessionError(
          "invalid_payload",
          `batch ${batch.seq} starts at epoch ${batch.fromEpoch}, but ${run.epochsStored} epochs are stored`,
        );
      }
      if (run.epochsStored + batch.losses.length > run.record.config.epochs) {
        throw new SessionError("invalid_payload", `this run has only ${run.record.config.epochs} epochs`);
      }
      const chunk: ChunkRecord = {
        runId: run.record.id,
        seq: batch.seq,
        fromEpoch: batch.fromEpoch,
        losses: batch.losses,
        // The review's timeline reads how far a run had got at a moment from when its batches arrived.
        receivedAt: this.deps.clock.now(),
      };
      await this.write((fence) => this.deps.chunks.write({ fence, value: chunk }));
      this.mirrorChunk(run, chunk);
      // The host's roster shows each student's live epoch (a count, not a drawn loss).
      this.dirty.roster = true;
      if (run.replayed) {
        const rejection = await this.checkStoredLosses(run, run.replayed);
        if (rejection !== null) throw new SessionError("run_closed", `this run was rejected: ${rejection}`);
      }
      return { nextSeq: run.nextSeq, epochsStored: run.epochsStored };
    });
  }

  /**
   * Verifies a finished run against the server's replay of its configuration: every stored loss and the submitted
   * parameters must match within VERIFY_TOLERANCE. The score is the server's own: the loss of the replay's final
   * parameters, which are stored as the run's. A run that is plainly missing batches is told so at once.
   */
  finish(studentId: string, runId: string, params: readonly (number | null)[]): Promise<RunFinished> {
    const run = this.ownRun(studentId, runId);
    return run.queue.run(async () => {
      if (run.record.status !== "running") return this.finishedView(run);
      this.requireActiveStudent(studentId);
      if (this.current.status === "ended") throw new SessionError("session_ended", "this session has ended");
      const { problem } = run.rules;
      const { model } = problem;
      if (params.length !== model.paramCount) {
        throw new SessionError(
          "invalid_payload",
          `this model has ${model.paramCount} parameters, not ${params.length}`,
        );
      }
      // Before the replay has arrived, the stored curve alone tells a run that still has epochs to send.
      const { epochs } = run.record.config;
      const expected = run.replayed?.losses.length ?? (curveCanBeComplete(run.losses, epochs) ? 0 : epochs);
      if (run.epochsStored < expected) {
        throw new SessionError(
          "missing_batches",
          `${run.epochsStored} of ${expected} epochs are stored; send the rest first`,
          run.nextSeq,
        );
      }
      const replay = run.replayed ?? (await this.replayOf(run));
      // The round may have ended while the replay ran, closing the run as unfinished.
      if (run.record.status !== "running") return this.finishedView(run);
      if (run.epochsStored < replay.losses.length) {
        throw new SessionError(
          "missing_batches",
          `${run.epochsStored} of ${replay.losses.length} epochs are stored; send the rest first`,
          run.nextSeq,
        );
      }
      const verdict = compareWithReplay({ losses: run.losses, params }, replay);
      const finite = (value: number) => (Number.isFinite(value) ? value : null);
      const finishedAt = this.deps.clock.now();
      if (!verdict.ok) {
        this.deps.logger.warn("run rejected", { sessionId: this.id, runId, studentId, reason: verdict.reason });
        // The parameters the student claimed are kept for the instructor's review; a rejected run has no score.
        return this.closeRun(run, {
          ...rejected(verdict.reason, finishedAt),
          finalParams: params.map((value) => value ?? Number.NaN),
        });
      }
      run.verifiedEpochs = run.epochsStored;
      run.diagnosis = diagnose(run, replay);
      const diverged = replay.status === "diverged";
      return this.closeRun(run, {
        status: diverged ? "diverged" : "verified",
        reason: diverged
          ? `the loss exploded at epoch ${replay.divergedAt}: the learning rate is too high for this data`
          : null,
        trainLoss: finite(evaluateLoss(problem, replay.params, "train")),
        testLoss: problem.dataset.test ? finite(evaluateLoss(problem, replay.params, "test")) : null,
        // Like the losses, from the replay's own parameters, never from what the student's browser claimed.
        trainAccuracy: evaluateAccuracy(problem, replay.params, "train"),
        testAccuracy: evaluateAccuracy(problem, replay.params, "test"),
        divergedAt: diverged ? replay.divergedAt : null,
        finalParams: Array.from(replay.params),
        finishedAt,
        // The server's own test curve, replayed beside the training one; it leaves the server only after the reveal.
        testLosses: replay.testLosses ? Array.from(replay.testLosses, finite) : null,
      });
    });
  }

  /** Asks the pool for this run's replay and checks the stored losses once it arrives. */
  private startReplay(run: LiveRun): Promise<Replay> {
    // Callers that do not wait for it need not: its outcome is handled here.
    const owner = { sessionId: this.id, studentId: run.record.studentId };
    // With the round's held-out rows (never sent to students), the replay also records the run's test curve.
    const testSplit = run.rules.problem.dataset.test;
    const pending = this.deps.replay(run.rules.studentSpec, run.record.config, owner, testSplit);
    run.replay = pending;
    pending
      .then((replay) =>
        run.queue.run(async () => {
          if (run.record.status !== "running" || run.replay !== pending) return;
          run.replayed = replay;
          await this.checkStoredLosses(run, replay);
        }),
      )
      .catch((error: unknown) => {
        // The next finish asks again.
        if (run.replay === pending) run.replay = null;
        this.deps.logger.error("replay failed", { sessionId: this.id, runId: run.record.id, error });
      });
    return pending;
  }

  /**
   * Reads again the diagnosis of a run verified before this process loaded the session: its replay waits in the
   * pool's fair queue like any other, and the roster groups the run once it arrives.
   */
  private rediagnose(run: LiveRun): void {
    const owner = { sessionId: this.id, studentId: run.record.studentId };
    this.deps
      .replay(run.rules.studentSpec, run.record.config, owner)
      .then((replay) => {
        run.diagnosis = diagnose(run, replay);
        this.dirty.roster = true;
      })
      .catch((error: unknown) => {
        // Without it the run is only left out of the diagnosis groups.
        this.deps.logger.warn("diagnosing a stored run failed", { sessionId: this.id, runId: run.record.id, error });
      });
  }

  /**
   * The runs of PyTorch's defaults on the training rows students descend on (`studentSpec`: the test split never
   * enters), with the challenge's epoch budget and its first batch size. Replayed once, on the pool's workers in
   * their fair queue, so a long replay delays no acknowledgement.
   */
  references(): Promise<ReferencesView> {
    if (this.referencesView) return this.referencesView;
    const { round, challenge, studentSpec } = this.rules;
    const { epochs, batchSizes, start } = challenge;
    const owner = { sessionId: this.id, studentId: "references" };
    const pending = Promise.all(
      referenceConfigs(studentSpec.model, epochs, batchSizes[0] ?? "full", start).map(async (reference) =>
        referenceCurve(referenceRunOf(reference, await this.deps.replay(studentSpec, reference.config, owner))),
      ),
    ).then((curves) => ({ sessionId: this.id, round, curves }));
    this.referencesView = pending;
    pending.catch(() => {
      if (this.referencesView === pending) this.referencesView = null;
    });
    return pending;
  }

  private replayOf(run: LiveRun): Promise<Replay> {
    return run.replay ?? this.startReplay(run);
  }

  /**
   * Checks the stored losses not yet checked against the replay; the caller holds the run's queue. A match extends
   * what the charts may draw; a mismatch rejects the run at once, and its reason is returned.
   */
  private async checkStoredLosses(run: LiveRun, replay: Replay): Promise<string | null> {
    if (run.verifiedEpochs >= run.epochsStored) return null;
    const verdict = checkLosses(run.losses, replay.losses, run.verifiedEpochs, run.epochsStored);
    if (verdict.ok) {
      run.verifiedEpochs = run.epochsStored;
      this.dirty.chart = true;
      return null;
    }
    this.deps.logger.warn("run rejected", {
      sessionId: this.id,
      runId: run.record.id,
      studentId: run.record.studentId,
      reason: verdict.reason,
    });
    await this.closeRun(run, rejected(verdict.reason, this.deps.clock.now()));
    return verdict.reason;
  }

  /**
   * Stops a run the student gave up on (they reset it): closed as "unfinished", never scored, its attempt spent.
   * A run already closed answers its stored result.
   */
  cancel(studentId: string, runId: string): Promise<RunFinished> {
    const run = this.ownRun(studentId, runId);
    return run.queue.run(async () => {
      if (run.record.status !== "running") return this.finishedView(run);
      this.requireActiveStudent(studentId);
      const result = {
        status: "unfinished",
        reason: `stopped by the student after ${run.epochsStored} of ${run.record.config.epochs} epochs`,
        trainLoss: null,
        testLoss: null,
        trainAccuracy: null,
        testAccuracy: null,
        divergedAt: null,
        finalParams: null,
        finishedAt: this.deps.clock.now(),
        testLosses: null,
      } as const;
      return this.closeRun(run, result);
    });
  }

  /** Stores a run's result, mirrors it in memory and answers it; the caller holds the run's queue. */
  private async closeRun(run: LiveRun, result: RunResult): Promise<RunFinished> {
    await this.write((fence) => this.deps.store.finishRun(fence, run.record.id, result));
    run.record = withoutTestCurve({ ...run.record, ...result });
    run.replay = run.replayed = null;
    if (result.status === "rejected") run.verifiedEpochs = 0;
    this.markClassChanged();
    return this.finishedView(run);
  }

  ownRunView(run: LiveRun): OwnRunView {
    return {
      runId: run.record.id,
      attempt: run.record.attempt,
      config: run.record.config,
      status: run.record.status,
      nextSeq: run.nextSeq,
      epochsStored: run.epochsStored,
      verifiedEpochs: run.verifiedEpochs,
      losses: run.losses.map((loss) => (Number.isFinite(loss) ? loss : null)),
      trainLoss: run.record.trainLoss,
      trainAccuracy: run.record.trainAccuracy,
      reason: run.record.reason,
      divergedAt: run.record.divergedAt,
      diagnosis: run.diagnosis,
      prediction: run.record.prediction,
    };
  }

  private finishedView(run: LiveRun): RunFinished {
    const { status } = run.record;
    if (status === "running") throw new SessionError("invalid_state", "the run has not finished");
    return {
      runId: run.record.id,
      status,
      trainLoss: run.record.trainLoss,
      trainAccuracy: run.record.trainAccuracy,
      reason: run.record.reason,
      divergedAt: run.record.divergedAt,
      diagnosis: run.diagnosis,
    };
  }

  private ownRun(studentId: string, runId: string): LiveRun {
    const run = this.runs.get(runId);
    if (!run) throw new SessionError("not_found", "no such run in this round; start it first");
    if (run.record.studentId !== studentId) throw new SessionError("forbidden", "this run is not yours");
    return run;
  }

  private requireActiveStudent(studentId: string): void {
    const student = this.students.get(studentId);
    if (!student) throw new SessionError("not_joined", "join the session first");
    if (student.record.kicked) throw new SessionError("kicked", "you were removed from this session by the instructor");
  }

  private mirrorChunk(run: LiveRun, chunk: ChunkRecord): void {
    for (const loss of chunk.losses) run.losses.push(loss ?? Number.NaN);
    run.nextSeq = chunk.seq + 1;
    run.epochsStored = chunk.fromEpoch + chunk.losses.length;
  }

  private markAllDirty(): void {
    Object.assign(this.dirty, ALL_DIRTY);
  }

  /**
   * The class changed but not the lifecycle (a run started or closed, a kick): hosts see it on the next tick,
   * students at their own pace. Marking the state instead would send every student the state on every tick that
   * a run starts, which in a large class is most ticks.
   */
  private markClassChanged(): void {
    Object.assign(this.dirty, { counts: true, leaderboard: true, chart: true, roster: true });
  }

  private event(kind: string, data: Record<string, unknown>) {
    return { sessionId: this.current.id, at: this.deps.clock.now(), kind, data };
  }
}

/**
 * The one answer to a run:start whose id some other run holds, in this session or another: it names neither, and
 * tells the client what to do. Clients choose random UUIDs, so only an id seen before can meet it.
 */
function runIdNotYours(runId: string): SessionError {
  return new SessionError("forbidden", `run id ${runId} is not yours; start your run with a new random id`);
}

/** What happened in a run and what to try next, read from its replay under its round's rules. */
function diagnose(run: LiveRun, replay: Replay): Diagnosis {
  const { problem, edgeOfStability } = run.rules;
  return diagnoseReplay(problem, run.record.config, replay, edgeOfStability);
}

/** A rejected run's result: never scored, never drawn. */
function rejected(reason: string, finishedAt: number): RunResult {
  return {
    status: "rejected",
    reason,
    trainLoss: null,
    testLoss: null,
    trainAccuracy: null,
    testAccuracy: null,
    divergedAt: null,
    finalParams: null,
    finishedAt,
    testLosses: null,
  };
}
