// The fencing part of the Store contract, run on every database beside storeContract.ts: a write made under a
// session's fencing token is refused, storing nothing, once another owner has claimed the session.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StaleFenceError, type Fence, type RunResult, type Store } from "./Store.ts";
import { T0, makeEvent, makeRun, makeSession, makeStudent, unclaimed, type OpenedStore } from "./storeContract.ts";

const VERIFIED: RunResult = {
  status: "verified",
  reason: null,
  trainLoss: 0.5,
  testLoss: null,
  trainAccuracy: null,
  testAccuracy: null,
  divergedAt: null,
  finalParams: [1],
  finishedAt: T0 + 9_000,
  testLosses: null,
};

export function describeFenceContract(name: string, open: () => Promise<OpenedStore>): void {
  describe(`Store fencing contract: ${name}`, () => {
    let opened: OpenedStore;
    let store: Store;

    beforeAll(async () => {
      opened = await open();
      store = opened.store;
    });

    afterAll(async () => {
      await opened?.cleanup();
    });

    /** A session with one student and one running run, claimed by an owner with token 3. */
    async function claimedSession() {
      const session = makeSession();
      await store.createSession(session, makeEvent(session.id, "created", T0));
      const student = makeStudent(session.id, "Ada");
      await store.addStudents([{ student, event: makeEvent(session.id, "joined", T0 + 1) }], [unclaimed(session.id)]);
      const run = makeRun(session.id, student.id, 1);
      await store.createRun(unclaimed(session.id), run);
      const first: Fence = { sessionId: session.id, token: await store.claimSession(session.id, 3) };
      return { session, student, run, first };
    }

    it("claimSession with a larger token makes it the session's; a smaller or the same token is refused", async () => {
      const { session, first } = await claimedSession();
      expect(first.token).toBe(3);
      await expect(store.claimSession(session.id, 2)).rejects.toMatchObject({ token: 2, current: 3 });
      await expect(store.claimSession(session.id, 3)).rejects.toBeInstanceOf(StaleFenceError);
      expect(await store.claimSession(session.id, 7)).toBe(7);
    });

    it("claimSession without a token raises the stored one by one", async () => {
      const { session } = await claimedSession();
      expect(await store.claimSession(session.id)).toBe(4);
      expect(await store.claimSession(session.id)).toBe(5);
      await expect(store.claimSession(session.id, 4)).rejects.toBeInstanceOf(StaleFenceError);
    });

    it("claimSession of an unknown session throws, and not a StaleFenceError", async () => {
      const error = await store.claimSession(randomUUID(), 1).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(StaleFenceError);
    });

    it("every session write under a token since replaced throws StaleFenceError and stores nothing", async () => {
      const { session, student, run, first } = await claimedSession();
      await store.claimSession(session.id, first.token + 1);
      const newcomer = makeStudent(session.id, "Bob");
      const secondRun = makeRun(session.id, student.id, 2);
      const writes: Record<string, () => Promise<void>> = {
        updateSession: () => store.updateSession(first, { locked: true }, makeEvent(session.id, "locked", T0 + 2)),
        endSession: () => store.endSession(first, T0 + 3, "ended", makeEvent(session.id, "ended", T0 + 3)),
        addStudents: () =>
          store.addStudents([{ student: newcomer, event: makeEvent(session.id, "joined", T0 + 4) }], [first]),
        setStudentKicked: () => store.setStudentKicked(first, student.id, makeEvent(session.id, "kicked", T0 + 5)),
        createRun: () => store.createRun(first, secondRun),
        finishRun: () => store.finishRun(first, run.id, VERIFIED),
        appendChunks: () =>
          store.appendChunks([{ runId: run.id, seq: 0, fromEpoch: 0, losses: [1], receivedAt: null }], [first]),
        appendEvent: () => store.appendEvent(first, makeEvent(session.id, "paused", T0 + 6)),
        startRound: () =>
          store.startRound(
            first,
            { sessionId: session.id, round: 1, challenge: session.challenge, startedAt: null, endedAt: null },
            { round: 2, challenge: session.challenge },
            makeEvent(session.id, "round", T0 + 7),
          ),
      };
      for (const [method, write] of Object.entries(writes)) {
        const error = await write().catch((caught: unknown) => caught);
        expect(error, method).toBeInstanceOf(StaleFenceError);
        expect((error as StaleFenceError).sessionId, method).toBe(session.id);
      }
      expect(await store.getSession(session.id)).toEqual(session);
      expect(await store.listStudents(session.id)).toEqual([student]);
      expect(await store.listRuns(session.id)).toEqual([run]);
      expect(await store.listChunks(session.id)).toEqual([]);
      expect(await store.listRounds(session.id)).toEqual([]);
      expect((await store.listEvents(session.id)).map((event) => event.kind)).toEqual(["created", "joined"]);
    });

    it("the same writes under the current token are stored", async () => {
      const { session, student, run, first } = await claimedSession();
      await store.updateSession(first, { locked: true }, makeEvent(session.id, "locked", T0 + 2));
      await store.setStudentKicked(first, student.id, makeEvent(session.id, "kicked", T0 + 5));
      await store.appendChunks([{ runId: run.id, seq: 0, fromEpoch: 0, losses: [1], receivedAt: null }], [first]);
      await store.finishRun(first, run.id, VERIFIED);
      expect((await store.getSession(session.id))?.locked).toBe(true);
      expect((await store.listRuns(session.id))[0]?.status).toBe("verified");
      expect(await store.listChunks(session.id)).toHaveLength(1);
      expect((await store.listStudents(session.id))[0]?.kicked).toBe(true);
    });

    it("a group write holding one stale fence among current ones stores nothing of any session", async () => {
      const stale = await claimedSession();
      const current = await claimedSession();
      await store.claimSession(stale.session.id, stale.first.token + 1);
      const attempt = store.appendChunks(
        [
          { runId: current.run.id, seq: 0, fromEpoch: 0, losses: [1], receivedAt: null },
          { runId: stale.run.id, seq: 0, fromEpoch: 0, losses: [1], receivedAt: null },
        ],
        [current.first, stale.first],
      );
      await expect(attempt).rejects.toBeInstanceOf(StaleFenceError);
      await expect(attempt).rejects.toMatchObject({ sessionId: stale.session.id });
      expect(await store.listChunks(current.session.id)).toEqual([]);
      expect(await store.listChunks(stale.session.id)).toEqual([]);
    });
  });
}
