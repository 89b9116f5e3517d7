import { describe, expect, it } from "vitest";
import { createAdam } from "./adam.ts";
import type { Optimizer } from "./Optimizer.ts";

function trajectory(optimizer: Optimizer, w0: number, grads: number[], lr: number): number[] {
  const params = Float64Array.of(w0);
  return grads.map((g) => {
    optimizer.step(params, Float64Array.of(g), lr);
    return params[0]!;
  });
}

describe("adam", () => {
  it("moves every parameter by about lr * sign(g) on its first step, whatever the gradient's size", () => {
    const params = Float64Array.of(1, 1, 1);
    createAdam(3).step(params, Float64Array.of(2, -0.5, 1000), 0.001);
    // m / (1 - 0.9) = g and sqrt(v / (1 - 0.999)) = |g|, so the step is lr * g / (|g| + 1e-8):
    // 1 - 0.001 * 2 / 2.00000001 = 0.999000000005; 1 + 0.001 * 0.5 / 0.50000001 = 1.00099999998; 1 - 0.001 * 1000 / 1000.00000001 = 0.99900000000001
    expect(params[0]).toBeCloseTo(0.999000000005, 14);
    expect(params[1]).toBeCloseTo(1.00099999998, 14);
    expect(params[2]).toBeCloseTo(0.99900000000001, 14);
  });

  it("corrects both moments for their zero start with 1 - beta^step", () => {
    const ws = trajectory(createAdam(1, { eps: 0 }), 1, [2, 1], 0.1);
    // step 1: m = 0.2, v = 0.004; bc1 = 0.1, bc2 = 0.001; stepSize = 1, denom = sqrt(0.004) / sqrt(0.001) = 2
    //         -> w = 1 - 0.2 / 2 = 0.9
    // step 2: m = 0.18 + 0.1 = 0.28, v = 0.003996 + 0.001 = 0.004996; bc1 = 0.19, bc2 = 0.001999
    //         stepSize = 0.1 / 0.19 = 0.52631578947368421053, denom = sqrt(0.004996 / 0.001999) = 1.58090152280665673445
    //         -> w = 0.9 - 0.5263157894736842 * 0.28 / 1.5809015228066567 = 0.80678203611885909702
    expect(ws[0]).toBeCloseTo(0.9, 14);
    expect(ws[1]).toBeCloseTo(0.8067820361188591, 14);
  });

  it("with weight decay adds weightDecay * w to the gradient (L2, not AdamW)", () => {
    const ws = trajectory(createAdam(1, { eps: 0, weightDecay: 0.1 }), 2, [1, 1], 0.1);
    // step 1: g = 1 + 0.1 * 2 = 1.2;  m = 0.12, v = 0.00144, stepSize = 1, denom = 1.2 -> w = 2 - 0.12 / 1.2 = 1.9
    // step 2: g = 1 + 0.1 * 1.9 = 1.19; m = 0.108 + 0.119 = 0.227, v = 0.00143856 + 0.0014161 = 0.00285466
    //         denom = sqrt(0.00285466 / 0.001999) = 1.19500795897391641713
    //         -> w = 1.9 - (0.1 / 0.19) * 0.227 / 1.1950079589739164 = 1.80002268745296776529
    expect(ws[0]).toBeCloseTo(1.9, 14);
    expect(ws[1]).toBeCloseTo(1.8000226874529677, 14);
  });

  it("with beta1 below 0.5 still averages m = beta1 * m + (1 - beta1) * g", () => {
    const ws = trajectory(createAdam(1, { eps: 0, beta1: 0.2 }), 1, [2, 1], 0.1);
    // step 1: m = 0.8 * 2 = 1.6, bc1 = 0.8, stepSize = 0.125, denom = 2 -> w = 1 - 0.125 * 1.6 / 2 = 0.9
    // step 2: m = 0.2 * 1.6 + 0.8 * 1 = 1.12, bc1 = 0.96, stepSize = 0.1 / 0.96, denom = 1.5809015228066567
    //         -> w = 0.9 - 0.10416666666666667 * 1.12 / 1.5809015228066567 = 0.82620244526076345181
    expect(ws[0]).toBeCloseTo(0.9, 14);
    expect(ws[1]).toBeCloseTo(0.8262024452607635, 14);
  });

  it("refuses betas outside [0, 1)", () => {
    expect(() => createAdam(1, { beta1: 1 })).toThrow(/beta1/);
    expect(() => createAdam(1, { beta2: -0.1 })).toThrow(/beta2/);
  });
});
