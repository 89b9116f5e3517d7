import { describe, expect, it } from "vitest";
import { bce, sigmoid } from "./bce.ts";
import { losses } from "./registry.ts";

describe("bce", () => {
  it("equals -y log σ(z) - (1 - y) log(1 - σ(z)) for moderate logits", () => {
    for (const z of [-3, -0.5, 0, 0.7, 2.5]) {
      const p = 1 / (1 + Math.exp(-z));
      expect(bce.value(z, 1)).toBeCloseTo(-Math.log(p), 12);
      expect(bce.value(z, 0)).toBeCloseTo(-Math.log(1 - p), 12);
    }
  });

  it("stays finite for |z| = 1000: ≈ |z| when wrong, ≈ 0 when right", () => {
    expect(bce.value(1000, 0)).toBe(1000);
    expect(bce.value(-1000, 1)).toBe(1000);
    expect(bce.value(1000, 1)).toBe(0);
    expect(bce.value(-1000, 0)).toBe(0);
    expect(bce.derivative(1000, 0)).toBe(1);
    expect(bce.derivative(-1000, 0)).toBe(0);
  });

  it("has derivative σ(z) - y, matching central differences", () => {
    const h = 1e-6;
    for (const [z, y] of [
      [0.4, 1],
      [-2, 0],
      [3, 1],
    ] as const) {
      expect(bce.derivative(z, y)).toBeCloseTo(sigmoid(z) - y, 15);
      expect(bce.derivative(z, y)).toBeCloseTo((bce.value(z + h, y) - bce.value(z - h, y)) / (2 * h), 8);
    }
  });

  it("sigmoid does not overflow and is symmetric: σ(-z) = 1 - σ(z)", () => {
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(1000)).toBe(1);
    expect(sigmoid(-1.3)).toBeCloseTo(1 - sigmoid(1.3), 15);
  });

  it("the registry names each loss by its own name", () => {
    for (const [name, loss] of Object.entries(losses)) expect(loss.name).toBe(name);
  });
});
