// Downhill's persistence, behind one small interface. PrismaStore implements it on SQLite and PostgreSQL;
// storeContract.ts is the one test suite every implementation must pass.
import type { Challenge, RunConfig, RunPrediction, RunStatus, SessionStatus, SessionSummary } from "@downhill/core";

export type { SessionSummary };

/** Times are epoch milliseconds throughout. */
export interface SessionRecord {
  readonly id: string;
  readonly code: string;
  /** SHA-256 (hex) of the host token: the token itself is never stored. */
  readonly hostTokenHash: string;
  readonly instructorKeyHash: string;
  /** Opens the read-only results page. */
  readonly shareToken: string;
  /** The current round's challenge. */
  readonly challenge: Challenge;
  /** The round being played: 1, then one more each time the host starts another round with the same class. */
  readonly round: number;
  readonly status: SessionStatus;
  readonly locked: boolean;
  readonly anonymized: boolean;
  readonly revealed: boolean;
  readonly createdAt: number;
  readonly startedAt: number | null;
  /** While running: when the round ends. */
  readonly endsAt: number | null;
  /** While in the lobby or paused: the time left. */
  readonly remainingMs: number | null;
  readonly endedAt: number | null;
}

export type SessionPatch = Partial<
  Pick<
    SessionRecord,
    "status" | "locked" | "anonymized" | "revealed" | "startedAt" | "endsAt" | "remainingMs" | "endedAt"
  >
>;

/** A round that ended and was followed by another: what it was played under, kept for the review. */
export interface RoundRecord {
  readonly sessionId: string;
  readonly round: number;
  readonly challenge: Challenge;
  readonly startedAt: number | null;
  readonly endedAt: number | null;
}

/** What a new round starts with: its number and challenge, in the lobby with the challenge's whole time. */
export interface RoundStart {
  readonly round: number;
  readonly challenge: Challenge;
}

export interface StudentRecord {
  readonly id: string;
  readonly sessionId: string;
  readonly name: string;
  /** SHA-256 (hex) of the student token. */
  readonly tokenHash: string;
  readonly kicked: boolean;
  readonly joinedAt: number;
}

export interface RunRecord {
  readonly id: string;
  readonly sessionId: string;
  readonly studentId: string;
  /** The session's round it was played in. */
  readonly round: number;
  /** 1, 2, ... per student and round. */
  readonly attempt: number;
  readonly config: RunConfig;
  readonly status: RunStatus;
  readonly reason: string | null;
  /** Recomputed by the server from the submitted parameters. */
  readonly trainLoss: number | null;
  readonly testLoss: number | null;
  /** Share of rows the server's final parameters classify right (classification only; null otherwise). */
  readonly trainAccuracy: number | null;
  readonly testAccuracy: number | null;
  readonly divergedAt: number | null;
  readonly finalParams: readonly number[] | null;
  readonly startedAt: number;
  readonly finishedAt: number | null;
  /** What the student predicted before the run (run:start's `prediction`), or null. */
  readonly prediction: RunPrediction | null;
  /**
   * testLosses[i]: the test split's loss at the start of epoch i, from the server's replay (null where it was not
   * finite). Null for a run without a test split, not verified or diverged, or stored before migration 0007.
   */
  readonly testLosses: readonly (number | null)[] | null;
}

export type RunResult = Pick<
  RunRecord,
  | "status"
  | "reason"
  | "trainLoss"
  | "testLoss"
  | "trainAccuracy"
  | "testAccuracy"
  | "testLosses"
  | "divergedAt"
  | "finalParams"
  | "finishedAt"
>;

/** One acknowledged progress batch: the losses of epochs fromEpoch .. fromEpoch + losses.length - 1. */
export interface ChunkRecord {
  readonly runId: string;
  readonly seq: number;
  readonly fromEpoch: number;
  /** null stands for a loss that was not a finite number (a diverging run). */
  readonly losses: readonly (number | null)[];
  /** When the server received the batch (epoch ms, its clock); null for batches stored before migration 0007. */
  readonly receivedAt: number | null;
}

export interface SessionEventRecord {
  readonly sessionId: string;
  readonly at: number;
  /** "created", "joined", "rejoined", "kicked", "started", "paused", "resumed", "ended", "locked", ... */
  readonly kind: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** A new student and the event that records their joining. */
export interface StudentJoin {
  readonly student: StudentRecord;
  readonly event: SessionEventRecord;
}

/**
 * A stored row that this version's schemas refuse (even after the upgrades of older shapes in storedShapes.ts):
 * the session it belongs to is not loaded, and the error names the row and the field.
 */
export class StoredRowError extends Error {
  constructor(
    readonly table: string,
    readonly id: string,
    detail: string,
  ) {
    super(`stored ${table} ${id} does not match this version's schema: ${detail}`);
    this.name = "StoredRowError";
  }
}

/** Thrown by addStudents when a name is already taken in its session. */
export class NameTakenError extends Error {
  constructor(name: string) {
    super(`the name "${name}" is taken in this session`);
    this.name = "NameTakenError";
  }
}

/** Thrown by createRun when a run of that id already exists, in this session or any other. */
export class RunIdTakenError extends Error {
  constructor(runId: string) {
    super(`a run with id ${runId} already exists`);
    this.name = "RunIdTakenError";
  }
}

/**
 * The fencing token a session write is made under: the token its writer claimed the session with. A write whose
 * token is no longer the session's (another server has claimed it since) is refused with a StaleFenceError, so a
 * server that lost a session without noticing yet can never write beside its new owner.
 */
export interface Fence {
  readonly sessionId: string;
  readonly token: number;
}

/** One item of a group write, with the fence of the session it belongs to. */
export interface Fenced<T> {
  readonly fence: Fence;
  readonly value: T;
}

/**
 * The distinct fences of a group write's items, by session id: transactions that check several sessions' fences
 * then lock their rows in one order, and never deadlock each other on PostgreSQL.
 */
export function fencesOf(items: readonly Fenced<unknown>[]): Fence[] {
  const seen = new Map<string, Fence>();
  for (const { fence } of items) seen.set(`${fence.sessionId}:${fence.token}`, fence);
  return [...seen.values()].sort((a, b) => (a.sessionId < b.sessionId ? -1 : a.sessionId > b.sessionId ? 1 : 0));
}

/** Thrown by a session write (or a claim) whose fencing token is not the session's. */
export class StaleFenceError extends Error {
  constructor(
    readonly sessionId: string,
    readonly token: number,
    /** The session's token now. */
    readonly current: number,
  ) {
    super(`session ${sessionId} is claimed with fence ${current}; fence ${token} is stale`);
    this.name = "StaleFenceError";
  }
}

/**
 * Every method resolves only once its write is durable (committed), so the server may acknowledge
 * a client right after. Reads return plain records; no method hands out a live database object.
 */
export interface Store {
  // Reads check what they return with the wire's schemas: a row that fails throws a StoredRowError.
  /**
   * Stores a new session with its first event. `challengeJson` is its challenge as JSON when that has been written
   * already (a new session's, off the event loop); without it, the store writes it.
   */
  createSession(session: SessionRecord, event: SessionEventRecord, challengeJson?: string): Promise<void>;
  /**
   * Makes `token` the session's fencing token and returns it; a StaleFenceError when the session's token is already
   * as high or higher (a token claims once: every owner, and every load, takes a new one). Without a token (a single server, which owns every session), the stored token goes up by one: a
   * process still writing from before a restart is refused. Throws when there is no such session.
   */
  claimSession(sessionId: string, token?: number): Promise<number>;
  // Every session write below carries its fence and is refused with a StaleFenceError when the fence is stale.
  /** Applies the patch and records the event in one transaction. */
  updateSession(fence: Fence, patch: SessionPatch, event: SessionEventRecord): Promise<void>;
  /**
   * Ends a session: sets status "ended" and endedAt, closes every run of it still "running" as "unfinished"
   * with `reason` (finishedAt = endedAt), and records the event, all in one transaction.
   */
  endSession(fence: Fence, endedAt: number, reason: string, event: SessionEventRecord): Promise<void>;
  /**
   * Starts the next round of an ended session in one transaction: stores the ended round (`ended`), then makes
   * `next` the session's round and challenge, back in the lobby (not revealed, its time limit whole), and records
   * the event. Students, their tokens and kicks, the lock and the names setting stay.
   */
  startRound(fence: Fence, ended: RoundRecord, next: RoundStart, event: SessionEventRecord): Promise<void>;
  /** The rounds that ended before the session's current one, in order. */
  listRounds(sessionId: string): Promise<RoundRecord[]>;
  getSession(id: string): Promise<SessionRecord | null>;
  findSessionByCode(code: string): Promise<SessionRecord | null>;
  findSessionByShareToken(shareToken: string): Promise<SessionRecord | null>;
  /** Newest first. */
  listSessionsByInstructor(instructorKeyHash: string): Promise<SessionSummary[]>;
  /** Whether any session was created with this instructor key: a key the server has issued or accepted. */
  hasInstructor(instructorKeyHash: string): Promise<boolean>;
  /**
   * Sessions not yet ended, to resume after a restart. A row the schemas refuse is left out (and logged), so one
   * bad row cannot keep every other session from resuming.
   */
  listLiveSessions(): Promise<SessionRecord[]>;
  /** Ids of the sessions that ended before `endedBefore`, oldest first, at most `limit` (for retention). */
  listSessionsEndedBefore(endedBefore: number, limit: number): Promise<string[]>;
  /**
   * Deletes a session and everything of its students (students, runs, batches, events, rounds) in one transaction;
   * false when there was no such session.
   */
  deleteSession(id: string): Promise<boolean>;

  /**
   * Adds students with their "joined" events in one transaction, all or none. Throws NameTakenError (naming the
   * first such name) when a session already has a student of one of the names. `fences` holds one fence for each
   * session the students join.
   */
  addStudents(joins: readonly StudentJoin[], fences: readonly Fence[]): Promise<void>;
  setStudentKicked(fence: Fence, studentId: string, event: SessionEventRecord): Promise<void>;
  findStudentByTokenHash(tokenHash: string): Promise<StudentRecord | null>;
  listStudents(sessionId: string): Promise<StudentRecord[]>;

  /** Throws RunIdTakenError when a run of that id already exists, in any session. */
  createRun(fence: Fence, run: RunRecord): Promise<void>;
  finishRun(fence: Fence, runId: string, result: RunResult): Promise<void>;
  listRuns(sessionId: string): Promise<RunRecord[]>;

  /**
   * Stores many batches, possibly of many runs, in one transaction. A (runId, seq) already stored is
   * left as it was: appending is idempotent. `fences` holds one fence for each session the runs belong to.
   */
  appendChunks(chunks: readonly ChunkRecord[], fences: readonly Fence[]): Promise<void>;
  /** Every stored batch of a session's runs, ordered by run then seq. */
  listChunks(sessionId: string): Promise<ChunkRecord[]>;

  appendEvent(fence: Fence, event: SessionEventRecord): Promise<void>;
  listEvents(sessionId: string): Promise<SessionEventRecord[]>;

  /** Resolves when the database answers a trivial query: the readiness check. */
  ping(): Promise<void>;

  close(): Promise<void>;
}
