import { describe, expect, it } from "vitest";
import { createProblem, evaluateLoss, type ProblemSpec } from "./Problem.ts";
import { runConfigSchema } from "./RunConfig.ts";
import { Trainer } from "./Trainer.ts";
import {
  checkLosses,
  compareWithReplay,
  curveCanBeComplete,
  replayRun,
  VERIFY_TOLERANCE,
  withinTolerance,
} from "./verify.ts";

const spec: ProblemSpec = { dataset: { name: "line", seed: 2, testFraction: 0.25 }, model: { kind: "linear" } };
const config = runConfigSchema.parse({ optimizer: "rmsprop", lr: 0.05, epochs: 60, batchSize: 8, seed: 4 });

function honestClaim() {
  const trainer = new Trainer(createProblem(spec), config);
  trainer.runToEnd();
  return { losses: trainer.recordedLosses(), params: Array.from(trainer.params) };
}

describe("verification by replay", () => {
  it("accepts an honest run", () => {
    expect(compareWithReplay(honestClaim(), replayRun(createProblem(spec), config))).toEqual({ ok: true });
  });

  it("rejects a forged loss and names the epoch", () => {
    const claim = honestClaim();
    claim.losses[12] = claim.losses[12]! * 0.5;
    const verdict = compareWithReplay(claim, replayRun(createProblem(spec), config));
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.reason).toMatch(/epoch 12/);
  });

  it("rejects forged parameters and names the parameter", () => {
    const claim = honestClaim();
    claim.params[1] = claim.params[1]! + 1e-3;
    const verdict = compareWithReplay(claim, replayRun(createProblem(spec), config));
    expect(!verdict.ok && verdict.reason).toMatch(/parameter 1/);
  });

  it("records the test split's loss at the start of each epoch, with that epoch's parameters, only when given it", () => {
    const problem = createProblem(spec);
    const test = problem.dataset.test!;
    const replay = replayRun(problem, config, test);
    expect(replayRun(problem, config).testLosses).toBeNull();
    // Stepping a trainer by hand: before each step its parameters are the ones that epoch's losses are taken with.
    const trainer = new Trainer(problem, config);
    const expected: number[] = [];
    while (trainer.status === "running") {
      expected.push(problem.model.loss(trainer.params, test));
      trainer.step();
    }
    expect(Array.from(replay.testLosses!)).toEqual(expected);
    expect(replay.testLosses!.length).toBe(replay.losses.length);
    // The training curve and the final parameters are the replay's as without a test split: verification is unchanged.
    const plain = replayRun(problem, config);
    expect(replay.losses).toEqual(plain.losses);
    expect(replay.params).toEqual(plain.params);
  });

  it("gives a diverged run's test curve the length of its training curve", () => {
    const problem = createProblem(spec);
    const exploding = runConfigSchema.parse({ optimizer: "sgd", lr: 5, epochs: 60, batchSize: "full" });
    const replay = replayRun(problem, exploding, problem.dataset.test);
    expect(replay.status).toBe("diverged");
    expect(replay.losses.length).toBeLessThan(60);
    expect(replay.testLosses!.length).toBe(replay.losses.length);
  });

  it("rejects a curve of the wrong length", () => {
    const claim = honestClaim();
    claim.losses.pop();
    expect(compareWithReplay(claim, replayRun(createProblem(spec), config)).ok).toBe(false);
  });

  it("matches a parameter sent as null (JSON's stand-in for NaN) only against a non-finite replayed value", () => {
    const replay = replayRun(createProblem(spec), config);
    const overflowed = {
      ...replay,
      params: Float64Array.from(replay.params, (value, i) => (i === 0 ? Number.NaN : value)),
    };
    const claim = {
      losses: Array.from(replay.losses),
      params: Array.from(overflowed.params, (v) => (Number.isNaN(v) ? null : v)),
    };
    expect(compareWithReplay(claim, overflowed)).toEqual({ ok: true });
    expect(compareWithReplay(claim, replay).ok).toBe(false);
  });

  it("tolerates differences within the documented relative tolerance and no more", () => {
    expect(withinTolerance(1 + VERIFY_TOLERANCE.relative / 2, 1)).toBe(true);
    expect(withinTolerance(1 + VERIFY_TOLERANCE.relative * 2, 1)).toBe(false);
    expect(withinTolerance(null, Number.POSITIVE_INFINITY)).toBe(true);
    expect(withinTolerance(null, 3)).toBe(false);
  });

  it("evaluates a loss from parameters on a named split, and refuses a missing split", () => {
    const problem = createProblem(spec);
    const { params } = honestClaim();
    expect(evaluateLoss(problem, Float64Array.from(params), "test")).toBeGreaterThan(0);
    const seedLine = createProblem({ dataset: { name: "seed-line" }, model: { kind: "linear" } });
    expect(() => evaluateLoss(seedLine, new Float64Array([2, 0]), "test")).toThrow(/no test split/);
    expect(evaluateLoss(seedLine, new Float64Array([2, 0]), "train")).toBe(0);
  });

  it("checks a stretch of streamed losses against the replay, naming the first forged epoch", () => {
    const replay = replayRun(createProblem(spec), config);
    const streamed: (number | null)[] = Array.from(replay.losses.subarray(0, 20));
    expect(checkLosses(streamed, replay.losses, 0, 20)).toEqual({ ok: true });
    streamed[15] = -1e6;
    expect(checkLosses(streamed, replay.losses, 0, 10)).toEqual({ ok: true });
    const verdict = checkLosses(streamed, replay.losses, 10, 20);
    expect(!verdict.ok && verdict.reason).toMatch(/epoch 15 is -1000000/);
    const tooLong = checkLosses(
      Array.from({ length: 61 }, () => 1),
      replay.losses,
      60,
      61,
    );
    expect(!tooLong.ok && tooLong.reason).toMatch(/61 epochs of losses, the replay has 60/);
  });

  it("knows a curve is incomplete without replaying: too short and not ending in a divergence", () => {
    expect(curveCanBeComplete([3, 2, 1], 3)).toBe(true);
    expect(curveCanBeComplete([3, 2, 1], 5)).toBe(false);
    expect(curveCanBeComplete([], 5)).toBe(false);
    expect(curveCanBeComplete([3, 2, null], 5)).toBe(true);
    expect(curveCanBeComplete([3, 2, Number.NaN], 5)).toBe(true);
    expect(curveCanBeComplete([3, 2, 3e5], 5)).toBe(true);
  });

  it("records where the parameter path reversed: what the server's diagnosis reads", () => {
    const seedLine = createProblem({ dataset: { name: "seed-line" }, model: { kind: "linear" } });
    const plain = (lr: number, epochs: number) =>
      replayRun(seedLine, runConfigSchema.parse({ optimizer: "sgd", lr, epochs, batchSize: "full" }));
    // lr 0.08 sits between 1/λ_max and 2/λ_max: the first tens of epochs bounce across the valley, then settle.
    const settles = plain(0.08, 1000);
    expect(settles.reversals.length).toBeGreaterThan(0);
    expect(settles.reversals[0]!.from).toBeLessThan(5);
    expect(settles.reversingAtEnd).toBe(false);
    // Just under the edge, 100 epochs end while the parameters still bounce.
    expect(plain(0.0844, 100).reversingAtEnd).toBe(true);
    // lr 0.01 walks straight down: no update ever reverses the one before.
    expect(plain(0.01, 1000).reversals).toEqual([]);
  });
});
