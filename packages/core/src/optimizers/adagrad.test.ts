import { describe, expect, it } from "vitest";
import { createAdagrad } from "./adagrad.ts";
import type { Optimizer } from "./Optimizer.ts";

function trajectory(optimizer: Optimizer, w0: number, grads: number[], lr: number): number[] {
  const params = Float64Array.of(w0);
  return grads.map((g) => {
    optimizer.step(params, Float64Array.of(g), lr);
    return params[0]!;
  });
}

describe("adagrad", () => {
  it("divides each step by the root of the summed squared gradients", () => {
    const ws = trajectory(createAdagrad(1), 1, [2, 1], 0.1);
    // sum = 4 -> w = 1 - 0.1 * 2 / (2 + 1e-10)          = 0.90000000000499999999975
    // sum = 5 -> w = 0.9000000000049999 - 0.1 / (sqrt(5) + 1e-10) = 0.85527864045700420607
    expect(ws[0]).toBeCloseTo(0.900000000005, 14);
    expect(ws[1]).toBeCloseTo(0.8552786404570042, 14);
  });

  it("with lr decay uses clr = lr / (1 + (step - 1) * lrDecay)", () => {
    const ws = trajectory(createAdagrad(1, { lrDecay: 0.5, eps: 0 }), 1, [2, 1, 2], 0.1);
    // step 1: clr = 0.1,       sum = 4 -> w = 1 - 0.1 * 2 / 2                   = 0.9
    // step 2: clr = 0.1 / 1.5, sum = 5 -> w = 0.9 - (0.1 / 1.5) / sqrt(5)        = 0.87018576030000280405
    // step 3: clr = 0.1 / 2,   sum = 9 -> w = 0.8701857603000028 - 0.05 * 2 / 3 = 0.83685242696666947071
    expect(ws[0]).toBeCloseTo(0.9, 14);
    expect(ws[1]).toBeCloseTo(0.8701857603000028, 14);
    expect(ws[2]).toBeCloseTo(0.8368524269666695, 14);
  });

  it("starts the sum at initialAccumulatorValue", () => {
    const ws = trajectory(createAdagrad(1, { initialAccumulatorValue: 1, eps: 0 }), 1, [3], 0.1);
    // sum = 1 + 9 = 10 -> w = 1 - 0.1 * 3 / sqrt(10) = 0.90513167019494862004
    expect(ws[0]).toBeCloseTo(0.9051316701949487, 14);
  });

  it("with weight decay adds weightDecay * w to the gradient, also inside the sum", () => {
    const ws = trajectory(createAdagrad(1, { weightDecay: 0.5, eps: 0 }), 2, [1], 0.1);
    // g = 1 + 0.5 * 2 = 2, sum = 4 -> w = 2 - 0.1 * 2 / 2 = 1.9
    expect(ws[0]).toBeCloseTo(1.9, 14);
  });
});
