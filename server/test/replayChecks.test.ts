// Nothing a client merely claims reaches a screen or a score: every run is replayed from its start, each stored
// batch is checked against the replay, the score is the replay's own loss, and asking for a verdict is cheap.
import {
  createProblem,
  evaluateLoss,
  PROTOCOL_VERSION,
  type ChallengeInput,
  type ChartView,
  type RunConfigInput,
} from "@downhill/core";
import { beforeAll, describe, expect, it } from "vitest";
import { call, connect, expectError, expectOk, httpGet, type TestSocket, waitFor } from "./clients.ts";
import { honestRun, newRunId, playRun, sendProgress } from "./honestRuns.ts";
import { startServer, tempDatabase, type TestServer } from "./servers.ts";
import { createSession, joinStudent, postSession, runningSession } from "./sessions.ts";

const LINE: ChallengeInput = {
  dataset: "seed-line",
  model: "linear",
  optimizers: ["sgd", "adam"],
  lrMin: 0.001,
  lrMax: 2,
  epochs: 40,
  attempts: 5,
};
const lineConfig = (overrides: Partial<RunConfigInput> = {}): RunConfigInput => ({
  optimizer: "sgd",
  lr: 0.03,
  epochs: 40,
  batchSize: "full",
  ...overrides,
});
const INSTRUCTOR_KEY = "replay-checks-instructor-key-0123";
const FORGED = -1e6;

const { server, host, student } = runningSession(LINE, { instructorKey: INSTRUCTOR_KEY });
/** Every chart the host and one student were sent, from the first. */
const charts: ChartView[] = [];

/**
 * Resolves once `socket`'s class chart draws the running run up to epoch `epochs - 1`: its replay has arrived and
 * checked that many epochs.
 */
async function checkedUpTo(socket: TestSocket, runId: string, epochs: number): Promise<ChartView> {
  return waitFor(socket, "chart:update", (chart) =>
    chart.runs.some((run) => run.runId === runId && run.epochs.at(-1) === epochs - 1),
  );
}

function everyChartedLoss(chart: ChartView): number[] {
  return [
    ...chart.runs.flatMap((run) => run.losses),
    ...chart.bands.p10,
    ...chart.bands.p50,
    ...chart.bands.p90,
    ...chart.scatter.flatMap((point) => (point.loss === null ? [] : [point.loss])),
  ];
}

beforeAll(async () => {
  host.socket.on("chart:update", (chart) => charts.push(chart));
  const watcher = await student();
  watcher.socket.on("chart:update", (chart) => charts.push(chart));
});

describe("nothing unverified reaches a chart", () => {
  it("rejects a run that streams -1e6 losses and never finishes, and no chart ever carries them", async () => {
    const mallory = await student();
    const honest = await student();
    // An honest run is on the chart too, so the chart is being drawn while Mallory streams.
    await playRun(honest.socket, honestRun(LINE, lineConfig({ lr: 0.02 })));
    const runId = newRunId();
    expectOk(await call(mallory.socket, "run:start", { runId, config: honestRun(LINE, lineConfig()).config }));
    // Before its replay arrives the batch is stored and acknowledged; after, it is refused: either way the run ends.
    const first = await call(mallory.socket, "run:progress", {
      runId,
      seq: 0,
      fromEpoch: 0,
      losses: Array.from({ length: 10 }, () => FORGED),
    });
    if (!first.ok) expect(expectError(first, "run_closed").message).toContain("epoch 0 is -1000000");

    const roster = await waitFor(host.socket, "roster:update", (view) =>
      view.problems.some((problem) => problem.runId === runId),
    );
    expect(roster.problems.find((problem) => problem.runId === runId)).toMatchObject({ status: "rejected" });
    expect(roster.problems.find((problem) => problem.runId === runId)!.reason).toContain("epoch 0 is -1000000");
    const [stored] = (await server.store.listRuns(host.created.sessionId)).filter((run) => run.id === runId);
    expect(stored).toMatchObject({ status: "rejected", trainLoss: null });
    const later = expectError(
      await call(mallory.socket, "run:progress", {
        runId,
        seq: 1,
        fromEpoch: 10,
        losses: Array.from({ length: 10 }, () => FORGED),
      }),
      "run_closed",
    );
    expect(later.message).toMatch(/^this run was rejected: loss at epoch 0 is -1000000/);
    // A few more broadcasts after the rejection, then every chart sent so far is searched.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(charts.length).toBeGreaterThan(0);
    expect(charts.flatMap(everyChartedLoss).filter((loss) => loss < 0)).toEqual([]);
    expect(charts.some((chart) => chart.runs.some((run) => run.runId === runId))).toBe(false);
  });

  it("refuses a forged batch at once once the replay is in: run_closed naming the epoch, and the verdict is rejected", async () => {
    const oscar = await student();
    const honest = honestRun(LINE, lineConfig({ lr: 0.05 }));
    const runId = newRunId();
    expectOk(await call(oscar.socket, "run:start", { runId, config: honest.config }));
    await sendProgress(oscar.socket, runId, honest.losses.slice(0, 10), 10);
    await checkedUpTo(host.socket, runId, 10);

    const forged = [FORGED, ...honest.losses.slice(11, 20)];
    const error = expectError(
      await call(oscar.socket, "run:progress", { runId, seq: 1, fromEpoch: 10, losses: forged }),
      "run_closed",
    );
    expect(error.message).toBe(
      `this run was rejected: loss at epoch 10 is -1000000, the replay gives ${honest.losses[10]}`,
    );
    const verdict = expectOk(await call(oscar.socket, "run:finish", { runId, params: honest.params }));
    expect(verdict).toMatchObject({ status: "rejected", trainLoss: null });
    expect(verdict.reason).toContain("epoch 10");
  });

  it("draws a running run only as far as it is checked, and stored results only as checked", async () => {
    const vera = await student();
    const una = await student();
    const verified = honestRun(LINE, lineConfig({ lr: 0.04 }));
    const verifiedId = newRunId();
    await playRun(vera.socket, verified, { runId: verifiedId });
    // Una streams 20 honest epochs and gives up: the run is unfinished, its losses never compared in full.
    const unfinished = honestRun(LINE, lineConfig({ lr: 0.06 }));
    const unfinishedId = newRunId();
    expectOk(await call(una.socket, "run:start", { runId: unfinishedId, config: unfinished.config }));
    await sendProgress(una.socket, unfinishedId, unfinished.losses.slice(0, 20), 10);
    const live = await checkedUpTo(host.socket, unfinishedId, 20);
    expect(live.runs.find((run) => run.runId === unfinishedId)!.losses).toHaveLength(20);
    expectOk(await call(una.socket, "run:cancel", { runId: unfinishedId }));

    const response = await httpGet(server.url, `/api/sessions/${host.created.sessionId}`, {
      headers: { authorization: `Bearer ${INSTRUCTOR_KEY}` },
    });
    const results = JSON.parse(response.text) as {
      runs: { runId: string; status: string; epochsStored: number; losses: unknown[] }[];
    };
    const byId = new Map(results.runs.map((run) => [run.runId, run]));
    expect(byId.get(verifiedId)).toMatchObject({
      status: "verified",
      epochsStored: verified.losses.length,
      losses: verified.losses,
    });
    // The 20 acknowledged epochs are counted (a client can check nothing it was told is stored went missing), not shown.
    expect(byId.get(unfinishedId)).toMatchObject({ status: "unfinished", epochsStored: 20, losses: [] });
    for (const run of results.runs.filter((entry) => entry.status === "rejected")) expect(run.losses).toEqual([]);
    const curves = await httpGet(server.url, `/api/sessions/${host.created.sessionId}/curves.csv`, {
      headers: { authorization: `Bearer ${INSTRUCTOR_KEY}` },
    });
    expect(curves.text).not.toContain("-1000000");
    expect(curves.text).not.toContain(unfinishedId);
    expect(curves.text).toContain(verifiedId);
  });
});

describe("a restart", () => {
  it("replays a run still running when the server comes back, and checks its next batches against it", async () => {
    const database = tempDatabase();
    let first: TestServer | null = await startServer({ databaseUrl: database.databaseUrl });
    let second: TestServer | null = null;
    try {
      const ownHost = await createSession(first.url, LINE);
      expectOk(await ownHost.command({ type: "start" }));
      const ivy = await joinStudent(first.url, ownHost.created.code, "Ivy");
      const honest = honestRun(LINE, lineConfig({ lr: 0.07 }));
      const runId = newRunId();
      expectOk(await call(ivy.socket, "run:start", { runId, config: honest.config }));
      await sendProgress(ivy.socket, runId, honest.losses.slice(0, 10), 10);
      await first.close();
      first = null;

      second = await startServer({ databaseUrl: database.databaseUrl });
      const back = await joinStudent(second.url, ownHost.created.code, "Ivy", ivy.joined.studentToken);
      const hostSocket = await connect(second.url);
      expectOk(
        await call(hostSocket, "host:attach", {
          code: ownHost.created.code,
          hostToken: ownHost.created.hostToken,
          protocolVersion: PROTOCOL_VERSION,
        }),
      );
      // The reloaded run's replay arrives and checks the 10 stored epochs.
      await checkedUpTo(hostSocket, runId, 10);
      const error = expectError(
        await call(back.socket, "run:progress", {
          runId,
          seq: 1,
          fromEpoch: 10,
          losses: [FORGED, ...honest.losses.slice(11, 20)],
        }),
        "run_closed",
      );
      expect(error.message).toContain("loss at epoch 10 is -1000000");
    } finally {
      await first?.close();
      await second?.close();
      database.remove();
    }
  });
});

describe("the score is the server's own number", () => {
  it("scores parameters nudged inside the tolerance with the replay's loss: a tie, the honest run first", async () => {
    const ann = await student();
    const bob = await student();
    const honest = honestRun(LINE, lineConfig({ optimizer: "adam", lr: 0.1 }));
    // Each parameter moved by 0.9 of the relative tolerance, in the direction that lowers the loss most.
    const problem = createProblem({ dataset: { name: "seed-line" }, model: { kind: "linear" } });
    const lossOf = (params: number[]) => evaluateLoss(problem, Float64Array.from(params), "train");
    const nudges = [-1, 1].flatMap((a) => [-1, 1].map((b) => [a, b]));
    const nudged = nudges
      .map((signs) => honest.params.map((value, i) => value + signs[i]! * 0.9e-6 * Math.abs(value)))
      .sort((x, y) => lossOf(x) - lossOf(y))[0]!;
    expect(lossOf(nudged)).toBeLessThan(honest.trainLoss);

    const first = await playRun(ann.socket, honest);
    const second = await playRun(bob.socket, { ...honest, params: nudged });
    expect(first).toMatchObject({ status: "verified", trainLoss: honest.trainLoss });
    expect(second).toMatchObject({ status: "verified", trainLoss: honest.trainLoss });

    const board = await waitFor(host.socket, "leaderboard:update", (view) =>
      [first.runId, second.runId].every((runId) => view.entries.some((entry) => entry.runId === runId)),
    );
    const rankOf = (runId: string) => board.entries.find((entry) => entry.runId === runId)!;
    expect(rankOf(first.runId).rank).toBeLessThan(rankOf(second.runId).rank);
    expect(rankOf(second.runId).loss).toBe(rankOf(first.runId).loss);
    const [stored] = (await server.store.listRuns(host.created.sessionId)).filter((run) => run.id === second.runId);
    expect(stored!.finalParams).toEqual(honest.params);
  });
});

describe("verification is cheap to ask for", () => {
  const MOONS: ChallengeInput = {
    dataset: { name: "moons", size: 200 },
    model: { kind: "mlp", hidden: [8, 8], activation: "tanh" },
    optimizers: ["adam"],
    lrMin: 0.001,
    lrMax: 1,
    epochs: 1_500,
    attempts: 5,
  };
  const moonsConfig: RunConfigInput = { optimizer: "adam", lr: 0.01, epochs: 1_500, batchSize: "full", init: "random" };

  it("answers 40 premature run:finish calls with missing_batches at once, and an honest finish is not delayed", async () => {
    const moonsHost = await createSession(server.url, MOONS);
    expectOk(await moonsHost.command({ type: "start" }));
    const eve = await joinStudent(server.url, moonsHost.created.code, "Eve");
    const hal = await joinStudent(server.url, moonsHost.created.code, "Hal");
    const honest = honestRun(MOONS, moonsConfig);

    const eveRun = newRunId();
    expectOk(await call(eve.socket, "run:start", { runId: eveRun, config: honest.config }));
    await sendProgress(eve.socket, eveRun, honest.losses.slice(0, 100), 100);
    const halRun = newRunId();
    expectOk(await call(hal.socket, "run:start", { runId: halRun, config: honest.config }));

    const askedAt = performance.now();
    const premature = Array.from({ length: 40 }, () =>
      call(eve.socket, "run:finish", { runId: eveRun, params: honest.params }).then((ack) => ({
        ack,
        ms: performance.now() - askedAt,
      })),
    );
    await sendProgress(hal.socket, halRun, honest.losses, 500);
    const halFinish = call(hal.socket, "run:finish", { runId: halRun, params: honest.params });
    const answers = await Promise.all(premature);
    for (const { ack } of answers) {
      expect(expectError(ack, "missing_batches")).toMatchObject({ expectedSeq: 1 });
    }
    expect(Math.max(...answers.map((answer) => answer.ms))).toBeLessThan(2_000);
    expect(expectOk(await halFinish).status).toBe("verified");
    // Eve's own run still verifies once she sends the rest: the 40 calls changed nothing.
    await sendProgress(eve.socket, eveRun, honest.losses, 100, 1);
    expect(expectOk(await call(eve.socket, "run:finish", { runId: eveRun, params: honest.params })).status).toBe(
      "verified",
    );
  });

  it("refuses to create a challenge whose class verification exceeds the budget, saying what to change", async () => {
    const answer = await postSession(server.url, {
      challenge: {
        dataset: { name: "moons", size: 1_000 },
        model: { kind: "mlp", hidden: [16, 16, 16, 16], activation: "tanh" },
        epochs: 10_000,
        batchSizes: ["full", 16, 32],
      },
    });
    expect(answer.status).toBe(400);
    const { error } = answer.body as { error: { code: string; message: string } };
    expect(error.code).toBe("invalid_challenge");
    expect(error.message).toMatch(/per run .* for a class of 30 with 5 attempts each/);
    expect(error.message).toMatch(/use fewer epochs \(at most \d+ with this network and data\), a smaller network/);
  });
});
