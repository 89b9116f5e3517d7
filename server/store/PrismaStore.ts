// The Store on Prisma: one implementation for SQLite and PostgreSQL, whose generated clients share one API.
import type { Challenge, SessionStatus } from "@downhill/core";
import { Prisma, type PrismaClient } from "../../generated/sqlite/client.ts";
import type {
  Run as RunRow,
  Session as SessionRow,
  SessionEvent as SessionEventRow,
  SessionRound as SessionRoundRow,
  Student as StudentRow,
} from "../../generated/sqlite/client.ts";
import type { Logger } from "../log.ts";
import { driverTransaction, type Driver } from "./driverTransaction.ts";
import {
  readChallenge,
  readRunConfig,
  readRunPrediction,
  readRunStatus,
  readSessionStatus,
  readTestLosses,
} from "./storedShapes.ts";
import {
  NameTakenError,
  RunIdTakenError,
  StaleFenceError,
  StoredRowError,
  type Fence,
  type ChunkRecord,
  type RoundRecord,
  type RoundStart,
  type RunRecord,
  type RunResult,
  type SessionEventRecord,
  type SessionPatch,
  type SessionRecord,
  type SessionSummary,
  type Store,
  type StudentJoin,
  type StudentRecord,
} from "./Store.ts";

/** Rows per INSERT: 5 parameters each stays far below SQLite's 32,766 and PostgreSQL's 65,535. */
const CHUNK_ROWS_PER_STATEMENT = 2_000;

/**
 * What the store uses of a generated client, and no more: the SQLite and the PostgreSQL clients are generated from
 * one model and both satisfy it as they are. (Whole, they differ: `$transaction` takes other isolation levels, and
 * the conditional types of methods the store never calls do not line up across the two generated modules.)
 */
export interface StoreClient {
  readonly session: Pick<
    PrismaClient["session"],
    "create" | "update" | "updateMany" | "findUnique" | "findFirst" | "findMany" | "deleteMany"
  >;
  readonly student: Pick<PrismaClient["student"], "createMany" | "update" | "findUnique" | "findMany" | "deleteMany">;
  readonly run: Pick<
    PrismaClient["run"],
    "create" | "update" | "updateMany" | "findUnique" | "findMany" | "deleteMany"
  >;
  readonly runChunk: Pick<PrismaClient["runChunk"], "findMany" | "deleteMany">;
  readonly sessionEvent: Pick<PrismaClient["sessionEvent"], "create" | "createMany" | "findMany" | "deleteMany">;
  readonly sessionRound: Pick<PrismaClient["sessionRound"], "create" | "findMany" | "deleteMany">;
  $executeRaw: PrismaClient["$executeRaw"];
  $queryRaw: PrismaClient["$queryRaw"];
  $disconnect: PrismaClient["$disconnect"];
  $transaction<P extends Prisma.PrismaPromise<unknown>[]>(statements: [...P]): Promise<UnwrapTuple<P>>;
}

/** The values of a tuple of promises, as `$transaction` resolves them. */
type UnwrapTuple<P extends readonly unknown[]> = { -readonly [K in keyof P]: Awaited<P[K]> };

/** A run's scores, written together through SQL text. */
type Scores = Pick<RunResult, "trainLoss" | "testLoss" | "trainAccuracy" | "testAccuracy">;

export class PrismaStore implements Store {
  constructor(
    private readonly prisma: StoreClient,
    /** Where rows that fail the schemas are reported when a listing leaves them out. */
    private readonly logger: Logger,
    /** The driver under `prisma` (the same connection), for the writes too large for Prisma's query layer. */
    private readonly driver: Driver,
  ) {}

  /**
   * The session's row goes straight to the driver (driverTransaction): its challenge, up to about 1 MB of JSON,
   * costs Prisma's query layer several times what it costs the driver, all of it on the event loop.
   */
  async createSession(
    session: SessionRecord,
    event: SessionEventRecord,
    challengeJson = JSON.stringify(session.challenge),
  ): Promise<void> {
    const row = eventRow(event);
    await driverTransaction(this.driver, [
      Prisma.sql`INSERT INTO "Session" ("id", "code", "hostTokenHash", "instructorKeyHash", "shareToken", "challenge",
        "round", "status", "locked", "anonymized", "revealed", "createdAt", "startedAt", "endsAt", "remainingMs", "endedAt")
        VALUES (${session.id}, ${session.code}, ${session.hostTokenHash}, ${session.instructorKeyHash},
        ${session.shareToken}, ${challengeJson}, ${session.round}, ${session.status}, ${session.locked},
        ${session.anonymized}, ${session.revealed}, ${new Date(session.createdAt)}, ${toDate(session.startedAt)},
        ${toDate(session.endsAt)}, ${session.remainingMs}, ${toDate(session.endedAt)})`,
      Prisma.sql`INSERT INTO "SessionEvent" ("sessionId", "at", "kind", "data")
        VALUES (${row.sessionId}, ${row.at}, ${row.kind}, ${row.data})`,
    ]);
  }

  async claimSession(sessionId: string, token?: number): Promise<number> {
    if (token === undefined) {
      const row = await this.prisma.session.update({
        where: { id: sessionId },
        data: { fence: { increment: 1 } },
        select: { fence: true },
      });
      return row.fence;
    }
    const { count } = await this.prisma.session.updateMany({
      where: { id: sessionId, fence: { lt: token } },
      data: { fence: token },
    });
    if (count === 1) return token;
    const row = await this.prisma.session.findUnique({ where: { id: sessionId }, select: { fence: true } });
    if (row === null) throw new Error(`no session has the id ${sessionId}`);
    throw new StaleFenceError(sessionId, token, row.fence);
  }

  async updateSession(fence: Fence, patch: SessionPatch, event: SessionEventRecord): Promise<void> {
    await this.fenced(
      [fence],
      [
        this.prisma.session.update({
          where: { id: fence.sessionId },
          data: {
            status: patch.status,
            locked: patch.locked,
            anonymized: patch.anonymized,
            revealed: patch.revealed,
            startedAt: patch.startedAt === undefined ? undefined : toDate(patch.startedAt),
            endsAt: patch.endsAt === undefined ? undefined : toDate(patch.endsAt),
            remainingMs: patch.remainingMs,
            endedAt: patch.endedAt === undefined ? undefined : toDate(patch.endedAt),
          },
        }),
        this.createEvent(event),
      ],
    );
  }

  async endSession(fence: Fence, endedAt: number, reason: string, event: SessionEventRecord): Promise<void> {
    const id = fence.sessionId;
    await this.fenced(
      [fence],
      [
        this.prisma.session.update({
          where: { id },
          data: { status: "ended", endedAt: toDate(endedAt), endsAt: null, remainingMs: 0 },
        }),
        this.prisma.run.updateMany({
          where: { sessionId: id, status: "running" },
          data: { status: "unfinished", reason, finishedAt: toDate(endedAt) },
        }),
        this.createEvent(event),
      ],
    );
  }

  async startRound(fence: Fence, ended: RoundRecord, next: RoundStart, event: SessionEventRecord): Promise<void> {
    await this.fenced(
      [fence],
      [
        this.prisma.sessionRound.create({
          data: {
            sessionId: fence.sessionId,
            round: ended.round,
            challenge: JSON.stringify(ended.challenge),
            startedAt: toDate(ended.startedAt),
            endedAt: toDate(ended.endedAt),
          },
        }),
        this.prisma.session.update({
          where: { id: fence.sessionId },
          data: {
            round: next.round,
            challenge: JSON.stringify(next.challenge),
            status: "lobby",
            revealed: false,
            startedAt: null,
            endsAt: null,
            remainingMs: next.challenge.timeLimitSeconds * 1000,
            endedAt: null,
          },
        }),
        this.createEvent(event),
      ],
    );
  }

  async listRounds(sessionId: string): Promise<RoundRecord[]> {
    const rows = await this.prisma.sessionRound.findMany({ where: { sessionId }, orderBy: { round: "asc" } });
    return rows.map(toRoundRecord);
  }

  async getSession(id: string): Promise<SessionRecord | null> {
    const row = await this.prisma.session.findUnique({ where: { id } });
    return row === null ? null : toSessionRecord(row);
  }

  async findSessionByCode(code: string): Promise<SessionRecord | null> {
    const row = await this.prisma.session.findUnique({ where: { code } });
    return row === null ? null : toSessionRecord(row);
  }

  async findSessionByShareToken(shareToken: string): Promise<SessionRecord | null> {
    const row = await this.prisma.session.findUnique({ where: { shareToken } });
    return row === null ? null : toSessionRecord(row);
  }

  async hasInstructor(instructorKeyHash: string): Promise<boolean> {
    const row = await this.prisma.session.findFirst({ where: { instructorKeyHash }, select: { id: true } });
    return row !== null;
  }

  async listSessionsByInstructor(instructorKeyHash: string): Promise<SessionSummary[]> {
    const rows = await this.prisma.session.findMany({
      where: { instructorKeyHash },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: {
        id: true,
        code: true,
        challenge: true,
        status: true,
        createdAt: true,
        _count: { select: { students: true, runs: true } },
      },
    });
    return rows.map((row) => ({
      id: row.id,
      code: row.code,
      title: (JSON.parse(row.challenge) as Challenge).title,
      status: row.status as SessionStatus,
      createdAt: row.createdAt.getTime(),
      students: row._count.students,
      runs: row._count.runs,
    }));
  }

  async listLiveSessions(): Promise<SessionRecord[]> {
    const rows = await this.prisma.session.findMany({
      where: { status: { not: "ended" } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    const records: SessionRecord[] = [];
    for (const row of rows) {
      try {
        records.push(toSessionRecord(row));
      } catch (error) {
        if (!(error instanceof StoredRowError)) throw error;
        this.logger.error("a live session cannot be resumed", { sessionId: row.id, error: error.message });
      }
    }
    return records;
  }

  async listSessionsEndedBefore(endedBefore: number, limit: number): Promise<string[]> {
    const rows = await this.prisma.session.findMany({
      where: { status: "ended", endedAt: { lt: new Date(endedBefore) } },
      orderBy: [{ endedAt: "asc" }, { id: "asc" }],
      take: limit,
      select: { id: true },
    });
    return rows.map((row) => row.id);
  }

  async deleteSession(id: string): Promise<boolean> {
    // Child rows first, explicitly: the schema's cascades would do it, but this does not rely on SQLite's
    // foreign_keys pragma being on for every connection.
    const [, , , , , deleted] = await this.prisma.$transaction([
      this.prisma.runChunk.deleteMany({ where: { run: { sessionId: id } } }),
      this.prisma.run.deleteMany({ where: { sessionId: id } }),
      this.prisma.sessionEvent.deleteMany({ where: { sessionId: id } }),
      this.prisma.sessionRound.deleteMany({ where: { sessionId: id } }),
      this.prisma.student.deleteMany({ where: { sessionId: id } }),
      this.prisma.session.deleteMany({ where: { id } }),
    ]);
    return deleted.count > 0;
  }

  async addStudents(joins: readonly StudentJoin[], fences: readonly Fence[]): Promise<void> {
    if (joins.length === 0) return;
    try {
      await this.fenced(fences, [
        this.prisma.student.createMany({
          data: joins.map(({ student }) => ({
            id: student.id,
            sessionId: student.sessionId,
            name: student.name,
            tokenHash: student.tokenHash,
            kicked: student.kicked,
            joinedAt: new Date(student.joinedAt),
          })),
        }),
        this.prisma.sessionEvent.createMany({ data: joins.map(({ event }) => eventRow(event)) }),
      ]);
    } catch (error) {
      // The error's metadata differs between drivers, so ask which unique key it was: students are never deleted.
      if (isUniqueViolation(error)) {
        for (const { student } of joins) {
          if (await this.nameTaken(student.sessionId, student.name)) throw new NameTakenError(student.name);
        }
      }
      throw error;
    }
  }

  async setStudentKicked(fence: Fence, studentId: string, event: SessionEventRecord): Promise<void> {
    await this.fenced(
      [fence],
      [this.prisma.student.update({ where: { id: studentId }, data: { kicked: true } }), this.createEvent(event)],
    );
  }

  async findStudentByTokenHash(tokenHash: string): Promise<StudentRecord | null> {
    const row = await this.prisma.student.findUnique({ where: { tokenHash } });
    return row === null ? null : toStudentRecord(row);
  }

  async listStudents(sessionId: string): Promise<StudentRecord[]> {
    const rows = await this.prisma.student.findMany({
      where: { sessionId },
      orderBy: [{ joinedAt: "asc" }, { id: "asc" }],
    });
    return rows.map(toStudentRecord);
  }

  async createRun(fence: Fence, run: RunRecord): Promise<void> {
    const create = this.prisma.run.create({
      data: {
        id: run.id,
        sessionId: run.sessionId,
        studentId: run.studentId,
        round: run.round,
        attempt: run.attempt,
        config: JSON.stringify(run.config),
        status: run.status,
        reason: run.reason,
        divergedAt: run.divergedAt,
        finalParams: run.finalParams === null ? null : encodeFloat64(run.finalParams),
        startedAt: new Date(run.startedAt),
        finishedAt: toDate(run.finishedAt),
        prediction: run.prediction === null ? null : JSON.stringify(run.prediction),
        testLosses: run.testLosses === null ? null : encodeLosses(run.testLosses),
      },
    });
    try {
      const scored = [run.trainLoss, run.testLoss, run.trainAccuracy, run.testAccuracy].some((value) => value !== null);
      if (!scored) await this.fenced([fence], [create]);
      else await this.fenced([fence], [create, this.setScores(run.id, run)]);
    } catch (error) {
      // As for names, ask which unique key it was rather than read the driver's metadata.
      if (isUniqueViolation(error) && (await this.prisma.run.findUnique({ where: { id: run.id } })) !== null) {
        throw new RunIdTakenError(run.id);
      }
      throw error;
    }
  }

  async finishRun(fence: Fence, runId: string, result: RunResult): Promise<void> {
    await this.fenced(
      [fence],
      [
        this.prisma.run.update({
          where: { id: runId },
          data: {
            status: result.status,
            reason: result.reason,
            divergedAt: result.divergedAt,
            finalParams: result.finalParams === null ? null : encodeFloat64(result.finalParams),
            finishedAt: toDate(result.finishedAt),
            testLosses: result.testLosses === null ? null : encodeLosses(result.testLosses),
          },
        }),
        this.setScores(runId, result),
      ],
    );
  }

  async listRuns(sessionId: string): Promise<RunRecord[]> {
    const rows = await this.prisma.run.findMany({
      where: { sessionId },
      orderBy: [{ startedAt: "asc" }, { id: "asc" }],
    });
    return rows.map(toRunRecord);
  }

  async appendChunks(chunks: readonly ChunkRecord[], fences: readonly Fence[]): Promise<void> {
    if (chunks.length === 0) return;
    // Multi-row INSERT ... ON CONFLICT DO NOTHING: one round trip per few thousand chunks, idempotent per
    // (runId, seq) on both databases (Prisma's createMany has no skipDuplicates on SQLite).
    const statements = [];
    for (let start = 0; start < chunks.length; start += CHUNK_ROWS_PER_STATEMENT) {
      const rows = chunks
        .slice(start, start + CHUNK_ROWS_PER_STATEMENT)
        .map(
          (chunk) =>
            Prisma.sql`(${chunk.runId}, ${chunk.seq}, ${chunk.fromEpoch}, ${encodeLosses(chunk.losses)}, ${toDate(chunk.receivedAt)})`,
        );
      statements.push(
        this.prisma
          .$executeRaw`INSERT INTO "RunChunk" ("runId", "seq", "fromEpoch", "losses", "receivedAt") VALUES ${Prisma.join(rows)} ON CONFLICT DO NOTHING`,
      );
    }
    await this.fenced(fences, statements);
  }

  async listChunks(sessionId: string): Promise<ChunkRecord[]> {
    const rows = await this.prisma.runChunk.findMany({
      where: { run: { sessionId } },
      orderBy: [{ runId: "asc" }, { seq: "asc" }],
    });
    return rows.map((row) => ({
      runId: row.runId,
      seq: row.seq,
      fromEpoch: row.fromEpoch,
      losses: decodeLosses(row.losses),
      receivedAt: toTime(row.receivedAt),
    }));
  }

  async appendEvent(fence: Fence, event: SessionEventRecord): Promise<void> {
    await this.fenced([fence], [this.createEvent(event)]);
  }

  async listEvents(sessionId: string): Promise<SessionEventRecord[]> {
    const rows = await this.prisma.sessionEvent.findMany({ where: { sessionId }, orderBy: { id: "asc" } });
    return rows.map(toEventRecord);
  }

  async ping(): Promise<void> {
    await this.prisma.$queryRaw`SELECT 1`;
  }

  async close(): Promise<void> {
    await this.prisma.$disconnect();
  }

  /**
   * Runs `statements` in one transaction after a check of each fence: an update of the session's row that matches
   * only while its token is the fence's. It fails the transaction when the session has been claimed since, and
   * holds the row, so a claim cannot slip in between the check and the commit (it waits for this commit).
   */
  private async fenced(fences: readonly Fence[], statements: Prisma.PrismaPromise<unknown>[]): Promise<void> {
    const checks = fences.map(({ sessionId, token }) =>
      this.prisma.session.update({
        where: { id: sessionId, fence: token },
        data: { fence: token },
        select: { id: true },
      }),
    );
    try {
      await this.prisma.$transaction([...checks, ...statements]);
    } catch (error) {
      if (isRecordNotFound(error)) {
        // Which fence failed: the first whose session has another token now (a missing row is the caller's error).
        for (const fence of fences) {
          const row = await this.prisma.session.findUnique({ where: { id: fence.sessionId }, select: { fence: true } });
          if (row !== null && row.fence !== fence.token) {
            throw new StaleFenceError(fence.sessionId, fence.token, row.fence);
          }
        }
      }
      throw error;
    }
  }

  private createEvent(event: SessionEventRecord) {
    return this.prisma.sessionEvent.create({ data: eventRow(event) });
  }

  /**
   * Prisma rounds a Float parameter to 16 significant digits on its way to the driver (prisma/prisma#11096,
   * also through $executeRaw), so the losses and accuracies go as text that the database parses exactly: a score
   * must read back bit for bit, or a restart could reorder a leaderboard. A non-finite value is stored as null.
   */
  private setScores(runId: string, scores: Scores) {
    const { trainLoss, testLoss, trainAccuracy, testAccuracy } = scores;
    return this.prisma
      .$executeRaw`UPDATE "Run" SET "trainLoss" = CAST(${lossText(trainLoss)} AS DOUBLE PRECISION), "testLoss" = CAST(${lossText(testLoss)} AS DOUBLE PRECISION), "trainAccuracy" = CAST(${lossText(trainAccuracy)} AS DOUBLE PRECISION), "testAccuracy" = CAST(${lossText(testAccuracy)} AS DOUBLE PRECISION) WHERE "id" = ${runId}`;
  }

  private async nameTaken(sessionId: string, name: string): Promise<boolean> {
    const row = await this.prisma.student.findUnique({ where: { sessionId_name: { sessionId, name } } });
    return row !== null;
  }
}

function eventRow(event: SessionEventRecord) {
  return { sessionId: event.sessionId, at: new Date(event.at), kind: event.kind, data: JSON.stringify(event.data) };
}

/** Prisma's "record to update not found" (P2025): here, a fence check whose session has another token. */
function isRecordNotFound(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "P2025";
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "P2002";
}

/** The shortest decimal text that reads back as exactly this double. */
function lossText(value: number | null): string | null {
  return value === null || !Number.isFinite(value) ? null : String(value);
}

function toDate(time: number | null): Date | null {
  return time === null ? null : new Date(time);
}

function toTime(date: Date | null): number | null {
  return date === null ? null : date.getTime();
}

/** Little-endian float64, whatever the machine's byte order. */
function encodeFloat64(values: readonly number[]): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i]!, true);
  return bytes;
}

function decodeFloat64(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Array<number>(bytes.byteLength / 8);
  for (let i = 0; i < values.length; i++) values[i] = view.getFloat64(i * 8, true);
  return values;
}

/** A null loss is stored as NaN. */
function encodeLosses(losses: readonly (number | null)[]): Uint8Array<ArrayBuffer> {
  return encodeFloat64(losses.map((loss) => loss ?? Number.NaN));
}

/** Any non-finite loss reads back as null. */
function decodeLosses(bytes: Uint8Array): (number | null)[] {
  return decodeFloat64(bytes).map((loss) => (Number.isFinite(loss) ? loss : null));
}

function toSessionRecord(row: SessionRow): SessionRecord {
  return {
    id: row.id,
    code: row.code,
    hostTokenHash: row.hostTokenHash,
    instructorKeyHash: row.instructorKeyHash,
    shareToken: row.shareToken,
    // Through the schema, so a challenge stored before a field existed reads back with that field's default.
    challenge: readChallenge(row.id, row.challenge),
    round: row.round,
    status: readSessionStatus(row.id, row.status),
    locked: row.locked,
    anonymized: row.anonymized,
    revealed: row.revealed,
    createdAt: row.createdAt.getTime(),
    startedAt: toTime(row.startedAt),
    endsAt: toTime(row.endsAt),
    remainingMs: row.remainingMs,
    endedAt: toTime(row.endedAt),
  };
}

function toStudentRecord(row: StudentRow): StudentRecord {
  return {
    id: row.id,
    sessionId: row.sessionId,
    name: row.name,
    tokenHash: row.tokenHash,
    kicked: row.kicked,
    joinedAt: row.joinedAt.getTime(),
  };
}

function toRunRecord(row: RunRow): RunRecord {
  return {
    id: row.id,
    sessionId: row.sessionId,
    studentId: row.studentId,
    round: row.round,
    attempt: row.attempt,
    config: readRunConfig(row.id, row.config),
    status: readRunStatus(row.id, row.status),
    reason: row.reason,
    trainLoss: row.trainLoss,
    testLoss: row.testLoss,
    trainAccuracy: row.trainAccuracy,
    testAccuracy: row.testAccuracy,
    divergedAt: row.divergedAt,
    finalParams: row.finalParams === null ? null : decodeFloat64(row.finalParams),
    startedAt: row.startedAt.getTime(),
    finishedAt: toTime(row.finishedAt),
    prediction: readRunPrediction(row.id, row.prediction),
    testLosses: readTestLosses(row.id, row.testLosses),
  };
}

function toRoundRecord(row: SessionRoundRow): RoundRecord {
  return {
    sessionId: row.sessionId,
    round: row.round,
    // Read like the session's own challenge, so an archived one gets the same upgrades of older shapes.
    challenge: readChallenge(row.sessionId, row.challenge),
    startedAt: toTime(row.startedAt),
    endedAt: toTime(row.endedAt),
  };
}

function toEventRecord(row: SessionEventRow): SessionEventRecord {
  return {
    sessionId: row.sessionId,
    at: row.at.getTime(),
    kind: row.kind,
    data: JSON.parse(row.data) as Record<string, unknown>,
  };
}
