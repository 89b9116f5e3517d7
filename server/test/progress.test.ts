// Progress batches are stored exactly once and in order, whatever the network does: repeats, reordering,
// gaps, pipelining, and a student who drops off and comes back with their token.
import type { ChallengeInput, RunConfigInput } from "@downhill/core";
import { describe, expect, it } from "vitest";
import { call, disconnected, expectError, expectOk, httpGet, waitFor } from "./clients.ts";
import { honestRun, newRunId, sendProgress } from "./honestRuns.ts";
import { joinStudent, runningSession, type Student } from "./sessions.ts";

const CHALLENGE: ChallengeInput = { dataset: "seed-line", model: "linear", epochs: 60, attempts: 5 };
const CONFIG: RunConfigInput = { optimizer: "adam", lr: 0.1, epochs: 60, batchSize: "full" };
const honest = honestRun(CHALLENGE, CONFIG);

const { server, host, student } = runningSession(CHALLENGE);

async function startRun(socket: Student["socket"]): Promise<string> {
  const runId = newRunId();
  expectOk(await call(socket, "run:start", { runId, config: honest.config }));
  return runId;
}

/** The stored batches of one run, in order. */
async function chunksOf(runId: string) {
  return (await server.store.listChunks(host.created.sessionId)).filter((chunk) => chunk.runId === runId);
}

const batch = (runId: string, seq: number, size = 10, losses = honest.losses) => ({
  runId,
  seq,
  fromEpoch: seq * size,
  losses: losses.slice(seq * size, (seq + 1) * size),
});

describe("progress batches", () => {
  it("stores a repeated batch once and keeps the first copy", async () => {
    const { socket } = await student();
    const runId = await startRun(socket);
    expect(expectOk(await call(socket, "run:progress", batch(runId, 0)))).toEqual({
      ok: true,
      nextSeq: 1,
      epochsStored: 10,
    });
    const tampered = honest.losses.map((loss) => (loss === null ? null : loss + 1));
    const repeat = expectOk(await call(socket, "run:progress", batch(runId, 0, 10, tampered)));
    expect(repeat).toMatchObject({ nextSeq: 1, epochsStored: 10 });
    // The same batch five times at once, as a flaky connection might resend it.
    const acks = await Promise.all([1, 2, 3, 4, 5].map(() => call(socket, "run:progress", batch(runId, 1))));
    expect(acks.map((ack) => expectOk(ack).nextSeq)).toEqual([2, 2, 2, 2, 2]);

    const chunks = await chunksOf(runId);
    expect(chunks.map((chunk) => chunk.seq)).toEqual([0, 1]);
    expect(chunks.flatMap((chunk) => chunk.losses)).toEqual(honest.losses.slice(0, 20));
  });

  it("refuses a batch that skips ahead with the sequence number it expects, and takes the resend", async () => {
    const { socket } = await student();
    const runId = await startRun(socket);
    expectOk(await call(socket, "run:progress", batch(runId, 0)));
    const early = expectError(await call(socket, "run:progress", batch(runId, 2)), "missing_batches");
    expect(early.expectedSeq).toBe(1);
    expect(early.message).toContain("resend from 1");
    expectOk(await call(socket, "run:progress", batch(runId, 1)));
    expect(expectOk(await call(socket, "run:progress", batch(runId, 2)))).toMatchObject({
      nextSeq: 3,
      epochsStored: 30,
    });
    expect((await chunksOf(runId)).map((chunk) => chunk.seq)).toEqual([0, 1, 2]);
  });

  it("detects a missing batch at every later batch and at the finish", async () => {
    const { socket } = await student();
    const runId = await startRun(socket);
    expectOk(await call(socket, "run:progress", batch(runId, 0)));
    for (const seq of [2, 3, 4, 5]) {
      expect(expectError(await call(socket, "run:progress", batch(runId, seq)), "missing_batches").expectedSeq).toBe(1);
    }
    const finish = expectError(await call(socket, "run:finish", { runId, params: honest.params }), "missing_batches");
    expect(finish.expectedSeq).toBe(1);
    expect((await chunksOf(runId)).map((chunk) => chunk.seq)).toEqual([0]);
    await sendProgress(socket, runId, honest.losses, 10, 1);
    expect(expectOk(await call(socket, "run:finish", { runId, params: honest.params })).status).toBe("verified");
  });

  it("refuses a batch that does not start where the stored epochs end, or runs past the budget", async () => {
    const { socket } = await student();
    const runId = await startRun(socket);
    expectOk(await call(socket, "run:progress", batch(runId, 0)));
    const gap = expectError(
      await call(socket, "run:progress", { ...batch(runId, 1), fromEpoch: 11 }),
      "invalid_payload",
    );
    expect(gap.message).toContain("10 epochs are stored");
    const tooMany = expectError(
      await call(socket, "run:progress", { runId, seq: 1, fromEpoch: 10, losses: new Array<number>(51).fill(1) }),
      "invalid_payload",
    );
    expect(tooMany.message).toContain("60 epochs");
    expect((await chunksOf(runId)).map((chunk) => chunk.seq)).toEqual([0]);
  });

  it("stores pipelined batches (sent without waiting) in order", async () => {
    const { socket } = await student();
    const runId = await startRun(socket);
    const acks = await Promise.all([0, 1, 2, 3, 4, 5].map((seq) => call(socket, "run:progress", batch(runId, seq))));
    expect(acks.map((ack) => expectOk(ack).nextSeq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(expectOk(await call(socket, "run:finish", { runId, params: honest.params })).status).toBe("verified");
  });
});

describe("reconnecting", () => {
  it("restores the same student and their half-streamed run from the token; every epoch is stored once", async () => {
    const first = await student();
    const { studentId, studentToken, name } = first.joined;
    const runId = await startRun(first.socket);
    await sendProgress(first.socket, runId, honest.losses.slice(0, 30), 10);

    first.socket.disconnect();
    await waitFor(host.socket, "roster:update", (roster) =>
      roster.students.some((entry) => entry.studentId === studentId && !entry.connected),
    );

    const again = await joinStudent(server.url, host.created.code, name, studentToken);
    expect(again.joined.studentId).toBe(studentId);
    expect(again.joined.studentToken).toBe(studentToken);
    expect(again.joined.attemptsLeft).toBe(4);
    expect(again.joined.runs).toHaveLength(1);
    expect(again.joined.runs[0]).toMatchObject({
      runId,
      attempt: 1,
      status: "running",
      nextSeq: 3,
      epochsStored: 30,
      losses: honest.losses.slice(0, 30),
    });
    await waitFor(host.socket, "roster:update", (roster) =>
      roster.students.some((entry) => entry.studentId === studentId && entry.connected),
    );

    // The page resends from its last acknowledged batch: the overlap is ignored.
    const acked = await sendProgress(again.socket, runId, honest.losses, 10, 2);
    expect(acked).toMatchObject({ nextSeq: 6, epochsStored: 60 });
    const finished = expectOk(await call(again.socket, "run:finish", { runId, params: honest.params }));
    expect(finished.status).toBe("verified");

    const chunks = await chunksOf(runId);
    expect(chunks.map((chunk) => chunk.seq)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(chunks.map((chunk) => chunk.fromEpoch)).toEqual([0, 10, 20, 30, 40, 50]);
    expect(chunks.flatMap((chunk) => chunk.losses)).toEqual(honest.losses);

    const api = await httpGet(server.url, `/api/sessions/${host.created.sessionId}`, {
      headers: { authorization: `Bearer ${host.created.instructorKey}` },
    });
    const results = JSON.parse(api.text) as { runs: { runId: string; losses: (number | null)[] }[] };
    expect(results.runs.find((run) => run.runId === runId)!.losses).toEqual(honest.losses);
  });

  it("lists a student on two sockets once, and as disconnected once both have left", async () => {
    const first = await student();
    const second = await joinStudent(server.url, host.created.code, first.joined.name, first.joined.studentToken);
    expect(second.joined.studentId).toBe(first.joined.studentId);
    const { studentId } = first.joined;
    first.socket.disconnect();
    second.socket.disconnect();
    await disconnected(second.socket);
    const roster = await waitFor(host.socket, "roster:update", (view) =>
      view.students.some((entry) => entry.studentId === studentId && !entry.connected),
    );
    expect(roster.students.filter((entry) => entry.studentId === studentId)).toHaveLength(1);
    expect(server.app.classroom.get(host.created.sessionId)!.students.get(studentId)!.sockets).toBe(0);
  });
});
