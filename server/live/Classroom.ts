// Every live session of this process, by id and by join code. Creates sessions, loads them back from the
// store after a restart, and hands them to the transport.
import type { SessionCreated } from "@downhill/core";
import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import {
  StaleFenceError,
  StoredRowError,
  fencesOf,
  type ChunkRecord,
  type Fenced,
  type SessionRecord,
  type Store,
  type StudentJoin,
} from "../store/Store.ts";
import { UNREADABLE_MESSAGE } from "../store/storedShapes.ts";
import { hashToken, newJoinCode, newToken } from "../tokens.ts";
import { GroupCommit } from "./GroupCommit.ts";
import { LiveSession, SessionError, type LiveSessionDeps } from "./LiveSession.ts";
import type { PreparedSession } from "./prepareSession.ts";
import { roundRulesFrom } from "./roundRules.ts";

export interface ClassroomDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly onKicked: LiveSessionDeps["onKicked"];
  readonly replay: LiveSessionDeps["replay"];
  /** Told how long each group-committed transaction took, for the metrics. */
  readonly onCommit?: (kind: "chunks" | "joins", ms: number) => void;
  /**
   * How long an ended session stays in memory (for the host's last commands and students' last looks) before it
   * is dropped; whatever needs it later loads it back from the store.
   */
  readonly endedGraceMs: number;
}

export class Classroom {
  private readonly byId = new Map<string, LiveSession>();
  private readonly byCode = new Map<string, LiveSession>();
  /** Timers that drop ended sessions from memory, by session id. */
  private readonly evictions = new Map<string, unknown>();
  /** Loads in flight, so two sockets asking for one session share one load. */
  private readonly loading = new Map<string, Promise<LiveSession | null>>();
  /** Progress batches of every session, group-committed. */
  readonly chunks: GroupCommit<Fenced<ChunkRecord>>;
  /** New students of every session, group-committed: a class joining at once costs a few transactions. */
  readonly joins: GroupCommit<Fenced<StudentJoin>>;
  /** How this process claims the sessions it loads; a cluster server replaces the single server's way. */
  private claims: Claims = singleServerClaims;

  constructor(private readonly deps: ClassroomDeps) {
    this.chunks = new GroupCommit(
      this.timed("chunks", (chunks) =>
        deps.store.appendChunks(
          chunks.map((chunk) => chunk.value),
          fencesOf(chunks),
        ),
      ),
      2_000,
    );
    this.joins = new GroupCommit(
      this.timed("joins", (joins) =>
        deps.store.addStudents(
          joins.map((join) => join.value),
          fencesOf(joins),
        ),
      ),
      500,
    );
  }

  private timed<T>(kind: "chunks" | "joins", commit: (items: readonly T[]) => Promise<void>) {
    const { clock, onCommit } = this.deps;
    if (!onCommit) return commit;
    return async (items: readonly T[]) => {
      const started = clock.now();
      await commit(items);
      onCommit(kind, clock.now() - started);
    };
  }

  private get sessionDeps(): LiveSessionDeps {
    return {
      ...this.deps,
      chunks: this.chunks,
      joins: this.joins,
      onEnded: (session) => this.scheduleEviction(session),
      onStale: (session) => {
        // A late write of a copy already dropped must not drop the copy loaded since.
        if (this.byId.get(session.id) !== session) return;
        this.drop(session.record.code);
        this.claims.lost(session.record.code);
      },
    };
  }

  /** A cluster server claims sessions with its leases' fencing tokens (ClusterGateway). */
  useClaims(claims: Claims): void {
    this.claims = claims;
  }

  /** Claims a session this process has just created, once it may (a cluster server: once it holds the lease). */
  async claim(code: string, token: number): Promise<void> {
    await this.byCode.get(code)?.claim(token);
  }

  /** Loads every session that had not ended, so their timers run again after a restart. */
  async restore(): Promise<number> {
    const records = await this.deps.store.listLiveSessions();
    let restored = 0;
    for (const record of records) {
      try {
        await this.adopt(record);
        restored++;
      } catch (error) {
        // One unreadable session must not keep the others, or the server, from starting.
        if (!(error instanceof StoredRowError)) throw error;
        this.deps.logger.error("a live session cannot be resumed", { sessionId: record.id, error: error.message });
      }
    }
    return restored;
  }

  /** Creates a session from one prepared on a worker thread (prepareSession), already checked to be playable. */
  async create(prepared: PreparedSession, instructorKey: string | undefined, joinUrlFor: (code: string) => string) {
    const rules = roundRulesFrom(prepared.rules);
    const { challenge } = rules;
    const hostToken = newToken();
    const key = instructorKey ?? newToken();
    const record: SessionRecord = {
      id: crypto.randomUUID(),
      code: await this.unusedCode(),
      hostTokenHash: hashToken(hostToken),
      instructorKeyHash: hashToken(key),
      shareToken: newToken(),
      challenge,
      round: 1,
      status: "lobby",
      locked: false,
      anonymized: false,
      revealed: false,
      createdAt: this.deps.clock.now(),
      startedAt: null,
      endsAt: null,
      remainingMs: challenge.timeLimitSeconds * 1000,
      endedAt: null,
    };
    const session = await LiveSession.create(record, this.sessionDeps, rules, prepared.challengeJson);
    this.register(session);
    this.deps.logger.info("session created", { sessionId: record.id, code: record.code });
    const created: SessionCreated = {
      sessionId: record.id,
      code: record.code,
      joinUrl: joinUrlFor(record.code),
      hostToken,
      instructorKey: key,
      shareToken: record.shareToken,
    };
    return created;
  }

  /** The session with this join code, loading it from the store when this process has not seen it yet. */
  async byJoinCode(code: string): Promise<LiveSession | null> {
    const live = this.byCode.get(code);
    if (live) return live;
    let pending = this.loading.get(code);
    if (!pending) {
      pending = this.deps.store
        .findSessionByCode(code)
        .then((record) => (record ? this.adopt(record) : null))
        .catch((error: unknown) => {
          if (!(error instanceof StoredRowError)) throw error;
          this.deps.logger.error("a stored session cannot be loaded", { code, error: error.message });
          throw new SessionError("internal", UNREADABLE_MESSAGE);
        })
        .finally(() => this.loading.delete(code));
      this.loading.set(code, pending);
    }
    return pending;
  }

  /** A session this process has loaded. */
  get(sessionId: string): LiveSession | undefined {
    return this.byId.get(sessionId);
  }

  /** The session with this join code if this process has it loaded; never reads the store. */
  loaded(code: string): LiveSession | undefined {
    return this.byCode.get(code);
  }

  /**
   * Forgets a session (another server of the cluster now owns it): stops its timer. Writes already queued still
   * commit; the store stays the truth for whoever loads it next.
   */
  drop(code: string): void {
    const session = this.byCode.get(code);
    if (!session) return;
    this.deps.clock.clearTimeout(this.evictions.get(session.id));
    this.evictions.delete(session.id);
    session.dispose();
    this.byCode.delete(code);
    this.byId.delete(session.id);
  }

  /** How many sessions this process holds in memory. */
  get size(): number {
    return this.byId.size;
  }

  /** Forgets a session by id, if loaded (it was deleted). */
  forget(sessionId: string): void {
    const session = this.byId.get(sessionId);
    if (session) this.drop(session.record.code);
  }

  sessions(): IterableIterator<LiveSession> {
    return this.byId.values();
  }

  /** Waits for queued writes, then stops every timer. */
  async close(): Promise<void> {
    await Promise.all([...this.byId.values()].map((session) => session.idle()));
    await Promise.all([this.joins.drain(), this.chunks.drain()]);
    for (const session of this.byId.values()) session.dispose();
    for (const timer of this.evictions.values()) this.deps.clock.clearTimeout(timer);
    this.evictions.clear();
  }

  /**
   * Drops an ended session from memory once its grace period is over and its queued work has settled. Each end
   * restarts the period: a round that ended within an earlier round's grace period gets a whole one of its own.
   */
  private scheduleEviction(session: LiveSession): void {
    this.deps.clock.clearTimeout(this.evictions.get(session.id));
    const timer = this.deps.clock.setTimeout(() => {
      this.evictions.delete(session.id);
      void session.idle().then(() => {
        // Another copy may have been loaded meanwhile (after a drop elsewhere); drop only this one. A session
        // the host has since started another round of is live again: it stays.
        if (this.byId.get(session.id) === session && session.status === "ended") this.drop(session.record.code);
      });
    }, this.deps.endedGraceMs);
    this.evictions.set(session.id, timer);
  }

  private async adopt(record: SessionRecord): Promise<LiveSession> {
    const existing = this.byId.get(record.id);
    if (existing) return existing;
    let session: LiveSession;
    try {
      session = await LiveSession.load(record, this.sessionDeps, await this.claims.tokenFor(record.code));
    } catch (error) {
      if (!(error instanceof StaleFenceError)) throw error;
      // The lease's counter is behind the stored token (Redis has forgotten it): take one past it, once.
      const past = await this.claims.tokenFor(record.code, error.current);
      session = await LiveSession.load(record, this.sessionDeps, past).catch((again: unknown) => {
        // Claimed again meanwhile, by another server.
        if (again instanceof StaleFenceError) throw new SessionError("unavailable", "the session is moving; try again");
        throw again;
      });
    }
    this.register(session);
    if (session.status === "ended") this.scheduleEviction(session);
    return session;
  }

  private register(session: LiveSession): void {
    this.byId.set(session.id, session);
    this.byCode.set(session.record.code, session);
  }

  private async unusedCode(): Promise<string> {
    for (;;) {
      const code = newJoinCode();
      if (!this.byCode.has(code) && !(await this.deps.store.findSessionByCode(code).catch(takenIfUnreadable))) {
        return code;
      }
    }
  }
}

/** How a process claims the sessions it loads (Store.claimSession). */
export interface Claims {
  /**
   * A new token to claim a session with, above `past` when given; undefined lets the store raise the stored one
   * (a single server).
   */
  tokenFor(code: string, past?: number): Promise<number | undefined>;
  /** A write of this session was refused for its fence: another process has claimed it. */
  lost(code: string): void;
}

/** A single server owns every session: each load raises the session's stored token. */
const singleServerClaims: Claims = {
  tokenFor: () => Promise.resolve(undefined),
  lost: () => undefined,
};

/** A code whose stored session cannot be read is still taken. */
function takenIfUnreadable(error: unknown): true {
  if (error instanceof StoredRowError) return true;
  throw error;
}
