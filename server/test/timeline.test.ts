// The results API carries what the review page needs to replay a session in wall-clock time (when each student
// joined and was kicked, when each run started and was closed with what verified score, when the host revealed),
// and no more: no test loss before the reveal, no real name behind hidden names. Session time comes from a
// TestClock, so every time the API returns is known exactly.
import {
  sessionTimeline,
  standingsAt,
  type ChallengeInput,
  type RunConfigInput,
  type SessionResults,
} from "@downhill/core";
import { describe, expect, it } from "vitest";
import { call, expectOk, httpGet, type TestSocket } from "./clients.ts";
import { honestRun, type HonestRun, newRunId, sendProgress } from "./honestRuns.ts";
import { serverForFile } from "./servers.ts";
import { createSession, joinStudent } from "./sessions.ts";
import { TestClock } from "./TestClock.ts";

/** A noisy line scored on a held-out split, so test losses exist and must stay hidden until the reveal. */
const CHALLENGE: ChallengeInput = {
  title: "Over time",
  dataset: { name: "line", seed: 77, testFraction: 0.3 },
  model: "linear",
  optimizers: ["sgd"],
  epochs: 30,
  attempts: 3,
  scoring: "test",
};
const config = (lr: number): RunConfigInput => ({ optimizer: "sgd", lr, epochs: 30, batchSize: "full" });

const clock = new TestClock();
const server = serverForFile({ clock });

/** Starts a run now, streams it, lets `seconds` pass on the session's clock and finishes it; resolves with its id. */
async function runFor(socket: TestSocket, run: HonestRun, seconds: number): Promise<string> {
  const runId = newRunId();
  expectOk(await call(socket, "run:start", { runId, config: run.config }));
  await sendProgress(socket, runId, run.losses, 10);
  clock.advance(seconds * 1000);
  expectOk(await call(socket, "run:finish", { runId, params: run.params }));
  return runId;
}

async function resultsOf(path: string, init: RequestInit = {}): Promise<SessionResults> {
  const answer = await httpGet(server.url, path, init);
  expect(answer.status).toBe(200);
  return JSON.parse(answer.text) as SessionResults;
}

describe("the results API over time", () => {
  it("returns each join, kick, run start, verification and the reveal at the session clock's time, hiding test losses until the reveal and real names behind hidden names", async () => {
    const t0 = clock.now();
    const at = (seconds: number) => t0 + seconds * 1000;
    const host = await createSession(server.url, CHALLENGE);
    const { sessionId, code, instructorKey, shareToken } = host.created;
    const asInstructor = () =>
      resultsOf(`/api/sessions/${sessionId}`, { headers: { authorization: `Bearer ${instructorKey}` } });
    const asShared = () => resultsOf(`/api/sessions/${sessionId}?share=${shareToken}`);

    clock.advance(2_000);
    const ada = await joinStudent(server.url, code, "Adaline");
    clock.advance(1_000);
    const ben = await joinStudent(server.url, code, "Benedikt");
    clock.advance(2_000);
    expectOk(await host.command({ type: "start" })); // 5 s
    clock.advance(5_000);
    const adaFirst = await runFor(ada.socket, honestRun(CHALLENGE, config(0.005)), 4); // 10 s .. 14 s
    clock.advance(1_000);
    // Ben's final parameters are forged: the server rejects the run at its finish.
    const honest = honestRun(CHALLENGE, config(0.05));
    const forged = await runFor(ben.socket, { ...honest, params: honest.params.map((p) => p + 0.5) }, 3); // 15 .. 18 s
    clock.advance(2_000);
    const benSecond = await runFor(ben.socket, honestRun(CHALLENGE, config(0.02)), 5); // 20 .. 25 s
    clock.advance(5_000);
    const adaSecond = await runFor(ada.socket, honestRun(CHALLENGE, config(0.05)), 3); // 30 .. 33 s
    clock.advance(7_000);
    expectOk(await host.command({ type: "kick", studentId: ben.joined.studentId })); // 40 s
    clock.advance(5_000);
    expectOk(await host.command({ type: "anonymize", on: true })); // 45 s
    clock.advance(5_000);
    expectOk(await host.command({ type: "end" })); // 50 s

    const before = await asInstructor();
    expect(before.session.createdAt).toBe(t0);
    expect(before.session.startedAt).toBe(at(5));
    expect(before.session.endedAt).toBe(at(50));
    expect(before.session.revealedAt).toBeNull();
    expect(before.students.map((s) => [s.name, s.joinedAt, s.kickedAt])).toEqual([
      ["Adaline", at(2), null],
      ["Benedikt", at(3), at(40)],
    ]);
    const runs = new Map(before.runs.map((run) => [run.runId, run]));
    expect([adaFirst, forged, benSecond, adaSecond].map((id) => runs.get(id))).toMatchObject([
      { attempt: 1, status: "verified", startedAt: at(10), finishedAt: at(14) },
      { attempt: 1, status: "rejected", startedAt: at(15), finishedAt: at(18) },
      { attempt: 2, status: "verified", startedAt: at(20), finishedAt: at(25) },
      { attempt: 2, status: "verified", startedAt: at(30), finishedAt: at(33) },
    ]);
    for (const run of before.runs) {
      expect(run.testLoss, "no test loss before the reveal, even for the instructor").toBeNull();
      if (run.status === "verified") expect(run.trainLoss).toEqual(expect.any(Number));
    }

    // The board rebuilt from these times: Ada alone after her first run, Ben's rejected run never on it, his
    // second ahead of Ada's first if it is better, Ben gone from the kick on; at the end, the server's final board.
    const trainOf = (id: string) => runs.get(id)!.trainLoss!;
    expect(standingsAt(before, at(14)).standings.map((e) => e.runId)).toEqual([adaFirst]);
    expect(standingsAt(before, at(16)).descending.map((d) => d.runId)).toEqual([forged]);
    expect(standingsAt(before, at(19)).standings.map((e) => e.runId)).toEqual([adaFirst]);
    const at25 = standingsAt(before, at(25)).standings;
    expect(at25.map((e) => e.runId)).toEqual(
      trainOf(benSecond) < trainOf(adaFirst) ? [benSecond, adaFirst] : [adaFirst, benSecond],
    );
    const adaBest = trainOf(adaSecond) < trainOf(adaFirst) ? adaSecond : adaFirst;
    expect(standingsAt(before, at(39)).standings.map((e) => e.runId)).toContain(adaBest);
    expect(standingsAt(before, at(40)).standings.map((e) => e.runId)).toEqual([adaBest]);
    const final = standingsAt(before, at(50));
    expect(final.split).toBe("train");
    expect(final.standings.map((e) => [e.rank, e.runId, e.loss])).toEqual(
      before.leaderboards.train.map((e) => [e.rank, e.runId, e.loss]),
    );

    // A share link, with names hidden: the same times, and no real name in the timeline or anywhere else.
    const shared = await asShared();
    expect(shared.runs.map((run) => [run.startedAt, run.finishedAt])).toEqual(
      before.runs.map((run) => [run.startedAt, run.finishedAt]),
    );
    expect(shared.students.map((s) => [s.name, s.kickedAt])).toEqual([
      ["Student 1", null],
      ["Student 2", at(40)],
    ]);
    const text = JSON.stringify([shared, sessionTimeline(shared)]);
    expect(text).not.toContain("Adaline");
    expect(text).not.toContain("Benedikt");
    expect(shared.runs.every((run) => run.testLoss === null)).toBe(true);

    clock.advance(10_000);
    expectOk(await host.command({ type: "reveal" })); // 60 s
    const after = await asInstructor();
    expect(after.session.revealedAt).toBe(at(60));
    const verified = after.runs.filter((run) => run.status === "verified");
    expect(verified.every((run) => typeof run.testLoss === "number")).toBe(true);
    // From the reveal on the board ranks the hidden split, as the live board did.
    expect(standingsAt(after, at(59)).split).toBe("train");
    const revealed = standingsAt(after, at(60));
    expect(revealed.split).toBe("test");
    expect(revealed.standings.map((e) => [e.runId, e.loss])).toEqual(
      after.leaderboards.test!.map((e) => [e.runId, e.loss]),
    );
    for (const socket of [host.socket, ada.socket, ben.socket]) socket.disconnect();
  });

  it("stores when each progress batch arrived, so the board at a moment says how far each descending run had got", async () => {
    const t0 = clock.now();
    const at = (seconds: number) => t0 + seconds * 1000;
    const host = await createSession(server.url, CHALLENGE);
    const { sessionId, instructorKey } = host.created;
    const ada = await joinStudent(server.url, host.created.code, "Ada");
    expectOk(await host.command({ type: "start" }));
    // Ada's run sends its 30 epochs as three batches, two and three seconds apart, then finishes; her second run
    // sends one batch and is still descending when the round ends.
    const honest = honestRun(CHALLENGE, config(0.01));
    const runId = newRunId();
    clock.advance(1_000);
    expectOk(await call(ada.socket, "run:start", { runId, config: honest.config })); // 1 s
    for (const [seq, wait] of [
      [0, 1_000],
      [1, 2_000],
      [2, 3_000],
    ] as const) {
      clock.advance(wait); // batches at 2 s, 4 s, 7 s
      const losses = honest.losses.slice(seq * 10, seq * 10 + 10);
      expectOk(await call(ada.socket, "run:progress", { runId, seq, fromEpoch: seq * 10, losses }));
    }
    // A duplicate batch keeps the first arrival's time.
    clock.advance(500);
    expectOk(
      await call(ada.socket, "run:progress", { runId, seq: 1, fromEpoch: 10, losses: honest.losses.slice(10, 20) }),
    );
    clock.advance(1_500);
    expectOk(await call(ada.socket, "run:finish", { runId, params: honest.params })); // 9 s
    const second = honestRun(CHALLENGE, config(0.02));
    const secondId = newRunId();
    clock.advance(1_000);
    expectOk(await call(ada.socket, "run:start", { runId: secondId, config: second.config })); // 10 s
    clock.advance(2_000);
    await sendProgress(ada.socket, secondId, second.losses.slice(0, 10), 10); // 12 s
    clock.advance(3_000);
    expectOk(await host.command({ type: "end" })); // 15 s

    const results = await resultsOf(`/api/sessions/${sessionId}`, {
      headers: { authorization: `Bearer ${instructorKey}` },
    });
    const runs = new Map(results.runs.map((run) => [run.runId, run]));
    expect(runs.get(runId)!.batches).toEqual([
      { at: at(2), epochsStored: 10 },
      { at: at(4), epochsStored: 20 },
      { at: at(7), epochsStored: 30 },
    ]);
    expect(runs.get(secondId)!.batches).toEqual([{ at: at(12), epochsStored: 10 }]);
    const reached = (seconds: number) =>
      standingsAt(results, at(seconds)).descending.map((run) => [run.runId, run.epochsReached, run.epochs]);
    expect(reached(1)).toEqual([[runId, 0, 30]]);
    expect(reached(3)).toEqual([[runId, 10, 30]]);
    expect(reached(4)).toEqual([[runId, 20, 30]]);
    expect(reached(8)).toEqual([[runId, 30, 30]]);
    expect(reached(9)).toEqual([]);
    expect(reached(11)).toEqual([[secondId, 0, 30]]);
    expect(reached(14)).toEqual([[secondId, 10, 30]]);
    for (const socket of [host.socket, ada.socket]) socket.disconnect();
  });
});
