import { afterAll, describe, expect, it } from "vitest";
import { evaluateLoss, type ChallengeInput } from "@downhill/core";
import { ReplayPool } from "./ReplayPool.ts";
import { roundRules, roundRulesFrom } from "./roundRules.ts";

const pool = new ReplayPool(1);
afterAll(() => pool.close());

const SENDER = "address 127.0.0.1";
const bytesOf = (text: string) => new TextEncoder().encode(text);
const post = (body: unknown) => pool.prepareSession(bytesOf(JSON.stringify(body)), SENDER);

/** An uploaded CSV scored on a hidden split: its seed is drawn on the worker. */
const CSV: ChallengeInput = {
  title: "Upload",
  dataset: {
    name: "csv",
    testFraction: 0.25,
    csv: {
      featureNames: ["a", "b", "c"],
      targetName: "y",
      rows: Array.from({ length: 200 }, (_, i) => [Math.sin(i), Math.cos(i * 0.7), (i % 13) / 13 - 0.5]),
      targets: Array.from({ length: 200 }, (_, i) => Math.sin(i) * 2 - Math.cos(i * 0.7) + (i % 5) * 0.01),
    },
  },
  model: "linear",
  epochs: 50,
  scoring: "test",
};

const MOONS: ChallengeInput = {
  dataset: { name: "moons", seed: 7, testFraction: 0.2 },
  model: { kind: "mlp", hidden: [6], activation: "tanh" },
  epochs: 40,
};

describe("prepareSession on a worker thread", () => {
  it.each([
    ["an uploaded CSV scored on a hidden split", CSV],
    ["a generated set with an MLP", MOONS],
  ])("builds %s exactly as the event loop would, bit for bit", async (_name, challenge) => {
    const prepared = await post({ challenge });
    if (prepared.type !== "prepared") throw new Error(`refused: ${prepared.error.message}`);
    const fromWorker = roundRulesFrom(prepared.session.rules);
    // The same challenge (with the seed the worker drew), built on this thread.
    const onMain = roundRules(1, fromWorker.challenge);
    expect(fromWorker.challenge.dataset).toHaveProperty("seed");
    expect(prepared.session.challengeJson).toBe(JSON.stringify(onMain.challenge));
    const bits = (array: Float64Array | undefined) => Buffer.from(array!.buffer).toString("base64");
    for (const split of ["train", "test"] as const) {
      expect(bits(fromWorker.problem.dataset[split]?.x)).toBe(bits(onMain.problem.dataset[split]?.x));
      expect(bits(fromWorker.problem.dataset[split]?.y)).toBe(bits(onMain.problem.dataset[split]?.y));
    }
    expect(fromWorker.problem.dataset).toEqual(onMain.problem.dataset);
    expect(fromWorker.problem.optimumLoss).toBe(onMain.problem.optimumLoss);
    expect(fromWorker.studentSpec).toEqual(onMain.studentSpec);
    expect(fromWorker.studentChallenge).toEqual(onMain.studentChallenge);
    expect(fromWorker.edgeOfStability).toBe(onMain.edgeOfStability);
    const params = Float64Array.from({ length: onMain.problem.model.paramCount }, (_, i) => 0.3 - 0.1 * i);
    for (const split of ["train", "test"] as const) {
      expect(evaluateLoss(fromWorker.problem, params, split)).toBe(evaluateLoss(onMain.problem, params, split));
    }
  });

  it("refuses a body that is not JSON, or not a challenge, in the words the HTTP answer gives", async () => {
    let reason = "";
    try {
      JSON.parse("{ nope");
    } catch (error) {
      reason = (error as Error).message;
    }
    expect(await pool.prepareSession(bytesOf("{ nope"), SENDER)).toEqual({
      type: "refused",
      error: { code: "invalid_payload", message: `the body is not valid JSON: ${reason}` },
    });
    expect(await post({ nope: 1 })).toEqual({
      type: "refused",
      error: { code: "invalid_payload", message: "the body is { challenge: {…} }" },
    });
  });

  it("refuses a challenge field by field, and one too dear to verify with what to change", async () => {
    const invalid = await post({ challenge: { ...MOONS, epochs: 0, lrMin: -1 } });
    if (invalid.type !== "refused") throw new Error("an invalid challenge was prepared");
    expect(invalid.error.code).toBe("invalid_challenge");
    expect(invalid.error.fields?.map((issue) => issue.field)).toEqual(expect.arrayContaining(["epochs", "lrMin"]));

    const dear = await post({
      challenge: {
        ...MOONS,
        model: { kind: "mlp", hidden: [16, 16, 16, 16], activation: "tanh" },
        epochs: 10_000,
        batchSizes: [1],
      },
    });
    if (dear.type !== "refused") throw new Error("a challenge over the verification budget was prepared");
    expect(dear.error.code).toBe("invalid_challenge");
    expect(dear.error.message).toMatch(/use fewer epochs/);
  });

  it("answers concurrent creations each with its own outcome, on no more threads than its size", async () => {
    const outcomes = await Promise.all([post({ challenge: MOONS }), post({ challenge: CSV }), post({ nope: 1 })]);
    expect(outcomes.map((outcome) => outcome.type)).toEqual(["prepared", "prepared", "refused"]);
    expect(pool.workers).toBe(1);
    expect(pool.waiting).toBe(0);
  });
});
