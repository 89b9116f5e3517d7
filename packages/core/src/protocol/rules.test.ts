import { describe, expect, it } from "vitest";
import { runConfigSchema, type RunConfigInput } from "../training/RunConfig.ts";
import { challengeSchema, type ChallengeInput } from "./challenge.ts";
import { initializationFor } from "../models/Model.ts";
import { checkRunAgainstChallenge } from "./rules.ts";

const BASE: ChallengeInput = {
  dataset: "seed-line",
  model: "linear",
  optimizers: ["sgd", "rmsprop", "adam"],
  lrMin: 0.001,
  lrMax: 0.1,
  epochs: 50,
  batchSizes: ["full"],
};

function check(config: Partial<RunConfigInput>, challenge: Partial<ChallengeInput> = {}) {
  return checkRunAgainstChallenge(
    runConfigSchema.parse({ optimizer: "sgd", lr: 0.05, epochs: 50, batchSize: "full", ...config }),
    challengeSchema.parse({ ...BASE, ...challenge }),
  );
}

function reasonOf(verdict: ReturnType<typeof check>): string {
  if (verdict.ok) throw new Error("expected a refusal");
  return verdict.reason;
}

describe("checkRunAgainstChallenge", () => {
  it("requires a run to start where the challenge starts, and from the model's own start when it sets none", () => {
    const worked: Partial<ChallengeInput> = {
      dataset: "worked-example",
      model: { kind: "linear", bias: false },
      start: [1],
    };
    expect(check({ start: [1] }, worked)).toEqual({ ok: true });
    expect(reasonOf(check({ start: [2] }, worked))).toMatch(/starts from \[1\]/);
    expect(reasonOf(check({}, worked))).toMatch(/starts from \[1\]/);
    expect(reasonOf(check({ start: [1, 0] }))).toMatch(/model's own initialization/);
  });

  it("accepts what the student page sends: an allowed optimizer, rate, batch size, momentum and seed", () => {
    expect(check({ momentum: 0.9, seed: 12345 })).toEqual({ ok: true });
    expect(check({ optimizer: "rmsprop", momentum: 0.5 })).toEqual({ ok: true });
    expect(check({ optimizer: "adam", lr: 0.1 })).toEqual({ ok: true });
  });

  it("refuses a learning rate outside the range", () => {
    expect(reasonOf(check({ lr: 0.2 }))).toBe("learning rate 0.2 is outside 0.001 .. 0.1");
    expect(reasonOf(check({ lr: 0.0005 }))).toContain("outside 0.001 .. 0.1");
  });

  it("refuses a schedule the challenge does not allow, and allows only constant by default", () => {
    expect(challengeSchema.parse(BASE).schedules).toEqual(["constant"]);
    const reason = reasonOf(check({ schedule: { kind: "exponential", gamma: 0.99 } }));
    expect(reason).toBe("the exponential schedule is not allowed (allowed: constant)");
  });

  it("refuses a cosine schedule whose minLr lifts later epochs above lrMax", () => {
    const verdict = check(
      { lr: 0.01, schedule: { kind: "cosine", minLr: 0.5 } },
      { schedules: ["constant", "cosine"] },
    );
    expect(reasonOf(verdict)).toMatch(
      /^the cosine schedule sets the learning rate of epoch \d+ to .*, outside 0.001 .. 0.1$/,
    );
    // minLr = 0.7 would descend at 7 times the allowed rate by the end.
    expect(
      reasonOf(check({ lr: 0.1, schedule: { kind: "cosine", minLr: 0.7 } }, { schedules: ["constant", "cosine"] })),
    ).toContain("epoch 1 ");
  });

  it("refuses a decaying schedule that takes later epochs below lrMin", () => {
    const schedules = ["constant", "step", "exponential"] as const;
    expect(
      reasonOf(check({ lr: 0.002, schedule: { kind: "exponential", gamma: 0.9 } }, { schedules: [...schedules] })),
    ).toContain("epoch 7 ");
    expect(
      reasonOf(
        check({ lr: 0.002, schedule: { kind: "step", stepSize: 20, gamma: 0.1 } }, { schedules: [...schedules] }),
      ),
    ).toContain("epoch 20 ");
  });

  it("accepts an allowed schedule whose every epoch stays in the range, lrMax itself included", () => {
    const schedules: ChallengeInput["schedules"] = ["constant", "cosine", "step"];
    expect(check({ lr: 0.1, schedule: { kind: "cosine", minLr: 0.001 } }, { schedules })).toEqual({ ok: true });
    expect(check({ lr: 0.1, schedule: { kind: "cosine", minLr: 0.1 } }, { schedules })).toEqual({ ok: true });
    expect(check({ lr: 0.08, schedule: { kind: "step", stepSize: 10, gamma: 0.5 } }, { schedules })).toEqual({
      ok: true,
    });
  });

  it("refuses momentum for an optimizer that does not read it", () => {
    expect(reasonOf(check({ optimizer: "adam", momentum: 0.9 }))).toBe(
      "adam takes no momentum (only sgd and rmsprop do); send momentum 0",
    );
  });

  it("refuses Nesterov momentum unless the challenge allows it", () => {
    expect(reasonOf(check({ momentum: 0.9, nesterov: true }))).toBe(
      "Nesterov momentum is not allowed in this challenge",
    );
    expect(check({ momentum: 0.9, nesterov: true }, { nesterov: true })).toEqual({ ok: true });
  });

  it("refuses an initialization other than the model's own", () => {
    expect(reasonOf(check({ init: "random" }))).toBe(
      "every run of this model starts from zeros parameters, not random",
    );
    const mlp: Partial<ChallengeInput> = { dataset: "moons", model: { kind: "mlp", hidden: [4], activation: "tanh" } };
    expect(reasonOf(check({ init: "zeros" }, mlp))).toContain("starts from random parameters");
    expect(check({ init: "random" }, mlp)).toEqual({ ok: true });
  });
});

describe("initializationFor", () => {
  it("starts a network at random and every other model at zeros", () => {
    expect(initializationFor({ kind: "mlp", hidden: [3], activation: "relu" })).toBe("random");
    expect(initializationFor({ kind: "polynomial", degree: 3 })).toBe("zeros");
  });
});

describe("challengeSchema rule fields", () => {
  it("keeps the constant schedule allowed in every challenge", () => {
    expect(challengeSchema.safeParse({ ...BASE, schedules: ["cosine"] }).success).toBe(false);
  });
});
