// The one test suite every Store must pass (after tldraw's storageContractSuite): each database the project
// supports runs it from its own *.test.ts file.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { challengeSchema, CSV_LIMITS, runConfigSchema } from "@downhill/core";
import {
  NameTakenError,
  RunIdTakenError,
  StoredRowError,
  type ChunkRecord,
  type Fence,
  type RunRecord,
  type SessionEventRecord,
  type SessionRecord,
  type Store,
  type StudentRecord,
} from "./Store.ts";

export interface OpenedStore {
  readonly store: Store;
  /** Closes this store; the database itself outlives it. */
  readonly cleanup: () => Promise<void>;
  /** Writes a raw value into one column of one row, behind the store's back (a row stored by another version). */
  readonly overwrite: (table: "Session" | "Run", column: string, id: string, value: string) => Promise<void>;
}

export const T0 = Date.UTC(2025, 2, 14, 9, 0, 0, 123);

const CHALLENGE = challengeSchema.parse({
  title: "Fit y = 2x",
  dataset: {
    name: "csv",
    standardize: false,
    csv: {
      featureNames: ["x"],
      targetName: "y",
      rows: [[0], [1], [2], [3], [4], [5], [6], [7]],
      targets: [0, 2, 4, 6, 8, 10, 12, 14.000000000000002],
    },
  },
  model: { kind: "mlp", hidden: [4, 2], activation: "tanh" },
  lrMin: 1e-5,
  lrMax: 1,
  epochs: 300,
  batchSizes: ["full", 4],
  scoring: "test",
});

const RUN_CONFIG = runConfigSchema.parse({
  optimizer: "sgd",
  lr: 0.05,
  epochs: 300,
  batchSize: 4,
  momentum: 0.9,
  nesterov: true,
  schedule: { kind: "step", stepSize: 50, gamma: 0.5 },
  seed: 42,
});

export function makeSession(overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id: randomUUID(),
    code: randomUUID().slice(0, 8).toUpperCase(),
    hostTokenHash: randomUUID().replace(/-/g, ""),
    instructorKeyHash: randomUUID().replace(/-/g, ""),
    shareToken: randomUUID(),
    challenge: CHALLENGE,
    round: 1,
    status: "lobby",
    locked: false,
    anonymized: false,
    revealed: false,
    createdAt: T0,
    startedAt: null,
    endsAt: null,
    remainingMs: 600_000,
    endedAt: null,
    ...overrides,
  };
}

/** The fence of a session no server has claimed yet: every session starts at token 0. */
export function unclaimed(sessionId: string): Fence {
  return { sessionId, token: 0 };
}

export function makeEvent(
  sessionId: string,
  kind: string,
  at: number,
  data: Record<string, unknown> = {},
): SessionEventRecord {
  return { sessionId, at, kind, data };
}

export function makeStudent(sessionId: string, name: string, joinedAt = T0 + 1_000): StudentRecord {
  return { id: randomUUID(), sessionId, name, tokenHash: randomUUID().replace(/-/g, ""), kicked: false, joinedAt };
}

export function makeRun(sessionId: string, studentId: string, attempt: number, startedAt = T0 + 5_000): RunRecord {
  return {
    id: randomUUID(),
    sessionId,
    studentId,
    round: 1,
    attempt,
    config: RUN_CONFIG,
    status: "running",
    reason: null,
    trainLoss: null,
    testLoss: null,
    trainAccuracy: null,
    testAccuracy: null,
    divergedAt: null,
    finalParams: null,
    startedAt,
    finishedAt: null,
    prediction: null,
    testLosses: null,
  };
}

/**
 * Checks every Store method against the contract in Store.ts. `open` must return a new Store on the same
 * database at each call (the durability test opens a second one); the suite starts from any database state.
 */
export function describeStoreContract(name: string, open: () => Promise<OpenedStore>): void {
  describe(`Store contract: ${name}`, () => {
    let opened: OpenedStore;
    let store: Store;

    beforeAll(async () => {
      opened = await open();
      store = opened.store;
    });

    afterAll(async () => {
      await opened?.cleanup();
    });

    /** A session with one student and one run, to hang chunks on. */
    async function sessionWithRuns(runs: number) {
      const session = makeSession();
      await store.createSession(session, makeEvent(session.id, "created", T0));
      const student = makeStudent(session.id, "Ada");
      await store.addStudents(
        [{ student: student, event: makeEvent(session.id, "joined", T0 + 1_000) }],
        [unclaimed(session.id)],
      );
      const runRecords: RunRecord[] = [];
      for (let attempt = 1; attempt <= runs; attempt++) {
        const run = makeRun(session.id, student.id, attempt, T0 + 5_000 + attempt);
        await store.createRun(unclaimed(session.id), run);
        runRecords.push(run);
      }
      return { session, student, runs: runRecords };
    }

    it("a created session reads back with every field equal, by id, by code and by share token", async () => {
      const session = makeSession({
        status: "running",
        locked: true,
        anonymized: true,
        revealed: true,
        startedAt: T0 + 60_000,
        endsAt: T0 + 660_000,
        remainingMs: null,
        endedAt: T0 + 700_001,
      });
      await store.createSession(session, makeEvent(session.id, "created", T0));
      expect(await store.getSession(session.id)).toEqual(session);
      expect(await store.findSessionByCode(session.code)).toEqual(session);
      expect(await store.findSessionByShareToken(session.shareToken)).toEqual(session);

      const plain = makeSession();
      await store.createSession(plain, makeEvent(plain.id, "created", T0));
      expect(await store.getSession(plain.id)).toEqual(plain);
    });

    it("lookups of unknown keys answer null", async () => {
      expect(await store.getSession(randomUUID())).toBeNull();
      expect(await store.findSessionByCode("NOPE0000")).toBeNull();
      expect(await store.findSessionByShareToken(randomUUID())).toBeNull();
      expect(await store.findStudentByTokenHash(randomUUID())).toBeNull();
    });

    it("createSession records its event", async () => {
      const session = makeSession();
      await store.createSession(session, makeEvent(session.id, "created", T0, { title: CHALLENGE.title }));
      expect(await store.listEvents(session.id)).toEqual([
        { sessionId: session.id, at: T0, kind: "created", data: { title: CHALLENGE.title } },
      ]);
    });

    it("createSession is all or nothing: a session whose event cannot be stored is not stored", async () => {
      const session = makeSession();
      await expect(store.createSession(session, makeEvent(randomUUID(), "created", T0))).rejects.toThrow();
      expect(await store.getSession(session.id)).toBeNull();
      // The failed transaction let go of the database.
      const next = makeSession();
      await store.createSession(next, makeEvent(next.id, "created", T0));
      expect(await store.getSession(next.id)).toEqual(next);
    });

    it("createSession with a join code already taken fails and stores nothing of the second session", async () => {
      const first = makeSession();
      await store.createSession(first, makeEvent(first.id, "created", T0));
      const clash = makeSession({ code: first.code });
      await expect(store.createSession(clash, makeEvent(clash.id, "created", T0))).rejects.toThrow();
      expect(await store.getSession(clash.id)).toBeNull();
      expect(await store.listEvents(clash.id)).toEqual([]);
      expect(await store.findSessionByCode(first.code)).toEqual(first);
    });

    it("a session with the largest uploaded CSV reads back with every number exact", async () => {
      const rows = Array.from({ length: CSV_LIMITS.maxRows }, (_, i) =>
        Array.from({ length: CSV_LIMITS.maxFeatures }, (_, j) => Math.sin(i * CSV_LIMITS.maxFeatures + j) / 3),
      );
      const challenge = challengeSchema.parse({
        title: "The largest upload",
        dataset: {
          name: "csv",
          csv: {
            featureNames: rows[0]!.map((_, j) => `x${j}`),
            targetName: "y",
            rows,
            targets: rows.map((row) => row.reduce((sum, value) => sum + value, 0)),
          },
        },
        model: "linear",
        epochs: 100,
      });
      const session = makeSession({ challenge });
      await store.createSession(session, makeEvent(session.id, "created", T0));
      expect(await store.getSession(session.id)).toEqual(session);
    });

    it("updateSession changes only the patched fields and records the event", async () => {
      const session = makeSession();
      await store.createSession(session, makeEvent(session.id, "created", T0));
      const patch = { status: "running", startedAt: T0 + 10, endsAt: T0 + 600_010, remainingMs: null } as const;
      await store.updateSession(
        unclaimed(session.id),
        patch,
        makeEvent(session.id, "started", T0 + 10, { by: "host" }),
      );
      expect(await store.getSession(session.id)).toEqual({ ...session, ...patch });

      await store.updateSession(unclaimed(session.id), { locked: true }, makeEvent(session.id, "locked", T0 + 20));
      expect(await store.getSession(session.id)).toEqual({ ...session, ...patch, locked: true });
      expect((await store.listEvents(session.id)).map((event) => event.kind)).toEqual(["created", "started", "locked"]);
    });

    it("updateSession of an unknown session fails and records no event", async () => {
      const session = makeSession();
      await store.createSession(session, makeEvent(session.id, "created", T0));
      await expect(
        store.updateSession(unclaimed(randomUUID()), { locked: true }, makeEvent(session.id, "locked", T0 + 1)),
      ).rejects.toThrow();
      expect((await store.listEvents(session.id)).map((event) => event.kind)).toEqual(["created"]);
    });

    it("updateSession whose event cannot be stored leaves the session unchanged", async () => {
      const session = makeSession();
      await store.createSession(session, makeEvent(session.id, "created", T0));
      await expect(
        store.updateSession(
          unclaimed(session.id),
          { status: "ended", endedAt: T0 + 9 },
          makeEvent(randomUUID(), "ended", T0 + 9),
        ),
      ).rejects.toThrow();
      expect(await store.getSession(session.id)).toEqual(session);
    });

    it("endSession ends the session and closes its running runs as unfinished, in one transaction", async () => {
      const { session, runs } = await sessionWithRuns(3);
      const verified = {
        status: "verified",
        reason: null,
        trainLoss: 0.25,
        testLoss: null,
        trainAccuracy: null,
        testAccuracy: null,
        divergedAt: null,
        finalParams: [2, 0],
        finishedAt: T0 + 8_000,
        testLosses: null,
      } as const;
      await store.finishRun(unclaimed(session.id), runs[0]!.id, verified);
      const other = await sessionWithRuns(1);
      const reason = "the round ended before this run was verified";

      await store.endSession(unclaimed(session.id), T0 + 9_000, reason, makeEvent(session.id, "ended", T0 + 9_000));

      expect(await store.getSession(session.id)).toMatchObject({
        status: "ended",
        endedAt: T0 + 9_000,
        endsAt: null,
        remainingMs: 0,
      });
      const closed = { status: "unfinished", reason, finishedAt: T0 + 9_000 } as const;
      expect(await store.listRuns(session.id)).toEqual([
        { ...runs[0], ...verified },
        { ...runs[1], ...closed },
        { ...runs[2], ...closed },
      ]);
      expect(await store.listRuns(other.session.id)).toEqual(other.runs);
      expect((await store.listEvents(session.id)).map((event) => event.kind)).toContain("ended");
    });

    it("startRound stores the ended round and starts the next in the lobby; students and earlier runs stay", async () => {
      const { session, student, runs } = await sessionWithRuns(2);
      await store.endSession(unclaimed(session.id), T0 + 9_000, "ended", makeEvent(session.id, "ended", T0 + 9_000));
      await store.updateSession(
        unclaimed(session.id),
        { revealed: true },
        makeEvent(session.id, "revealed", T0 + 9_500),
      );
      const next = { ...CHALLENGE, title: "Round two", timeLimitSeconds: 120 };
      const ended = { sessionId: session.id, round: 1, challenge: CHALLENGE, startedAt: T0 + 100, endedAt: T0 + 9_000 };

      await store.startRound(
        unclaimed(session.id),
        ended,
        { round: 2, challenge: next },
        makeEvent(session.id, "round", T0 + 10_000, { round: 2 }),
      );

      expect(await store.getSession(session.id)).toEqual({
        ...session,
        round: 2,
        challenge: next,
        status: "lobby",
        revealed: false,
        startedAt: null,
        endsAt: null,
        remainingMs: 120_000,
        endedAt: null,
      });
      expect(await store.listRounds(session.id)).toEqual([ended]);
      expect(await store.listStudents(session.id)).toEqual([student]);
      // Attempts count from 1 again in round 2: the unique key takes the round.
      const again = { ...makeRun(session.id, student.id, 1, T0 + 11_000), round: 2 };
      await store.createRun(unclaimed(session.id), again);
      const closed = { status: "unfinished", reason: "ended", finishedAt: T0 + 9_000 } as const;
      expect(await store.listRuns(session.id)).toEqual([{ ...runs[0], ...closed }, { ...runs[1], ...closed }, again]);
      expect((await store.listEvents(session.id)).at(-1)).toMatchObject({ kind: "round", data: { round: 2 } });
      expect(await store.listLiveSessions()).toContainEqual(await store.getSession(session.id));
    });

    it("a second attempt of the same number in the same round is refused", async () => {
      const { session, student } = await sessionWithRuns(1);
      await expect(store.createRun(unclaimed(session.id), makeRun(session.id, student.id, 1))).rejects.toThrow();
    });

    it("endSession whose event cannot be stored leaves the session and its runs unchanged", async () => {
      const { session, runs } = await sessionWithRuns(2);
      await expect(
        store.endSession(unclaimed(session.id), T0 + 9_000, "ended", makeEvent(randomUUID(), "ended", T0 + 9_000)),
      ).rejects.toThrow();
      expect(await store.getSession(session.id)).toEqual(session);
      expect(await store.listRuns(session.id)).toEqual(runs);
    });

    it("listLiveSessions lists the sessions not yet ended", async () => {
      const lobby = makeSession({ status: "lobby" });
      const running = makeSession({ status: "running", startedAt: T0, endsAt: T0 + 1 });
      const paused = makeSession({ status: "paused", startedAt: T0 });
      const ended = makeSession({ status: "running", startedAt: T0 });
      for (const session of [lobby, running, paused, ended]) {
        await store.createSession(session, makeEvent(session.id, "created", T0));
      }
      await store.updateSession(
        unclaimed(ended.id),
        { status: "ended", endedAt: T0 + 5 },
        makeEvent(ended.id, "ended", T0 + 5),
      );

      const live = await store.listLiveSessions();
      const ids = new Set(live.map((session) => session.id));
      expect(ids.has(lobby.id) && ids.has(running.id) && ids.has(paused.id)).toBe(true);
      expect(ids.has(ended.id)).toBe(false);
      expect(live.find((session) => session.id === paused.id)).toEqual(paused);
      expect(live.every((session) => session.status !== "ended")).toBe(true);
    });

    it("listSessionsEndedBefore lists the ended sessions older than the cutoff, oldest first, up to the limit", async () => {
      const cutoff = T0 - 1_000_000;
      const ended = async (endedAt: number) => {
        const session = makeSession({ status: "running", startedAt: T0 - 2_000_000 });
        await store.createSession(session, makeEvent(session.id, "created", T0));
        await store.endSession(unclaimed(session.id), endedAt, "ended", makeEvent(session.id, "ended", endedAt));
        return session.id;
      };
      const newer = await ended(cutoff - 10);
      const older = await ended(cutoff - 20);
      const recent = await ended(cutoff + 10);
      const live = makeSession({ status: "running", startedAt: T0 - 2_000_000 });
      await store.createSession(live, makeEvent(live.id, "created", T0));

      const ids = await store.listSessionsEndedBefore(cutoff, 10_000);
      expect(ids).toContain(older);
      expect(ids.indexOf(older)).toBeLessThan(ids.indexOf(newer));
      expect(ids).not.toContain(recent);
      expect(ids).not.toContain(live.id);
      expect(await store.listSessionsEndedBefore(cutoff, 1)).toHaveLength(1);
    });

    it("deleteSession removes the session, its students, runs, batches and events, and nothing of another", async () => {
      const doomed = await sessionWithRuns(2);
      const kept = await sessionWithRuns(1);
      const ended = { sessionId: doomed.session.id, round: 1, challenge: CHALLENGE, startedAt: null, endedAt: null };
      await store.startRound(
        unclaimed(doomed.session.id),
        ended,
        { round: 2, challenge: CHALLENGE },
        makeEvent(doomed.session.id, "round", T0 + 9),
      );
      for (const { session, runs } of [doomed, kept]) {
        await store.appendChunks(
          runs.map((run) => ({ runId: run.id, seq: 0, fromEpoch: 0, losses: [1, 0.5], receivedAt: null })),
          [unclaimed(session.id)],
        );
      }

      expect(await store.deleteSession(doomed.session.id)).toBe(true);

      expect(await store.getSession(doomed.session.id)).toBeNull();
      expect(await store.findSessionByCode(doomed.session.code)).toBeNull();
      expect(await store.findSessionByShareToken(doomed.session.shareToken)).toBeNull();
      expect(await store.listStudents(doomed.session.id)).toEqual([]);
      expect(await store.findStudentByTokenHash(doomed.student.tokenHash)).toBeNull();
      expect(await store.listRuns(doomed.session.id)).toEqual([]);
      expect(await store.listChunks(doomed.session.id)).toEqual([]);
      expect(await store.listEvents(doomed.session.id)).toEqual([]);
      expect(await store.listRounds(doomed.session.id)).toEqual([]);
      expect(await store.listSessionsByInstructor(doomed.session.instructorKeyHash)).toEqual([]);

      expect(await store.getSession(kept.session.id)).toEqual(kept.session);
      expect(await store.listRuns(kept.session.id)).toEqual(kept.runs);
      expect(await store.listChunks(kept.session.id)).toHaveLength(1);
      expect(await store.listEvents(kept.session.id)).toHaveLength(2);
      expect(await store.deleteSession(doomed.session.id)).toBe(false);
    });

    it("listSessionsByInstructor lists that instructor's sessions newest first, with title and counts", async () => {
      const instructorKeyHash = randomUUID();
      const older = makeSession({ instructorKeyHash, createdAt: T0 });
      const newer = makeSession({ instructorKeyHash, createdAt: T0 + 86_400_000, status: "ended", endedAt: T0 + 1 });
      const someoneElse = makeSession({ createdAt: T0 + 1 });
      for (const session of [older, newer, someoneElse]) {
        await store.createSession(session, makeEvent(session.id, "created", session.createdAt));
      }
      const ada = makeStudent(older.id, "Ada");
      const bob = makeStudent(older.id, "Bob");
      await store.addStudents([{ student: ada, event: makeEvent(older.id, "joined", T0 + 1) }], [unclaimed(older.id)]);
      await store.addStudents([{ student: bob, event: makeEvent(older.id, "joined", T0 + 2) }], [unclaimed(older.id)]);
      await store.createRun(unclaimed(older.id), makeRun(older.id, ada.id, 1));
      await store.createRun(unclaimed(older.id), makeRun(older.id, ada.id, 2));
      await store.createRun(unclaimed(older.id), makeRun(older.id, bob.id, 1));

      expect(await store.listSessionsByInstructor(instructorKeyHash)).toEqual([
        {
          id: newer.id,
          code: newer.code,
          title: "Fit y = 2x",
          status: "ended",
          createdAt: newer.createdAt,
          students: 0,
          runs: 0,
        },
        {
          id: older.id,
          code: older.code,
          title: "Fit y = 2x",
          status: "lobby",
          createdAt: older.createdAt,
          students: 2,
          runs: 3,
        },
      ]);
      expect(await store.listSessionsByInstructor(randomUUID())).toEqual([]);
    });

    it("hasInstructor knows a key once a session was created with it, and forgets it with its last session", async () => {
      const instructorKeyHash = randomUUID();
      expect(await store.hasInstructor(instructorKeyHash)).toBe(false);
      const session = makeSession({ instructorKeyHash });
      await store.createSession(session, makeEvent(session.id, "created", T0));
      expect(await store.hasInstructor(instructorKeyHash)).toBe(true);
      expect(await store.hasInstructor(randomUUID())).toBe(false);
      await store.deleteSession(session.id);
      expect(await store.hasInstructor(instructorKeyHash)).toBe(false);
    });

    it("an added student reads back by token hash and in the session's list in join order, and its event is recorded", async () => {
      const session = makeSession();
      await store.createSession(session, makeEvent(session.id, "created", T0));
      const bob = makeStudent(session.id, "Bob", T0 + 2_000);
      const ada = makeStudent(session.id, "Ada Lovelace-Byron", T0 + 3_000);
      await store.addStudents(
        [{ student: bob, event: makeEvent(session.id, "joined", T0 + 2_000, { name: "Bob" }) }],
        [unclaimed(session.id)],
      );
      await store.addStudents(
        [{ student: ada, event: makeEvent(session.id, "joined", T0 + 3_000, { name: ada.name }) }],
        [unclaimed(session.id)],
      );

      expect(await store.findStudentByTokenHash(ada.tokenHash)).toEqual(ada);
      expect(await store.listStudents(session.id)).toEqual([bob, ada]);
      expect((await store.listEvents(session.id)).slice(1)).toEqual([
        makeEvent(session.id, "joined", T0 + 2_000, { name: "Bob" }),
        makeEvent(session.id, "joined", T0 + 3_000, { name: ada.name }),
      ]);
    });

    it("addStudents throws NameTakenError for a name already in the session, and stores neither student nor event", async () => {
      const session = makeSession();
      await store.createSession(session, makeEvent(session.id, "created", T0));
      const first = makeStudent(session.id, "Grace");
      await store.addStudents(
        [{ student: first, event: makeEvent(session.id, "joined", T0 + 1) }],
        [unclaimed(session.id)],
      );

      const second = makeStudent(session.id, "Grace");
      const attempt = store.addStudents(
        [{ student: second, event: makeEvent(session.id, "joined", T0 + 2) }],
        [unclaimed(session.id)],
      );
      await expect(attempt).rejects.toBeInstanceOf(NameTakenError);
      await expect(attempt).rejects.toThrow('"Grace"');
      expect(await store.listStudents(session.id)).toEqual([first]);
      expect(await store.findStudentByTokenHash(second.tokenHash)).toBeNull();
      expect(await store.listEvents(session.id)).toHaveLength(2);
    });

    it("addStudents stores a whole batch with its events, in order, in one call", async () => {
      const session = makeSession();
      await store.createSession(session, makeEvent(session.id, "created", T0));
      const students = ["Ada", "Bob", "Cy", "Dee"].map((name, i) => makeStudent(session.id, name, T0 + i));
      await store.addStudents(
        students.map((student, i) => ({
          student,
          event: makeEvent(session.id, "joined", T0 + i, { studentId: student.id }),
        })),
        [unclaimed(session.id)],
      );
      expect(await store.listStudents(session.id)).toEqual(students);
      const joined = (await store.listEvents(session.id)).filter((event) => event.kind === "joined");
      expect(joined.map((event) => event.data.studentId)).toEqual(students.map((student) => student.id));
    });

    it("a batch holding one taken name stores none of its students, and names the taken one", async () => {
      const session = makeSession();
      await store.createSession(session, makeEvent(session.id, "created", T0));
      const grace = makeStudent(session.id, "Grace");
      await store.addStudents(
        [{ student: grace, event: makeEvent(session.id, "joined", T0 + 1) }],
        [unclaimed(session.id)],
      );
      const batch = [
        makeStudent(session.id, "Alan"),
        makeStudent(session.id, "Grace"),
        makeStudent(session.id, "Edsger"),
      ];
      const attempt = store.addStudents(
        batch.map((student) => ({ student, event: makeEvent(session.id, "joined", T0 + 2) })),
        [unclaimed(session.id)],
      );
      await expect(attempt).rejects.toBeInstanceOf(NameTakenError);
      await expect(attempt).rejects.toThrow('"Grace"');
      expect(await store.listStudents(session.id)).toEqual([grace]);
      expect(await store.listEvents(session.id)).toHaveLength(2);
    });

    it("the same name may join two different sessions", async () => {
      const one = makeSession();
      const two = makeSession();
      await store.createSession(one, makeEvent(one.id, "created", T0));
      await store.createSession(two, makeEvent(two.id, "created", T0));
      const inOne = makeStudent(one.id, "Alan");
      const inTwo = makeStudent(two.id, "Alan");
      await store.addStudents([{ student: inOne, event: makeEvent(one.id, "joined", T0 + 1) }], [unclaimed(one.id)]);
      await store.addStudents([{ student: inTwo, event: makeEvent(two.id, "joined", T0 + 1) }], [unclaimed(two.id)]);
      expect(await store.listStudents(one.id)).toEqual([inOne]);
      expect(await store.listStudents(two.id)).toEqual([inTwo]);
    });

    it("setStudentKicked marks the student kicked and records the event", async () => {
      const { session, student } = await sessionWithRuns(0);
      await store.setStudentKicked(
        unclaimed(session.id),
        student.id,
        makeEvent(session.id, "kicked", T0 + 9, { studentId: student.id }),
      );
      expect(await store.findStudentByTokenHash(student.tokenHash)).toEqual({ ...student, kicked: true });
      expect((await store.listEvents(session.id)).at(-1)).toEqual(
        makeEvent(session.id, "kicked", T0 + 9, { studentId: student.id }),
      );
    });

    it("a created run reads back equal, and finishRun stores every result field", async () => {
      const { session, runs } = await sessionWithRuns(3);
      expect(await store.listRuns(session.id)).toEqual(runs);

      const finalParams = [2, -0.5, 1e-300, -1.7976931348623157e308, 0.1 + 0.2, 0];
      const verified = {
        status: "verified",
        reason: null,
        trainLoss: 0.0012345678901234567,
        testLoss: 3.3e-7,
        // Shares of rows whose decimals need all 17 digits: they too must read back bit for bit.
        trainAccuracy: 2 / 3,
        testAccuracy: 37 / 41,
        divergedAt: null,
        finalParams,
        finishedAt: T0 + 9_999,
        // The test split's curve, bit for bit, a loss that was not finite read back as null.
        testLosses: [0.5, 0.1 + 0.2, 5e-324, null, 1.7976931348623157e308],
      } as const;
      const diverged = {
        status: "diverged",
        reason: "loss overflowed at epoch 17",
        trainLoss: null,
        testLoss: null,
        trainAccuracy: null,
        testAccuracy: null,
        divergedAt: 17,
        finalParams: null,
        finishedAt: T0 + 10_000,
        testLosses: [2, Number.POSITIVE_INFINITY],
      } as const;
      await store.finishRun(unclaimed(session.id), runs[0]!.id, verified);
      await store.finishRun(unclaimed(session.id), runs[1]!.id, diverged);

      expect(await store.listRuns(session.id)).toEqual([
        { ...runs[0], ...verified },
        { ...runs[1], ...diverged, testLosses: [2, null] },
        runs[2],
      ]);
    });

    it("a run created with its result reads back equal, losses bit for bit", async () => {
      const { session, student } = await sessionWithRuns(0);
      const run: RunRecord = {
        ...makeRun(session.id, student.id, 1),
        status: "verified",
        trainLoss: 0.1 + 0.2,
        testLoss: 5e-324,
        trainAccuracy: 1 / 3,
        testAccuracy: 0.1 + 0.7,
        finalParams: [1.9999999999999998],
        finishedAt: T0 + 6_000,
        testLosses: [0.1 + 0.7, 1 / 3],
      };
      await store.createRun(unclaimed(session.id), run);
      expect(await store.listRuns(session.id)).toEqual([run]);
    });

    it("a run's prediction reads back as it was stored, one of each kind", async () => {
      const { session, student } = await sessionWithRuns(0);
      const diverges: RunRecord = { ...makeRun(session.id, student.id, 1), prediction: { outcome: "diverges" } };
      const decade: RunRecord = {
        ...makeRun(session.id, student.id, 2, T0 + 5_001),
        prediction: { outcome: "finishes", decade: -3 },
      };
      for (const run of [diverges, decade]) await store.createRun(unclaimed(session.id), run);
      expect(await store.listRuns(session.id)).toEqual([diverges, decade]);
    });

    it("createRun throws RunIdTakenError for an id another session's run holds, and stores nothing", async () => {
      const { runs } = await sessionWithRuns(1);
      const other = await sessionWithRuns(0);
      const clash = { ...makeRun(other.session.id, other.student.id, 1), id: runs[0]!.id };
      await expect(store.createRun(unclaimed(other.session.id), clash)).rejects.toBeInstanceOf(RunIdTakenError);
      expect(await store.listRuns(other.session.id)).toEqual([]);
    });

    it("appended chunks read back equal, with null for null, NaN and infinite losses, and their arrival times", async () => {
      const { session, runs } = await sessionWithRuns(1);
      const runId = runs[0]!.id;
      await store.appendChunks(
        [
          { runId, seq: 0, fromEpoch: 0, losses: [4.2, 0.1 + 0.2, 1e-300, 5e-324], receivedAt: T0 + 7_001 },
          {
            runId,
            seq: 1,
            fromEpoch: 4,
            losses: [null, Number.NaN, Number.POSITIVE_INFINITY, -0.5],
            receivedAt: T0 + 7_999,
          },
          { runId, seq: 2, fromEpoch: 8, losses: [], receivedAt: null },
        ],
        [unclaimed(session.id)],
      );
      expect(await store.listChunks(session.id)).toEqual([
        { runId, seq: 0, fromEpoch: 0, losses: [4.2, 0.1 + 0.2, 1e-300, 5e-324], receivedAt: T0 + 7_001 },
        { runId, seq: 1, fromEpoch: 4, losses: [null, null, null, -0.5], receivedAt: T0 + 7_999 },
        { runId, seq: 2, fromEpoch: 8, losses: [], receivedAt: null },
      ]);
    });

    it("appendChunks is idempotent per (runId, seq): the first version stored is kept", async () => {
      const { session, runs } = await sessionWithRuns(1);
      const runId = runs[0]!.id;
      const first: ChunkRecord = { runId, seq: 0, fromEpoch: 0, losses: [1, 0.5], receivedAt: T0 + 7_000 };
      const fences = [unclaimed(session.id)];
      await store.appendChunks([first], fences);
      await store.appendChunks([{ runId, seq: 0, fromEpoch: 99, losses: [7, 7, 7], receivedAt: null }, first], fences);
      await store.appendChunks(
        [
          { runId, seq: 1, fromEpoch: 2, losses: [0.25], receivedAt: null },
          { runId, seq: 1, fromEpoch: 50, losses: [9], receivedAt: null },
        ],
        fences,
      );
      expect(await store.listChunks(session.id)).toEqual([
        first,
        { runId, seq: 1, fromEpoch: 2, losses: [0.25], receivedAt: null },
      ]);
    });

    it("one appendChunks call stores chunks of several runs of several sessions, listed per session by run then seq", async () => {
      const a = await sessionWithRuns(3);
      const b = await sessionWithRuns(1);
      const chunks: ChunkRecord[] = [];
      for (let seq = 2; seq >= 0; seq--) {
        for (const run of [...a.runs, ...b.runs]) {
          chunks.push({ runId: run.id, seq, fromEpoch: seq * 2, losses: [seq + 0.5, seq + 0.25], receivedAt: null });
        }
      }
      await store.appendChunks(chunks, [unclaimed(a.session.id), unclaimed(b.session.id)]);

      const byRunThenSeq = (x: ChunkRecord, y: ChunkRecord) =>
        x.runId < y.runId ? -1 : x.runId > y.runId ? 1 : x.seq - y.seq;
      const aIds = new Set(a.runs.map((run) => run.id));
      expect(await store.listChunks(a.session.id)).toEqual(chunks.filter((c) => aIds.has(c.runId)).sort(byRunThenSeq));
      expect(await store.listChunks(b.session.id)).toEqual(
        chunks.filter((c) => c.runId === b.runs[0]!.id).sort(byRunThenSeq),
      );
    });

    it("a batch larger than one SQL statement holds is stored whole", async () => {
      const { session, runs } = await sessionWithRuns(2);
      const chunks: ChunkRecord[] = [];
      for (let seq = 0; seq < 6_000; seq++) {
        for (const run of runs)
          chunks.push({ runId: run.id, seq, fromEpoch: seq, losses: [1 / (seq + 1)], receivedAt: null });
      }
      await store.appendChunks(chunks, [unclaimed(session.id)]);
      const stored = await store.listChunks(session.id);
      expect(stored).toHaveLength(12_000);
      expect(stored[5_999]).toEqual({
        runId: stored[0]!.runId,
        seq: 5_999,
        fromEpoch: 5_999,
        losses: [1 / 6_000],
        receivedAt: null,
      });
    });

    it("appendChunks with no chunks does nothing", async () => {
      await expect(store.appendChunks([], [])).resolves.toBeUndefined();
    });

    it("appendChunks is all or nothing: a chunk of an unknown run rejects the whole batch", async () => {
      const { session, runs } = await sessionWithRuns(1);
      await expect(
        store.appendChunks(
          [
            { runId: runs[0]!.id, seq: 0, fromEpoch: 0, losses: [1], receivedAt: null },
            { runId: randomUUID(), seq: 0, fromEpoch: 0, losses: [1], receivedAt: null },
          ],
          [unclaimed(session.id)],
        ),
      ).rejects.toThrow();
      expect(await store.listChunks(session.id)).toEqual([]);
    });

    it("events list in the order they were appended, with their data", async () => {
      const session = makeSession();
      await store.createSession(session, makeEvent(session.id, "created", T0));
      const events = [
        makeEvent(session.id, "started", T0 + 10),
        makeEvent(session.id, "paused", T0 + 20, { remainingMs: 590_000 }),
        makeEvent(session.id, "resumed", T0 + 20, { nested: { list: [1, "two", null], flag: true } }),
        makeEvent(session.id, "ended", T0 + 30),
      ];
      for (const event of events) await store.appendEvent(unclaimed(session.id), event);
      expect(await store.listEvents(session.id)).toEqual([makeEvent(session.id, "created", T0), ...events]);
      expect(await store.listEvents(randomUUID())).toEqual([]);
    });

    it("a stored challenge, run configuration or status the schemas refuse reads as a StoredRowError naming the row and field", async () => {
      const { session, runs } = await sessionWithRuns(1);
      const challenge = JSON.stringify({ ...CHALLENGE, lrMax: "fast" });
      await opened.overwrite("Session", "challenge", session.id, challenge);
      for (const read of [
        () => store.getSession(session.id),
        () => store.findSessionByCode(session.code),
        () => store.findSessionByShareToken(session.shareToken),
      ]) {
        const error = await read().catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(StoredRowError);
        expect((error as StoredRowError).message).toContain(`stored Session ${session.id}`);
        expect((error as StoredRowError).message).toContain("challenge.lrMax");
      }

      await opened.overwrite("Run", "config", runs[0]!.id, JSON.stringify({ ...RUN_CONFIG, optimizer: "warp" }));
      await expect(store.listRuns(session.id)).rejects.toThrow(/stored Run .* config\.optimizer/);
      await opened.overwrite("Run", "config", runs[0]!.id, JSON.stringify(RUN_CONFIG));
      await opened.overwrite("Run", "status", runs[0]!.id, "teleported");
      await expect(store.listRuns(session.id)).rejects.toThrow(/status: unknown status "teleported"/);

      // A live session whose row is unreadable is left out of the list; the others still resume.
      const live = makeSession({ status: "paused", startedAt: T0 });
      await store.createSession(live, makeEvent(live.id, "created", T0));
      await opened.overwrite("Session", "status", live.id, "sleeping");
      await expect(store.getSession(live.id)).rejects.toThrow(/status: unknown status "sleeping"/);
      const other = makeSession({ status: "lobby" });
      await store.createSession(other, makeEvent(other.id, "created", T0));
      const ids = (await store.listLiveSessions()).map((record) => record.id);
      expect(ids).toContain(other.id);
      expect(ids).not.toContain(live.id);
      // Back to readable, so that the other tests' listings stay quiet.
      await opened.overwrite("Session", "challenge", session.id, JSON.stringify(CHALLENGE));
      await opened.overwrite("Session", "status", live.id, "paused");
    });

    it("what one store wrote is visible from a second store opened on the same database", async () => {
      const { session, student, runs } = await sessionWithRuns(1);
      await store.appendChunks(
        [{ runId: runs[0]!.id, seq: 0, fromEpoch: 0, losses: [0.5, null], receivedAt: null }],
        [unclaimed(session.id)],
      );
      await store.updateSession(unclaimed(session.id), { status: "running" }, makeEvent(session.id, "started", T0 + 7));

      const second = await open();
      try {
        expect(await second.store.getSession(session.id)).toEqual({ ...session, status: "running" });
        expect(await second.store.listStudents(session.id)).toEqual([student]);
        expect(await second.store.listRuns(session.id)).toEqual(runs);
        expect(await second.store.listChunks(session.id)).toEqual([
          { runId: runs[0]!.id, seq: 0, fromEpoch: 0, losses: [0.5, null], receivedAt: null },
        ]);
        expect((await second.store.listEvents(session.id)).map((event) => event.kind)).toEqual([
          "created",
          "joined",
          "started",
        ]);
      } finally {
        await second.cleanup();
      }
    });
  });
}
