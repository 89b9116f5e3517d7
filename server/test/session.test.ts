// A whole classroom session against the real server: lifecycle, runs, broadcasts and the hidden test split.
// Session time comes from a TestClock, so timers and countdowns are exact and nothing sleeps.
import { PROTOCOL_VERSION, type ChallengeInput, type RunConfigInput } from "@downhill/core";
import { describe, expect, it } from "vitest";
import { call, connect, expectError, expectOk, httpGet, waitFor } from "./clients.ts";
import { honestRun, newRunId, playRun, sendProgress } from "./honestRuns.ts";
import { serverForFile } from "./servers.ts";
import { createSession, joinStudent, type Student } from "./sessions.ts";
import { TestClock } from "./TestClock.ts";

const SEED_LINE: ChallengeInput = {
  title: "Fit y = 2x",
  dataset: "seed-line",
  model: "linear",
  optimizers: ["sgd", "adam"],
  lrMin: 1e-4,
  lrMax: 2,
  epochs: 50,
  attempts: 3,
  timeLimitSeconds: 600,
};

const sgd = (lr: number): RunConfigInput => ({ optimizer: "sgd", lr, epochs: 50, batchSize: "full" });

const clock = new TestClock();
const server = serverForFile({ clock });

describe("a full session with four students", () => {
  it("ranks verified runs by training loss, flags the diverging run, and tells every socket", async () => {
    const host = await createSession(server.url, SEED_LINE);
    const { code } = host.created;
    const names = ["Ada", "Ben", "Cy", "Dee"];
    const lrs = [0.05, 0.03, 0.01, 1.0];
    const students: Student[] = [];
    for (const name of names) students.push(await joinStudent(server.url, code, name));
    for (const student of students) expect(student.joined.state.status).toBe("lobby");
    expect(new Set(students.map((student) => student.joined.studentId)).size).toBe(4);

    const lobbyRoster = await waitFor(host.socket, "roster:update", (roster) => roster.students.length === 4);
    expect(lobbyRoster.students.map((student) => student.name)).toEqual(names);
    expect(lobbyRoster.students.every((student) => student.status === "idle" && student.connected)).toBe(true);

    const early = await call(students[0]!.socket, "run:start", { runId: newRunId(), config: sgd(0.05) });
    expectError(early, "session_not_running");

    const started = expectOk(await host.command({ type: "start" }));
    expect(started.state.status).toBe("running");
    expect(started.state.endsAt).toBe(clock.now() + 600_000);

    const honest = lrs.map((lr) => honestRun(SEED_LINE, sgd(lr)));
    expect(honest[3]!.status).toBe("diverged");
    const finished = await Promise.all(students.map((student, i) => playRun(student.socket, honest[i]!)));

    for (const i of [0, 1, 2]) {
      expect(finished[i]!.status).toBe("verified");
      expect(finished[i]!.trainLoss).toBeCloseTo(honest[i]!.trainLoss, 12);
      expect(finished[i]!.reason).toBeNull();
    }
    expect(finished[3]).toMatchObject({ status: "diverged", divergedAt: honest[3]!.divergedAt });
    expect(finished[3]!.divergedAt).toBe(2);
    expect(finished[3]!.reason).toContain("epoch 2");

    // Lower training loss ranks higher: lr 0.05 beat 0.03 beat 0.01 on this problem.
    const expectedOrder = [0, 1, 2].sort((a, b) => honest[a]!.trainLoss - honest[b]!.trainLoss).map((i) => names[i]);
    expect(expectedOrder).toEqual(["Ada", "Ben", "Cy"]);
    const board = await waitFor(host.socket, "leaderboard:update", (view) => view.total === 3);
    expect(board).toMatchObject({ split: "train", final: false, total: 3 });
    expect(board.entries.map((entry) => entry.name)).toEqual(expectedOrder);
    expect(board.entries.map((entry) => entry.rank)).toEqual([1, 2, 3]);
    expect(board.entries[0]!.loss).toBeCloseTo(honest[0]!.trainLoss, 12);
    expect(board.entries[0]).toMatchObject({ optimizer: "sgd", lr: 0.05, batchSize: "full" });

    const studentBoard = await waitFor(students[3]!.socket, "leaderboard:update", (view) => view.total === 3);
    expect(studentBoard.entries.map((entry) => entry.name)).toEqual(expectedOrder);

    for (const [i, rank] of [1, 2, 3].entries()) {
      const own = await waitFor(students[i]!.socket, "leaderboard:rank", (view) => view.total === 3);
      expect(own.rank).toBe(rank);
      expect(own.loss).toBeCloseTo(honest[i]!.trainLoss, 12);
    }
    const unranked = await waitFor(students[3]!.socket, "leaderboard:rank", (view) => view.total === 3);
    expect(unranked).toEqual({ rank: null, total: 3, loss: null, topPercent: null });

    const chart = await waitFor(host.socket, "chart:update", (view) => view.scatter.length === 4);
    expect(chart.runs.map((run) => run.name)).toEqual(expectedOrder);
    expect(chart.runs.every((run) => run.status === "verified" && run.epochs.length === run.losses.length)).toBe(true);
    expect(chart.bands.epochs.length).toBeGreaterThan(0);
    expect(chart.bands.epochs[0]).toBe(0);
    chart.bands.epochs.forEach((_, k) => {
      expect(chart.bands.p10[k]!).toBeLessThanOrEqual(chart.bands.p50[k]!);
      expect(chart.bands.p50[k]!).toBeLessThanOrEqual(chart.bands.p90[k]!);
    });
    const divergedPoint = chart.scatter.find((point) => point.lr === 1.0);
    expect(divergedPoint).toMatchObject({ status: "diverged", loss: null });
    expect(chart.optimizerMix.sgd).toBe(4);

    const roster = await waitFor(host.socket, "roster:update", (view) => view.problems.length === 1);
    expect(roster.students.map((student) => student.status)).toEqual(["verified", "verified", "verified", "diverged"]);
    expect(roster.students.map((student) => student.runs)).toEqual([1, 1, 1, 1]);
    expect(roster.students[3]!.bestLoss).toBeNull();
    expect(roster.problems[0]).toMatchObject({
      studentId: students[3]!.joined.studentId,
      name: "Dee",
      status: "diverged",
      lr: 1.0,
      divergedAt: 2,
    });

    const state = await waitFor(host.socket, "session:state", (view) => view.counts.verified === 3);
    expect(state.counts).toEqual({
      students: 4,
      connected: 4,
      running: 0,
      verified: 3,
      diverged: 1,
      rejected: 0,
      unfinished: 0,
    });

    const api = await httpGet(server.url, `/api/sessions/${host.created.sessionId}`, {
      headers: { authorization: `Bearer ${host.created.instructorKey}` },
    });
    expect(api.status).toBe(200);
    const results = JSON.parse(api.text) as { runs: { name: string; losses: unknown[]; status: string }[] };
    expect(results.runs.map((run) => [run.name, run.status, run.losses.length]).sort()).toEqual([
      ["Ada", "verified", 50],
      ["Ben", "verified", 50],
      ["Cy", "verified", 50],
      ["Dee", "diverged", 3],
    ]);

    for (const student of students) student.socket.disconnect();
    host.socket.disconnect();
  });
});

describe("the lifecycle", () => {
  it("pause freezes the countdown and refuses new runs; extend and resume move the end; end closes everything", async () => {
    const host = await createSession(server.url, { ...SEED_LINE, timeLimitSeconds: 120 });
    const ada = await joinStudent(server.url, host.created.code, "Ada");
    const startedAt = clock.now();
    expect(expectOk(await host.command({ type: "start" })).state.endsAt).toBe(startedAt + 120_000);
    expectError(await host.command({ type: "start" }), "invalid_state");

    const runId = newRunId();
    const honest = honestRun(SEED_LINE, sgd(0.03));
    expectOk(await call(ada.socket, "run:start", { runId, config: honest.config }));

    clock.advance(20_000);
    const paused = expectOk(await host.command({ type: "pause" })).state;
    expect(paused).toMatchObject({ status: "paused", endsAt: null, remainingMs: 100_000 });
    expectError(await host.command({ type: "pause" }), "invalid_state");
    const refused = expectError(
      await call(ada.socket, "run:start", { runId: newRunId(), config: sgd(0.01) }),
      "session_not_running",
    );
    expect(refused.message).toContain("paused");
    await waitFor(ada.socket, "session:state", (view) => view.status === "paused");

    // A paused round never runs out, however long the break.
    clock.advance(3_600_000);
    const extended = expectOk(await host.command({ type: "extend", seconds: 60 })).state;
    expect(extended).toMatchObject({ status: "paused", remainingMs: 160_000 });

    const resumedAt = clock.now();
    const resumed = expectOk(await host.command({ type: "resume" })).state;
    expect(resumed).toMatchObject({ status: "running", endsAt: resumedAt + 160_000, remainingMs: 160_000 });
    expectError(await host.command({ type: "resume" }), "invalid_state");
    const extendedRunning = expectOk(await host.command({ type: "extend", seconds: 30 })).state;
    expect(extendedRunning.endsAt).toBe(resumedAt + 190_000);

    // The run started before the pause carries on.
    await sendProgress(ada.socket, runId, honest.losses.slice(0, 20), 10);
    expectOk(await call(ada.socket, "run:start", { runId: newRunId(), config: sgd(0.01) }));

    const ended = expectOk(await host.command({ type: "end" })).state;
    expect(ended).toMatchObject({ status: "ended", endsAt: null, remainingMs: 0 });
    await waitFor(ada.socket, "session:state", (view) => view.status === "ended");
    expectError(await host.command({ type: "end" }), "invalid_state");
    expectError(await host.command({ type: "extend", seconds: 60 }), "invalid_state");
    expectError(
      await call(ada.socket, "run:progress", { runId, seq: 2, fromEpoch: 20, losses: honest.losses.slice(20, 30) }),
      "session_ended",
    );
    // Both runs still streaming at the end are closed, never scored; finishing one now only reports that.
    const closed = expectOk(await call(ada.socket, "run:finish", { runId, params: honest.params }));
    expect(closed).toMatchObject({
      status: "unfinished",
      trainLoss: null,
      reason: "the round ended (ended by the host) before this run was verified",
    });
    const stored = await server.store.listRuns(host.created.sessionId);
    expect(stored.map((run) => [run.status, run.finishedAt])).toEqual([
      ["unfinished", clock.now()],
      ["unfinished", clock.now()],
    ]);
    expect(ended.counts).toMatchObject({ running: 0, unfinished: 2 });
    expectError(await call(ada.socket, "run:start", { runId: newRunId(), config: sgd(0.01) }), "session_not_running");
    const late = await call(ada.socket, "student:join", {
      code: host.created.code,
      name: "Late",
      protocolVersion: PROTOCOL_VERSION,
    });
    expectError(late, "session_ended");

    const events = await server.store.listEvents(host.created.sessionId);
    expect(events.map((event) => event.kind)).toEqual([
      "created",
      "joined",
      "started",
      "paused",
      "extended",
      "resumed",
      "extended",
      "ended",
    ]);
    ada.socket.disconnect();
    host.socket.disconnect();
  });

  it("a round ends by itself when its time is up, on the server's clock", async () => {
    const host = await createSession(server.url, { ...SEED_LINE, timeLimitSeconds: 30 });
    const ada = await joinStudent(server.url, host.created.code, "Ada");
    expectOk(await host.command({ type: "start" }));
    const runId = newRunId();
    const honest = honestRun(SEED_LINE, sgd(0.03));
    expectOk(await call(ada.socket, "run:start", { runId, config: honest.config }));

    clock.advance(29_999);
    await sendProgress(ada.socket, runId, honest.losses.slice(0, 10), 10);
    expect(server.app.classroom.get(host.created.sessionId)!.status).toBe("running");

    clock.advance(1);
    const state = await waitFor(host.socket, "session:state", (view) => view.status === "ended");
    expect(state.remainingMs).toBe(0);
    await waitFor(ada.socket, "session:state", (view) => view.status === "ended");
    expectError(
      await call(ada.socket, "run:progress", { runId, seq: 1, fromEpoch: 10, losses: honest.losses.slice(10, 20) }),
      "session_ended",
    );

    const record = await server.store.getSession(host.created.sessionId);
    expect(record).toMatchObject({ status: "ended", endedAt: clock.now() });
    expect(await server.store.listRuns(host.created.sessionId)).toMatchObject([
      { id: runId, status: "unfinished", reason: "the round ended (time is up) before this run was verified" },
    ]);
    const events = await server.store.listEvents(host.created.sessionId);
    expect(events.at(-1)).toMatchObject({ kind: "ended", data: { why: "time is up" } });
    ada.socket.disconnect();
    host.socket.disconnect();
  });
});

describe("a run the student gives up on", () => {
  it("is closed as unfinished by run:cancel, keeps its attempt spent, and takes no more batches", async () => {
    const host = await createSession(server.url, SEED_LINE);
    const ada = await joinStudent(server.url, host.created.code, "Ada");
    const ben = await joinStudent(server.url, host.created.code, "Ben");
    expectOk(await host.command({ type: "start" }));
    const runId = newRunId();
    const honest = honestRun(SEED_LINE, sgd(0.03));
    expect(expectOk(await call(ada.socket, "run:start", { runId, config: honest.config })).attemptsLeft).toBe(2);
    await sendProgress(ada.socket, runId, honest.losses.slice(0, 20), 10);

    expectError(await call(ben.socket, "run:cancel", { runId }), "forbidden");
    expectError(await call(ada.socket, "run:cancel", { runId: newRunId() }), "not_found");
    const cancelled = expectOk(await call(ada.socket, "run:cancel", { runId }));
    const closed = { status: "unfinished", trainLoss: null, reason: "stopped by the student after 20 of 50 epochs" };
    expect(cancelled).toMatchObject(closed);
    // Asking again, or finishing it now, answers the same closed run.
    expect(expectOk(await call(ada.socket, "run:cancel", { runId }))).toMatchObject(closed);
    expect(expectOk(await call(ada.socket, "run:finish", { runId, params: honest.params }))).toMatchObject(closed);
    expectError(
      await call(ada.socket, "run:progress", { runId, seq: 2, fromEpoch: 20, losses: honest.losses.slice(20, 30) }),
      "run_closed",
    );

    expect(await server.store.listRuns(host.created.sessionId)).toMatchObject([{ id: runId, ...closed }]);
    const roster = await waitFor(host.socket, "roster:update", (view) =>
      view.students.some((student) => student.name === "Ada" && student.status === "unfinished"),
    );
    expect(roster.students.find((student) => student.name === "Ada")!.runs).toBe(1);
    const next = expectOk(await call(ada.socket, "run:start", { runId: newRunId(), config: honest.config }));
    expect(next.attemptsLeft).toBe(1);
    for (const socket of [ada.socket, ben.socket, host.socket]) socket.disconnect();
  });
});

describe("a class joining at once", () => {
  it("admits everyone, stores every student, and gives a name raced for by two to one of them", async () => {
    const host = await createSession(server.url, SEED_LINE);
    const names = Array.from({ length: 40 }, (_, i) => `Student ${i}`);
    const sockets = await Promise.all([...names, "Twin", "twin"].map(() => connect(server.url)));
    const acks = await Promise.all(
      [...names, "Twin", "twin"].map((name, i) =>
        call(sockets[i]!, "student:join", { code: host.created.code, name, protocolVersion: PROTOCOL_VERSION }),
      ),
    );
    for (const ack of acks.slice(0, names.length)) expectOk(ack);
    const twins = acks.slice(names.length);
    expect(twins.filter((ack) => ack.ok)).toHaveLength(1);
    expectError(
      twins.find((ack) => !ack.ok)!,
      "name_taken",
    );

    const stored = await server.store.listStudents(host.created.sessionId);
    expect(stored).toHaveLength(names.length + 1);
    const roster = await waitFor(host.socket, "roster:update", (view) => view.students.length === names.length + 1);
    expect(new Set(roster.students.map((student) => student.name)).size).toBe(names.length + 1);
    for (const socket of [...sockets, host.socket]) socket.disconnect();
  });
});

describe("an uploaded CSV", () => {
  it("arrives once, in the acknowledgements: session:state broadcasts leave the challenge out", async () => {
    const rows = Array.from({ length: 2_000 }, (_, i) => [i / 100, (i % 7) / 7]);
    const csvChallenge: ChallengeInput = {
      ...SEED_LINE,
      title: "A big upload",
      dataset: {
        name: "csv",
        csv: { featureNames: ["x1", "x2"], targetName: "y", rows, targets: rows.map(([a, b]) => 2 * a! - b!) },
      },
    };
    const host = await createSession(server.url, csvChallenge);
    const broadcasts: unknown[] = [];
    host.socket.on("session:state", (update) => broadcasts.push(update));
    const ada = await joinStudent(server.url, host.created.code, "Ada");
    ada.socket.on("session:state", (update) => broadcasts.push(update));
    // The student receives the 1,600 training rows (standardized), the host the upload as written.
    expect(ada.joined.state.challenge.dataset.rows.rows).toHaveLength(1_600);

    const started = expectOk(await host.command({ type: "start" })).state;
    expect(started.challenge.dataset).toMatchObject({ name: "csv", csv: { rows } });
    const honest = honestRun(csvChallenge, sgd(0.01));
    expect((await playRun(ada.socket, honest)).status).toBe("verified");
    await waitFor(host.socket, "session:state", (view) => view.counts.verified === 1);
    await waitFor(ada.socket, "session:state", (view) => view.counts.verified === 1);

    expect(broadcasts.length).toBeGreaterThan(2);
    for (const update of broadcasts) {
      expect(update).not.toHaveProperty("challenge");
      expect(JSON.stringify(update).length).toBeLessThan(1_000);
    }
    ada.socket.disconnect();
    host.socket.disconnect();
  });
});

describe("a hidden test split", () => {
  const LINE: ChallengeInput = {
    title: "Generalize",
    // The default seed, named: a test-scored challenge without one is given a secret one.
    dataset: { name: "line", seed: 1, testFraction: 0.3 },
    model: "linear",
    optimizers: ["sgd"],
    epochs: 50,
    scoring: "test",
  };

  it("ranks on training loss live and on the test split only once revealed after the end", async () => {
    const host = await createSession(server.url, LINE);
    const { code, sessionId, shareToken } = host.created;
    const ada = await joinStudent(server.url, code, "Ada");
    const ben = await joinStudent(server.url, code, "Ben");
    expectOk(await host.command({ type: "start" }));

    // lr 0.05 fits the training split a little better; lr 0.01 generalizes a little better.
    const adaRun = honestRun(LINE, { optimizer: "sgd", lr: 0.01, epochs: 50, batchSize: "full" });
    const benRun = honestRun(LINE, { optimizer: "sgd", lr: 0.05, epochs: 50, batchSize: "full" });
    expect(benRun.trainLoss).toBeLessThan(adaRun.trainLoss);
    expect(adaRun.testLoss!).toBeLessThan(benRun.testLoss!);
    await playRun(ada.socket, adaRun, { batchSize: 25 });
    await playRun(ben.socket, benRun, { batchSize: 25 });

    const live = await waitFor(host.socket, "leaderboard:update", (view) => view.total === 2);
    expect(live).toMatchObject({ split: "train", final: false });
    expect(live.entries.map((entry) => entry.name)).toEqual(["Ben", "Ada"]);

    const early = expectError(await host.command({ type: "reveal" }), "invalid_state");
    expect(early.message).toContain("after the end");
    const shared = async () =>
      JSON.parse((await httpGet(server.url, `/api/sessions/${sessionId}?share=${shareToken}`)).text) as {
        runs: { testLoss: number | null }[];
        leaderboards: { test: unknown[] | null };
      };
    expect((await shared()).runs.every((run) => run.testLoss === null)).toBe(true);
    expect((await shared()).leaderboards.test).toBeNull();

    expectOk(await host.command({ type: "end" }));
    const ended = await waitFor(ada.socket, "session:state", (view) => view.status === "ended");
    expect(ended.revealed).toBe(false);
    const stillHidden = await waitFor(ada.socket, "leaderboard:update");
    expect(stillHidden).toMatchObject({ split: "train", final: false });

    expectOk(await host.command({ type: "reveal" }));
    const final = await waitFor(ada.socket, "leaderboard:update", (view) => view.final);
    expect(final.split).toBe("test");
    expect(final.entries.map((entry) => entry.name)).toEqual(["Ada", "Ben"]);
    expect(final.entries[0]!.loss).toBeCloseTo(adaRun.testLoss!, 12);
    const adaRank = await waitFor(ada.socket, "leaderboard:rank", (view) => view.rank === 1);
    expect(adaRank.loss).toBeCloseTo(adaRun.testLoss!, 12);
    await waitFor(ben.socket, "session:state", (view) => view.revealed);

    const revealed = await shared();
    expect(revealed.runs.every((run) => typeof run.testLoss === "number")).toBe(true);
    expect(revealed.leaderboards.test).toHaveLength(2);
    for (const socket of [ada.socket, ben.socket, host.socket]) socket.disconnect();
  });
});
