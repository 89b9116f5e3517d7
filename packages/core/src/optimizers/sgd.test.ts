import { describe, expect, it } from "vitest";
import { createSgd } from "./sgd.ts";

/** Runs `optimizer.step` once per gradient in `grads` on a one-parameter model and returns w after each step. */
function trajectory(optimizer: ReturnType<typeof createSgd>, w0: number, grads: number[], lr: number): number[] {
  const params = Float64Array.of(w0);
  return grads.map((g) => {
    optimizer.step(params, Float64Array.of(g), lr);
    return params[0]!;
  });
}

describe("sgd", () => {
  it("takes the source text's step: w = 1, dL/dw = -32, lr = 0.1 gives w = 1 + 3.2 = 4.2", () => {
    const params = Float64Array.of(1);
    createSgd(1).step(params, Float64Array.of(-32), 0.1);
    expect(params[0]).toBeCloseTo(4.2, 14);
  });

  it("without momentum steps each parameter by -lr * grad", () => {
    const params = Float64Array.of(1, -2, 0.5);
    createSgd(3).step(params, Float64Array.of(2, -4, 0), 0.25);
    // 1 - 0.25 * 2 = 0.5; -2 - 0.25 * (-4) = -1; 0.5 - 0 = 0.5
    expect(Array.from(params)).toEqual([0.5, -1, 0.5]);
  });

  it("with momentum starts the buffer at the first gradient and then keeps momentum * buf + g", () => {
    const ws = trajectory(createSgd(1, { momentum: 0.9 }), 1, [2, 1, -1], 0.1);
    // buf = 2             -> w = 1 - 0.1 * 2       = 0.8
    // buf = 0.9 * 2 + 1   = 2.8  -> w = 0.8 - 0.28  = 0.52
    // buf = 0.9 * 2.8 - 1 = 1.52 -> w = 0.52 - 0.152 = 0.368
    expect(ws[0]).toBeCloseTo(0.8, 14);
    expect(ws[1]).toBeCloseTo(0.52, 14);
    expect(ws[2]).toBeCloseTo(0.368, 14);
  });

  it("with nesterov steps along g + momentum * buf", () => {
    const ws = trajectory(createSgd(1, { momentum: 0.9, nesterov: true }), 1, [2, 1], 0.1);
    // buf = 2;   g = 2 + 0.9 * 2   = 3.8  -> w = 1 - 0.38     = 0.62
    // buf = 2.8; g = 1 + 0.9 * 2.8 = 3.52 -> w = 0.62 - 0.352 = 0.268
    expect(ws[0]).toBeCloseTo(0.62, 14);
    expect(ws[1]).toBeCloseTo(0.268, 14);
  });

  it("with dampening scales new gradients by 1 - dampening, except the first", () => {
    const ws = trajectory(createSgd(1, { momentum: 0.9, dampening: 0.5 }), 1, [2, 1, 1], 0.1);
    // buf = 2 (torch clones the first gradient undamped) -> w = 1 - 0.2    = 0.8
    // buf = 0.9 * 2   + 0.5 * 1 = 2.3                     -> w = 0.8 - 0.23  = 0.57
    // buf = 0.9 * 2.3 + 0.5 * 1 = 2.57                    -> w = 0.57 - 0.257 = 0.313
    expect(ws[0]).toBeCloseTo(0.8, 14);
    expect(ws[1]).toBeCloseTo(0.57, 14);
    expect(ws[2]).toBeCloseTo(0.313, 14);
  });

  it("with weight decay adds weightDecay * w to the gradient", () => {
    const ws = trajectory(createSgd(1, { weightDecay: 0.1 }), 2, [1, 1], 0.5);
    // g = 1 + 0.1 * 2   = 1.2  -> w = 2 - 0.5 * 1.2    = 1.4
    // g = 1 + 0.1 * 1.4 = 1.14 -> w = 1.4 - 0.5 * 1.14 = 0.83
    expect(ws[0]).toBeCloseTo(1.4, 14);
    expect(ws[1]).toBeCloseTo(0.83, 14);
  });

  it("refuses nesterov without momentum or with dampening, as torch does", () => {
    expect(() => createSgd(1, { nesterov: true })).toThrow(/Nesterov momentum requires/);
    expect(() => createSgd(1, { nesterov: true, momentum: 0.9, dampening: 0.1 })).toThrow(/Nesterov/);
  });

  it("refuses a negative momentum or weight decay", () => {
    expect(() => createSgd(1, { momentum: -0.1 })).toThrow(/momentum/);
    expect(() => createSgd(1, { weightDecay: -1 })).toThrow(/weight decay/);
  });

  it("keeps no momentum buffer in its state when momentum is 0", () => {
    const optimizer = createSgd(2);
    optimizer.step(new Float64Array(2), Float64Array.of(1, 1), 0.1);
    expect(optimizer.getState()).toEqual({ step: 1, buffers: {} });
  });
});
