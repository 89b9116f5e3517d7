import { describe, expect, it } from "vitest";
import {
  expMinusAbs,
  logisticLoss,
  logisticLossDerivative,
  logisticLossDerivativeGiven,
  logisticLossGiven,
  sigmoid,
} from "./bce.ts";

describe("binary cross-entropy on a logit", () => {
  it("equals -y log σ(z) - (1 - y) log(1 - σ(z)) for moderate logits", () => {
    for (const z of [-3, -0.5, 0, 0.7, 2.5]) {
      const p = 1 / (1 + Math.exp(-z));
      expect(logisticLoss(z, 1)).toBeCloseTo(-Math.log(p), 12);
      expect(logisticLoss(z, 0)).toBeCloseTo(-Math.log(1 - p), 12);
    }
  });

  it("stays finite for |z| = 1000: ≈ |z| when wrong, ≈ 0 when right", () => {
    expect(logisticLoss(1000, 0)).toBe(1000);
    expect(logisticLoss(-1000, 1)).toBe(1000);
    expect(logisticLoss(1000, 1)).toBe(0);
    expect(logisticLoss(-1000, 0)).toBe(0);
    expect(logisticLossDerivative(1000, 0)).toBe(1);
    expect(logisticLossDerivative(-1000, 0)).toBe(0);
  });

  it("has derivative σ(z) - y, bit for bit, matching central differences", () => {
    const h = 1e-6;
    for (const [z, y] of [
      [0.4, 1],
      [-2, 0],
      [3, 1],
      [0, 0],
      [-0.75, 1],
    ] as const) {
      expect(logisticLossDerivative(z, y)).toBe(sigmoid(z) - y);
      const numeric = (logisticLoss(z + h, y) - logisticLoss(z - h, y)) / (2 * h);
      expect(logisticLossDerivative(z, y)).toBeCloseTo(numeric, 8);
    }
  });

  it("the forms given e^(-|z|) agree with the plain ones", () => {
    for (const z of [-40, -1.5, -0, 0, 0.25, 17]) {
      const e = expMinusAbs(z);
      expect(e).toBeLessThanOrEqual(1);
      expect(logisticLossGiven(z, 1, e)).toBe(logisticLoss(z, 1));
      expect(logisticLossDerivativeGiven(z, 0, e)).toBe(logisticLossDerivative(z, 0));
    }
  });

  it("sigmoid does not overflow and is symmetric: σ(-z) = 1 - σ(z)", () => {
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(1000)).toBe(1);
    expect(sigmoid(-1.3)).toBeCloseTo(1 - sigmoid(1.3), 15);
  });
});
