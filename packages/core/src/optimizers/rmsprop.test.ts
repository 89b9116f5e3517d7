import { describe, expect, it } from "vitest";
import type { Optimizer } from "./Optimizer.ts";
import { createRmsprop } from "./rmsprop.ts";

function trajectory(optimizer: Optimizer, w0: number, grads: number[], lr: number): number[] {
  const params = Float64Array.of(w0);
  return grads.map((g) => {
    optimizer.step(params, Float64Array.of(g), lr);
    return params[0]!;
  });
}

describe("rmsprop", () => {
  it("with torch's defaults moves the first step by lr * g / sqrt(0.01 g^2) = 10 lr * sign(g)", () => {
    const ws = trajectory(createRmsprop(1), 1, [2], 0.01);
    // sq = 0.01 * 4 = 0.04, avg = 0.2 + 1e-8 -> w = 1 - 0.01 * 2 / 0.20000001 = 0.90000000499999975
    expect(ws[0]).toBeCloseTo(0.9000000049999998, 14);
  });

  it("divides by the root of the moving average of squared gradients", () => {
    const ws = trajectory(createRmsprop(1, { alpha: 0.9, eps: 0 }), 1, [1, 2], 0.01);
    // sq = 0.1                  -> w = 1 - 0.01 / sqrt(0.1)                   = 0.96837722339831620668
    // sq = 0.09 + 0.1 * 4 = 0.49 -> w = 0.9683772233983162 - 0.01 * 2 / 0.7 = 0.93980579482688763525
    expect(ws[0]).toBeCloseTo(0.9683772233983162, 14);
    expect(ws[1]).toBeCloseTo(0.9398057948268876, 14);
  });

  it("centered subtracts the squared moving average of gradients before the root", () => {
    const ws = trajectory(createRmsprop(1, { alpha: 0.9, eps: 0, centered: true }), 1, [1, 3], 0.01);
    // sq = 0.1,  gAvg = 0.1  -> avg = sqrt(0.1 - 0.01)     = 0.3  -> w = 1 - 0.01 / 0.3 = 0.96666666666666666667
    // sq = 0.99, gAvg = 0.39 -> avg = sqrt(0.99 - 0.1521) = sqrt(0.8379) = 0.91536877814354144597
    //                        -> w = 0.9666666666666667 - 0.03 / 0.9153687781435414 = 0.93389299039944355725
    expect(ws[0]).toBeCloseTo(0.9666666666666667, 14);
    expect(ws[1]).toBeCloseTo(0.9338929903994435, 14);
  });

  it("with momentum accumulates buf = momentum * buf + g / avg and steps by lr * buf", () => {
    const ws = trajectory(createRmsprop(1, { alpha: 0.9, eps: 0, momentum: 0.5 }), 1, [1, 2], 0.01);
    // avg = sqrt(0.1): buf = 1 / sqrt(0.1) = 3.16227766016837933200 -> w = 1 - 0.0316227766016837933 = 0.96837722339831620668
    // avg = 0.7:       buf = 0.5 * 3.1622776601683793 + 2 / 0.7 = 4.43828168722704680886
    //                  -> w = 0.9683772233983162 - 0.0443828168722704681 = 0.92399440652604573859
    expect(ws[0]).toBeCloseTo(0.9683772233983162, 14);
    expect(ws[1]).toBeCloseTo(0.9239944065260457, 14);
  });

  it("centered with momentum combines both", () => {
    const ws = trajectory(createRmsprop(1, { alpha: 0.9, eps: 0, centered: true, momentum: 0.5 }), 1, [1, 3], 0.01);
    // avg = 0.3:                buf = 1 / 0.3 = 3.3333333333333333          -> w = 1 - 0.0333333333333333 = 0.96666666666666666667
    // avg = 0.9153687781435414: buf = 0.5 * 3.3333333 + 3 / 0.91536877814354 = 4.94403429338897760820
    //                           -> w = 0.9666666666666667 - 0.0494403429338897761 = 0.91722632373277689058
    expect(ws[0]).toBeCloseTo(0.9666666666666667, 14);
    expect(ws[1]).toBeCloseTo(0.9172263237327769, 14);
  });

  it("with weight decay adds weightDecay * w to the gradient", () => {
    const ws = trajectory(createRmsprop(1, { alpha: 0.9, eps: 0, weightDecay: 0.5 }), 2, [1], 0.01);
    // g = 1 + 0.5 * 2 = 2, sq = 0.4, avg = sqrt(0.4) -> w = 2 - 0.01 * 2 / sqrt(0.4) = 2 - 0.01 * sqrt(10)
    //   = 1.96837722339831620668
    expect(ws[0]).toBeCloseTo(1.9683772233983161, 14);
  });
});
