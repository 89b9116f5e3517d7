import { describe, expect, it } from "vitest";
import { diagnoseReplay, DIAGNOSIS_THRESHOLDS, formatNumber } from "./diagnose.ts";
import { runDescent } from "./descend.ts";
import { largestStableLearningRate } from "./edgeOfStability.ts";
import { createProblem, type ProblemSpec } from "./Problem.ts";
import { replayRun } from "./verify.ts";
import { runConfigSchema, type RunConfigInput } from "./RunConfig.ts";

const seedLine: ProblemSpec = { dataset: { name: "seed-line" }, model: { kind: "linear" } };

function descend(spec: ProblemSpec, config: Partial<RunConfigInput>) {
  return runDescent(
    spec,
    runConfigSchema.parse({ optimizer: "sgd", lr: 0.01, epochs: 1000, batchSize: "full", ...config }),
  );
}

/** (final - floor) / (first - floor): the share of the way down still to go. */
function gapShare(result: ReturnType<typeof descend>): number {
  const first = result.losses[0]!;
  return (result.finalLoss! - result.optimumLoss!) / (first - result.optimumLoss!);
}

describe("diagnoseRun on the source text's five points, 1,000 epochs of plain gradient descent", () => {
  it("reads lr 1.0 and 0.086 as diverged, and suggests a rate below the edge of stability", () => {
    for (const lr of [1.0, 0.086]) {
      const { diagnosis } = descend(seedLine, { lr });
      expect(diagnosis.verdict).toBe("diverged");
      expect(diagnosis.tryThis).toContain("below 0.0845");
    }
  });

  it("reads lr 0.05 as converged", () => {
    expect(descend(seedLine, { lr: 0.05 }).diagnosis.verdict).toBe("converged");
  });

  it("reads lr 0.000001 as too-slow, and suggests a rate ten times larger", () => {
    const { diagnosis } = descend(seedLine, { lr: 0.000001 });
    expect(diagnosis.verdict).toBe("too-slow");
    expect(diagnosis.tryThis).toContain("0.00001");
  });

  it("reads lr 0.08 as converged after bouncing across the valley for its first tens of epochs", () => {
    const { diagnosis } = descend(seedLine, { lr: 0.08 });
    expect(diagnosis.verdict).toBe("converged");
    const bounce = diagnosis.seen.find((phrase) => phrase.startsWith("the parameters bounced"));
    const [, from, to] = /epochs (\d+) to (\d+)/.exec(bounce ?? "") ?? [];
    expect(Number(from)).toBeLessThan(5);
    expect(Number(to)).toBeGreaterThanOrEqual(20);
    expect(Number(to)).toBeLessThan(100);
  });

  it("reads a run just under the edge that runs out of epochs while still bouncing as oscillating", () => {
    const { diagnosis } = descend(seedLine, { lr: 0.0844, epochs: 100 });
    expect(diagnosis.verdict).toBe("oscillating");
    expect(diagnosis.tryThis).toContain("0.0423");
  });
});

describe("where the thresholds sit", () => {
  it("convergedGap lies between the source text's NumPy loop (lr 0.01: w → 2, b → 0) and a tenth of its rate", () => {
    // lr 0.01 ends with w and b equal to 2 and 0 to three decimals; lr 0.001 ends with visibly wrong parameters.
    const loop = descend(seedLine, { lr: 0.01 });
    const slower = descend(seedLine, { lr: 0.001 });
    expect(loop.weights![0]).toBeCloseTo(2, 2);
    expect(loop.bias!).toBeCloseTo(0, 1);
    expect(Math.abs(slower.weights![0]! - 2)).toBeGreaterThan(0.03);
    expect(gapShare(loop)).toBeLessThan(DIAGNOSIS_THRESHOLDS.convergedGap);
    expect(gapShare(slower)).toBeGreaterThan(DIAGNOSIS_THRESHOLDS.convergedGap);
    expect(loop.diagnosis.verdict).toBe("converged");
    expect(slower.diagnosis.verdict).toBe("too-slow");
  });

  it("noisyRises lies between full-batch descent (never rises) and one-example batches at lr 0.03 (about half)", () => {
    const line: ProblemSpec = { dataset: { name: "line" }, model: { kind: "linear" } };
    const rises = (losses: readonly (number | null)[]) => {
      const tail = losses.slice(-Math.round(losses.length * DIAGNOSIS_THRESHOLDS.noisyTail) - 1) as number[];
      return tail.slice(1).filter((loss, i) => loss > tail[i]!).length / (tail.length - 1);
    };
    const full = descend(line, { lr: 0.03, epochs: 200 });
    const single = descend(line, { lr: 0.03, epochs: 200, batchSize: 1 });
    expect(rises(full.losses)).toBe(0);
    expect(rises(single.losses)).toBeGreaterThan(DIAGNOSIS_THRESHOLDS.noisyRises);
    expect(full.diagnosis.verdict).toBe("converged");
    expect(single.diagnosis.verdict).toBe("noisy");
    expect(single.diagnosis.seen.some((phrase) => phrase.startsWith("the loss rose in"))).toBe(true);
  });

  it("flatTail: without a floor, an MLP that has flattened out converged and one cut off while falling is too slow", () => {
    const moons: ProblemSpec = {
      dataset: { name: "moons" },
      model: { kind: "mlp", hidden: [4, 2], activation: "tanh" },
    };
    const long = descend(moons, { lr: 0.1, epochs: 2000, init: "random" });
    const short = descend(moons, { lr: 0.1, epochs: 50, init: "random" });
    const tailFall = (losses: readonly (number | null)[]) => {
      const curve = losses as number[];
      const tailStart = curve[Math.floor(curve.length * (1 - DIAGNOSIS_THRESHOLDS.tailShare))]!;
      return (tailStart - curve.at(-1)!) / (curve[0]! - curve.at(-1)!);
    };
    expect(long.optimumLoss).toBe(null);
    expect(tailFall(long.losses)).toBeLessThan(DIAGNOSIS_THRESHOLDS.flatTail);
    expect(tailFall(short.losses)).toBeGreaterThan(DIAGNOSIS_THRESHOLDS.flatTail);
    expect(long.diagnosis.verdict).toBe("converged");
    expect(short.diagnosis.verdict).toBe("too-slow");
  });

  it("a network started from zeros is stuck: its loss does not move from ln 2", () => {
    const moons: ProblemSpec = { dataset: { name: "moons" }, model: { kind: "mlp", hidden: [4], activation: "tanh" } };
    const result = descend(moons, { lr: 0.1, epochs: 200, init: "zeros" });
    expect(result.losses[0]).toBeCloseTo(Math.LN2, 12);
    expect(result.finalLoss).toBeCloseTo(Math.LN2, 3);
    expect(result.diagnosis.verdict).toBe("stuck");
    expect(result.diagnosis.tryThis).toContain("random");
  });
});

describe("diagnoseReplay", () => {
  it("reads the server's replay of a run exactly as the CLI reads the run", () => {
    const problem = createProblem(seedLine);
    const edge = largestStableLearningRate(problem);
    for (const lr of [1.0, 0.086, 0.05, 0.000001, 0.08]) {
      const config = runConfigSchema.parse({ optimizer: "sgd", lr, epochs: 1000, batchSize: "full" });
      const fromReplay = diagnoseReplay(problem, config, replayRun(problem, config), edge);
      expect(fromReplay).toEqual(runDescent(seedLine, config).diagnosis);
    }
  });
});

describe("formatNumber", () => {
  it("writes three significant digits in plain notation where it fits", () => {
    expect(formatNumber(0.08452405)).toBe("0.0845");
    expect(formatNumber(0.00001)).toBe("0.00001");
    expect(formatNumber(44)).toBe("44");
    expect(formatNumber(6.3836e-10)).toBe("6.38e-10");
  });
});
