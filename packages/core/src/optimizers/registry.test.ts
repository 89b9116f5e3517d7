import { describe, expect, it } from "vitest";
import { OPTIMIZER_NAMES } from "./Optimizer.ts";
import type { OptimizerName, OptimizerOptions, OptimizerState } from "./Optimizer.ts";
import { DEFAULT_LEARNING_RATES, OPTIMIZER_DEFAULTS, createOptimizer, optimizers } from "./registry.ts";

/** Every option each optimizer knows switched on, so that every buffer takes part. */
const FULL_OPTIONS: Record<OptimizerName, OptimizerOptions> = {
  sgd: { momentum: 0.9, nesterov: true, weightDecay: 0.01 },
  adagrad: { lrDecay: 0.1, weightDecay: 0.01, initialAccumulatorValue: 0.1 },
  rmsprop: { momentum: 0.5, centered: true, weightDecay: 0.01 },
  adam: { weightDecay: 0.01 },
};

const PARAM_COUNT = 3;

/** A fixed, irregular gradient for step `k` (a stand-in for a model's gradient). */
function gradientAt(k: number): Float64Array {
  return Float64Array.from({ length: PARAM_COUNT }, (_, i) => Math.sin(1.7 * k + 2.3 * i) * (i + 1));
}

describe("optimizer registry", () => {
  it("has one factory per wire name, each building an optimizer of that name", () => {
    expect(Object.keys(optimizers).sort()).toEqual([...OPTIMIZER_NAMES].sort());
    for (const name of OPTIMIZER_NAMES) expect(createOptimizer(name, 2).name).toBe(name);
  });

  it("documents torch.optim's default learning rates and hyper-parameters", () => {
    expect(DEFAULT_LEARNING_RATES).toEqual({ sgd: 1e-3, adagrad: 1e-2, rmsprop: 1e-2, adam: 1e-3 });
    expect(OPTIMIZER_DEFAULTS.adam).toEqual({ beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 });
    expect(OPTIMIZER_DEFAULTS.rmsprop.alpha).toBe(0.99);
    expect(OPTIMIZER_DEFAULTS.adagrad.eps).toBe(1e-10);
    expect(OPTIMIZER_DEFAULTS.sgd.momentum).toBe(0);
  });
});

describe.each(OPTIMIZER_NAMES)("%s state and arguments", (name) => {
  const create = () => createOptimizer(name, PARAM_COUNT, FULL_OPTIONS[name]);

  it("resumes from a JSON round trip of getState() bit-identically to an uninterrupted run", () => {
    const lr = 0.05;
    const uninterrupted = create();
    const straight = Float64Array.of(0.5, -1, 2);
    for (let k = 0; k < 6; k++) uninterrupted.step(straight, gradientAt(k), lr);

    const first = create();
    const resumed = Float64Array.of(0.5, -1, 2);
    for (let k = 0; k < 3; k++) first.step(resumed, gradientAt(k), lr);
    const saved = JSON.parse(JSON.stringify(first.getState())) as OptimizerState;
    const second = create();
    second.setState(saved);
    expect(second.getState()).toEqual(first.getState());
    for (let k = 3; k < 6; k++) second.step(resumed, gradientAt(k), lr);

    expect(Array.from(resumed)).toEqual(Array.from(straight));
    expect(second.getState()).toEqual(uninterrupted.getState());
  });

  it("getState() is a copy that later steps do not change", () => {
    const optimizer = create();
    const params = Float64Array.of(1, 2, 3);
    optimizer.step(params, gradientAt(0), 0.1);
    const state = optimizer.getState();
    const before = JSON.stringify(state);
    optimizer.step(params, gradientAt(1), 0.1);
    expect(JSON.stringify(state)).toBe(before);
    expect(state.step).toBe(1);
  });

  it("setState() rejects a buffer of the wrong length and leaves the state as it was", () => {
    const optimizer = create();
    optimizer.step(Float64Array.of(1, 2, 3), gradientAt(0), 0.1);
    const state = optimizer.getState();
    const [bufferName, values] = Object.entries(state.buffers)[0]!;
    const bad = { step: 1, buffers: { ...state.buffers, [bufferName]: values.slice(1) } };
    expect(() => optimizer.setState(bad)).toThrow(new RegExp(`${bufferName} has length 2, expected 3`));
    expect(optimizer.getState()).toEqual(state);
  });

  it("setState() rejects missing buffers and a step that is not an integer >= 0", () => {
    const optimizer = create();
    expect(() => optimizer.setState({ step: 1, buffers: {} })).toThrow(/expected buffers/);
    const state = optimizer.getState();
    expect(() => optimizer.setState({ ...state, step: -1 })).toThrow(/step -1/);
    expect(() => optimizer.setState({ ...state, step: 1.5 })).toThrow(/step 1.5/);
  });

  it("weight decay leaves the caller's gradient array unmodified", () => {
    const optimizer = create();
    const grad = gradientAt(0);
    const copy = Float64Array.from(grad);
    optimizer.step(Float64Array.of(1, 2, 3), grad, 0.1);
    expect(Array.from(grad)).toEqual(Array.from(copy));
  });

  it("rejects arrays of the wrong length and a negative learning rate", () => {
    const optimizer = create();
    expect(() => optimizer.step(new Float64Array(2), new Float64Array(2), 0.1)).toThrow(/expected 3/);
    expect(() => optimizer.step(new Float64Array(3), new Float64Array(3), -0.1)).toThrow(/learning rate/);
  });
});
