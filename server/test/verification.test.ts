// The server trusts no number a browser sends: it replays every run and checks every configuration against the rules.
import type { AckOf, ChallengeInput, RunConfigInput } from "@downhill/core";
import { describe, expect, it } from "vitest";
import { call, connect, expectError, expectOk, type OkAck, type TestSocket, waitFor } from "./clients.ts";
import { honestRun, type HonestRun, newRunId, playRun, sendProgress } from "./honestRuns.ts";
import { createSession, joinStudent, runningSession } from "./sessions.ts";

const CHALLENGE: ChallengeInput = {
  dataset: "seed-line",
  model: "linear",
  optimizers: ["sgd", "adam"],
  lrMin: 0.001,
  lrMax: 2,
  epochs: 40,
  batchSizes: ["full", 2],
  attempts: 3,
};

const config = (overrides: Partial<RunConfigInput> = {}): RunConfigInput => ({
  optimizer: "sgd",
  lr: 0.03,
  epochs: 40,
  batchSize: "full",
  ...overrides,
});

const { server, host, student } = runningSession(CHALLENGE);

/**
 * Plays a run that may be rejected while it streams: stops streaming at the first `run_closed` (the rejection,
 * whose reason it must carry), then asks run:finish for the verdict.
 */
async function playForged(socket: TestSocket, run: HonestRun): Promise<OkAck<AckOf<"run:finish">>> {
  const runId = newRunId();
  expectOk(await call(socket, "run:start", { runId, config: run.config }));
  for (let seq = 0; seq * 10 < run.losses.length; seq++) {
    const losses = run.losses.slice(seq * 10, seq * 10 + 10);
    const ack = await call(socket, "run:progress", { runId, seq, fromEpoch: seq * 10, losses });
    if (!ack.ok) {
      expect(expectError(ack, "run_closed").message).toMatch(/^this run was rejected: /);
      break;
    }
  }
  return expectOk(await call(socket, "run:finish", { runId, params: run.params }));
}

describe("replay verification", () => {
  it("rejects a run whose streamed losses differ from the replay at one epoch, naming that epoch", async () => {
    const ada = await student();
    const honest = honestRun(CHALLENGE, config());
    const losses = [...honest.losses];
    losses[17] = losses[17]! * 1.01;
    // The forged batch rejects the run as soon as the replay is there: at that batch, or at the finish.
    const finished = await playForged(ada.socket, { ...honest, losses });
    expect(finished.status).toBe("rejected");
    expect(finished.reason).toContain("epoch 17");

    const roster = await waitFor(host.socket, "roster:update", (view) =>
      view.problems.some((problem) => problem.runId === finished.runId),
    );
    const problem = roster.problems.find((entry) => entry.runId === finished.runId)!;
    expect(problem).toMatchObject({ status: "rejected", studentId: ada.joined.studentId, lr: 0.03 });
    expect(problem.reason).toContain("epoch 17");
    const row = roster.students.find((entry) => entry.studentId === ada.joined.studentId)!;
    expect(row.status).toBe("rejected");
    expect(row.bestLoss).toBeNull();
    const board = await waitFor(host.socket, "leaderboard:update");
    expect(board.entries.some((entry) => entry.runId === finished.runId)).toBe(false);
  });

  it("rejects a run whose final parameters differ from the replay", async () => {
    const ben = await student();
    const honest = honestRun(CHALLENGE, config({ optimizer: "adam", lr: 0.1 }));
    const params = [...honest.params];
    params[0] = params[0]! + 1e-3;
    const finished = await playRun(ben.socket, { ...honest, params });
    expect(finished.status).toBe("rejected");
    expect(finished.reason).toContain("parameter 0");
    const [run] = (await server.store.listRuns(host.created.sessionId)).filter((r) => r.id === finished.runId);
    expect(run).toMatchObject({ status: "rejected", finalParams: params });
  });

  it("refuses parameters of the wrong count without closing the run, which then verifies", async () => {
    const cy = await student();
    const honest = honestRun(CHALLENGE, config({ batchSize: 2, lr: 0.01 }));
    const runId = newRunId();
    expectOk(await call(cy.socket, "run:start", { runId, config: honest.config }));
    await sendProgress(cy.socket, runId, honest.losses, 8);
    const error = expectError(
      await call(cy.socket, "run:finish", { runId, params: [...honest.params, 0] }),
      "invalid_payload",
    );
    expect(error.message).toContain("2 parameters, not 3");
    const finished = expectOk(await call(cy.socket, "run:finish", { runId, params: honest.params }));
    expect(finished.status).toBe("verified");
  });

  it("refuses to finish before every batch is stored, saying which batch comes next", async () => {
    const dee = await student();
    const honest = honestRun(CHALLENGE, config());
    const runId = newRunId();
    expectOk(await call(dee.socket, "run:start", { runId, config: honest.config }));
    await sendProgress(dee.socket, runId, honest.losses.slice(0, 20), 10);
    const error = expectError(
      await call(dee.socket, "run:finish", { runId, params: honest.params }),
      "missing_batches",
    );
    expect(error.expectedSeq).toBe(2);
    expect(error.message).toContain("20 of 40");
    await sendProgress(dee.socket, runId, honest.losses, 10, 2);
    expect(expectOk(await call(dee.socket, "run:finish", { runId, params: honest.params })).status).toBe("verified");
  });

  it("answers a repeated finish with the same verdict and never re-judges a closed run", async () => {
    const eve = await student();
    const honest = honestRun(CHALLENGE, config({ lr: 0.05 }));
    const runId = newRunId();
    const first = await playRun(eve.socket, honest, { runId });
    const second = expectOk(await call(eve.socket, "run:finish", { runId, params: honest.params }));
    expect(second).toEqual(first);
    const forged = expectOk(await call(eve.socket, "run:finish", { runId, params: [99, 99] }));
    expect(forged).toEqual(first);
    expect(forged.status).toBe("verified");
    expectError(await call(eve.socket, "run:progress", { runId, seq: 4, fromEpoch: 40, losses: [1] }), "run_closed");
    const runs = (await server.store.listRuns(host.created.sessionId)).filter((run) => run.id === runId);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.finalParams).toEqual(honest.params);
  });
});

describe("the challenge's rules", () => {
  it.each([
    ["an optimizer the challenge does not allow", config({ optimizer: "rmsprop" }), "optimizer rmsprop"],
    ["a learning rate above the range", config({ lr: 5 }), "learning rate 5"],
    ["a learning rate below the range", config({ lr: 0.0001 }), "learning rate 0.0001"],
    ["another epoch budget", config({ epochs: 39 }), "exactly 40 epochs"],
    ["a batch size not offered", config({ batchSize: 4 }), "batch size 4"],
  ])("refuses %s with rule_violation, spending no attempt", async (_, runConfig, mentions) => {
    const fay = await student();
    const error = expectError(
      await call(fay.socket, "run:start", { runId: newRunId(), config: runConfig }),
      "rule_violation",
    );
    expect(error.message).toContain(mentions);
    const started = expectOk(await call(fay.socket, "run:start", { runId: newRunId(), config: config() }));
    expect(started.attemptsLeft).toBe(2);
    fay.socket.disconnect();
  });

  it("refuses a run past the attempt limit, but a repeated start of the same run spends nothing", async () => {
    const gus = await student();
    const runIds = [newRunId(), newRunId(), newRunId()];
    for (const [i, runId] of runIds.entries()) {
      const started = expectOk(await call(gus.socket, "run:start", { runId, config: config() }));
      expect(started).toMatchObject({ attemptsLeft: 2 - i, run: { attempt: i + 1, status: "running" } });
    }
    const again = expectOk(await call(gus.socket, "run:start", { runId: runIds[0]!, config: config() }));
    expect(again).toMatchObject({ attemptsLeft: 0, run: { runId: runIds[0], attempt: 1 } });
    const error = expectError(
      await call(gus.socket, "run:start", { runId: newRunId(), config: config() }),
      "attempts_exhausted",
    );
    expect(error.message).toContain("3 attempts");
  });

  it("refuses every move on another student's run with forbidden", async () => {
    const hal = await student();
    const ivy = await student();
    const honest = honestRun(CHALLENGE, config());
    const runId = newRunId();
    expectOk(await call(hal.socket, "run:start", { runId, config: honest.config }));
    await sendProgress(hal.socket, runId, honest.losses.slice(0, 10), 10);

    expectError(await call(ivy.socket, "run:start", { runId, config: honest.config }), "forbidden");
    expectError(
      await call(ivy.socket, "run:progress", { runId, seq: 1, fromEpoch: 10, losses: honest.losses.slice(10, 20) }),
      "forbidden",
    );
    expectError(await call(ivy.socket, "run:finish", { runId, params: honest.params }), "forbidden");

    // Hal's run is untouched: batch 1 is still the next one.
    const acked = await sendProgress(hal.socket, runId, honest.losses, 10, 1);
    expect(acked).toMatchObject({ nextSeq: 4, epochsStored: 40 });
    expect(expectOk(await call(hal.socket, "run:finish", { runId, params: honest.params })).status).toBe("verified");
  });

  it("refuses runs from a socket that has not joined", async () => {
    const socket = await connect(server.url);
    expectError(await call(socket, "run:start", { runId: newRunId(), config: config() }), "not_joined");
    socket.disconnect();
  });
});

describe("the source text's worked example", () => {
  const WORKED: ChallengeInput = {
    dataset: "worked-example",
    model: { kind: "linear", bias: false },
    optimizers: ["sgd"],
    lrMin: 0.01,
    lrMax: 1,
    epochs: 10,
    start: [1],
  };

  it("verifies a run of y = w x from w = 1, whose first step gives 4.2, and refuses one from another start", async () => {
    const worked = await createSession(server.url, WORKED);
    expectOk(await worked.command({ type: "start" }));
    const gil = await joinStudent(server.url, worked.created.code, "Gil");
    const honest = honestRun(WORKED, config({ lr: 0.1, epochs: 10, start: [1] }));
    expect(honest.losses[0]).toBe(64);
    expect(honestRun(WORKED, config({ lr: 0.1, epochs: 1, start: [1] })).params).toEqual([4.2]);
    const finished = await playRun(gil.socket, honest);
    expect(finished.status).toBe("verified");

    const elsewhere = config({ lr: 0.1, epochs: 10, start: [2] });
    const refused = expectError(
      await call(gil.socket, "run:start", { runId: newRunId(), config: elsewhere }),
      "rule_violation",
    );
    expect(refused.message).toMatch(/starts from \[1\]/);
  });
});
