import { describe, expect, it } from "vitest";
import { SCHEDULE_KINDS, learningRateAt } from "./schedules.ts";
import type { Schedule } from "./schedules.ts";

describe("learningRateAt", () => {
  it("constant keeps the base learning rate every epoch", () => {
    const schedule: Schedule = { kind: "constant" };
    for (const epoch of [0, 1, 99]) expect(learningRateAt(schedule, 0.1, epoch, 100)).toBe(0.1);
  });

  it("step multiplies by gamma once every stepSize epochs (StepLR)", () => {
    const schedule: Schedule = { kind: "step", stepSize: 3, gamma: 0.5 };
    // epochs 0-2: 0.1; 3-5: 0.05; 6-8: 0.025; 9: 0.0125
    expect(learningRateAt(schedule, 0.1, 0, 10)).toBe(0.1);
    expect(learningRateAt(schedule, 0.1, 2, 10)).toBe(0.1);
    expect(learningRateAt(schedule, 0.1, 3, 10)).toBeCloseTo(0.05, 15);
    expect(learningRateAt(schedule, 0.1, 8, 10)).toBeCloseTo(0.025, 15);
    expect(learningRateAt(schedule, 0.1, 9, 10)).toBeCloseTo(0.0125, 15);
  });

  it("exponential multiplies by gamma every epoch (ExponentialLR)", () => {
    const schedule: Schedule = { kind: "exponential", gamma: 0.9 };
    // 0.1, 0.09, 0.081, ..., 0.1 * 0.9^10 = 0.034867844010
    expect(learningRateAt(schedule, 0.1, 0, 20)).toBe(0.1);
    expect(learningRateAt(schedule, 0.1, 1, 20)).toBeCloseTo(0.09, 15);
    expect(learningRateAt(schedule, 0.1, 2, 20)).toBeCloseTo(0.081, 15);
    expect(learningRateAt(schedule, 0.1, 10, 20)).toBeCloseTo(0.03486784401, 14);
  });

  it("cosine follows half a cosine from lr down to minLr over totalEpochs (CosineAnnealingLR, T_max = totalEpochs)", () => {
    const schedule: Schedule = { kind: "cosine", minLr: 0.01 };
    // epoch 0: 0.1; epoch 5 of 10: 0.01 + 0.09 * (1 + cos(pi / 2)) / 2 = 0.055;
    // epoch 2 of 10: 0.01 + 0.09 * (1 + cos(pi / 5)) / 2 = 0.01 + 0.045 * 1.80901699437494742 = 0.0914057647468726339
    // epoch 10 of 10 would be minLr itself
    expect(learningRateAt(schedule, 0.1, 0, 10)).toBe(0.1);
    expect(learningRateAt(schedule, 0.1, 2, 10)).toBeCloseTo(0.09140576474687263, 15);
    expect(learningRateAt(schedule, 0.1, 5, 10)).toBeCloseTo(0.055, 15);
    expect(learningRateAt(schedule, 0.1, 10, 10)).toBeCloseTo(0.01, 15);
  });

  it("lists every schedule kind", () => {
    expect(SCHEDULE_KINDS).toEqual(["constant", "step", "exponential", "cosine"]);
  });

  it("rejects an epoch that is not an integer >= 0, and a cosine run without epochs", () => {
    expect(() => learningRateAt({ kind: "constant" }, 0.1, -1, 10)).toThrow(/epoch -1/);
    expect(() => learningRateAt({ kind: "constant" }, 0.1, 0.5, 10)).toThrow(/epoch 0.5/);
    expect(() => learningRateAt({ kind: "cosine", minLr: 0 }, 0.1, 0, 0)).toThrow(/totalEpochs 0/);
    expect(() => learningRateAt({ kind: "step", stepSize: 0, gamma: 0.5 }, 0.1, 0, 10)).toThrow(/stepSize 0/);
  });
});
