import { describe, expect, it } from "vitest";
import { createProblem } from "./Problem.ts";
import {
  estimateReplaySeconds,
  REPLAY_START_SECONDS,
  replayWorkUnits,
  verificationCost,
  VERIFY_BUDGET,
} from "./replayCost.ts";

const moons = (size: number, hidden: number[]) =>
  createProblem({ dataset: { name: "moons", size }, model: { kind: "mlp", hidden, activation: "tanh" } });

describe("replay cost", () => {
  it("grows linearly with epochs, and with rows and parameters for row-by-row models", () => {
    const shape = { quadratic: false, paramCount: 100, trainRows: 200, epochs: 100, batchSize: "full" } as const;
    const units = replayWorkUnits(shape);
    expect(replayWorkUnits({ ...shape, epochs: 200 })).toBe(2 * units);
    expect(replayWorkUnits({ ...shape, trainRows: 400 })).toBeGreaterThan(1.9 * units);
    expect(replayWorkUnits({ ...shape, paramCount: 400 })).toBeGreaterThan(2 * units);
    expect(replayWorkUnits({ ...shape, batchSize: 1 })).toBeGreaterThan(5 * units);
    expect(estimateReplaySeconds(shape)).toBeGreaterThan(REPLAY_START_SECONDS);
  });

  it("counts a full-batch epoch of a linear model in O(params²), whatever the rows", () => {
    const shape = { quadratic: true, paramCount: 2, trainRows: 4_000, epochs: 100, batchSize: "full" } as const;
    expect(replayWorkUnits(shape)).toBe(replayWorkUnits({ ...shape, trainRows: 40 }));
    expect(replayWorkUnits({ ...shape, batchSize: 1 })).toBeGreaterThan(100 * replayWorkUnits(shape));
  });

  it("counts the test curve's loss pass over the held-out rows: one more row pass per epoch, O(params²) for a linear model", () => {
    const shape = { quadratic: false, paramCount: 100, trainRows: 200, epochs: 100, batchSize: "full" } as const;
    const units = replayWorkUnits(shape);
    expect(replayWorkUnits({ ...shape, testRows: 0 })).toBe(units);
    const withTest = replayWorkUnits({ ...shape, testRows: 200 });
    expect(withTest).toBeGreaterThan(1.9 * units);
    expect(replayWorkUnits({ ...shape, testRows: 50 })).toBeLessThan(withTest);
    const linear = { ...shape, quadratic: true, paramCount: 2 } as const;
    expect(replayWorkUnits({ ...linear, testRows: 4_000 })).toBe(replayWorkUnits({ ...linear, testRows: 40 }));
    const moons200 = moons(200, [8, 8]);
    expect(moons200.dataset.test).not.toBeNull();
    const rules = { epochs: 300, batchSizes: ["full"] as const, attempts: 5 };
    const estimate = estimateReplaySeconds({
      quadratic: false,
      paramCount: moons200.model.paramCount,
      trainRows: moons200.dataset.train.n,
      epochs: 300,
      batchSize: "full",
      testRows: moons200.dataset.test!.n,
    });
    expect(verificationCost(moons200, rules).perRunSeconds).toBe(estimate);
  });

  it("keeps every builder preset's shape within budget", () => {
    const presets = [
      { problem: createProblem({ dataset: { name: "seed-line" }, model: { kind: "linear" } }), epochs: 1_000 },
      { problem: moons(200, [8, 8]), epochs: 300, batchSizes: ["full", 16, 32] as const },
    ];
    for (const { problem, epochs, batchSizes } of presets) {
      const cost = verificationCost(problem, { epochs, batchSizes: batchSizes ?? ["full"], attempts: 5 });
      expect(cost).toMatchObject({ withinBudget: true, advice: null, runs: VERIFY_BUDGET.classSize * 5 });
    }
  });

  it("refuses a 16-16-16-16 network over 10,000 epochs on 1,000 moons, saying how many epochs would fit", () => {
    const cost = verificationCost(moons(1_000, [16, 16, 16, 16]), {
      epochs: 10_000,
      batchSizes: ["full", 16, 32],
      attempts: 5,
    });
    expect(cost.withinBudget).toBe(false);
    expect(cost.perRunSeconds).toBeGreaterThan(VERIFY_BUDGET.perRunSeconds);
    expect(cost.advice).toMatch(/use fewer epochs \(at most \d+ with this network and data\), a smaller network/);
    const fitting = Number(/at most (\d+)/.exec(cost.advice!)![1]);
    const smaller = verificationCost(moons(1_000, [16, 16, 16, 16]), {
      epochs: fitting,
      batchSizes: ["full", 16, 32],
      attempts: 5,
    });
    expect(smaller.withinBudget).toBe(true);
  });
});
