import { describe, expect, it } from "vitest";
import { runConfigSchema } from "./RunConfig.ts";
import { largestStableLearningRate } from "./edgeOfStability.ts";
import { createProblem, type ProblemSpec } from "./Problem.ts";
import { Trainer } from "./Trainer.ts";

function finalStatus(spec: ProblemSpec, lr: number, epochs: number) {
  const trainer = new Trainer(
    createProblem(spec),
    runConfigSchema.parse({ optimizer: "sgd", lr, epochs, batchSize: "full" }),
  );
  return trainer.runToEnd();
}

describe("largestStableLearningRate", () => {
  const seedLine: ProblemSpec = { dataset: { name: "seed-line" }, model: { kind: "linear" } };

  it("is 2 / λ_max of H = (2/5) AᵀA on the source text's five points: about 0.0845", () => {
    // A has rows [x, 1] for x = 1 … 5: AᵀA = [[55, 15], [15, 5]], so H = [[22, 6], [6, 2]], λ_max = 12 + √136.
    const edge = largestStableLearningRate(createProblem(seedLine));
    expect(edge).toBeCloseTo(2 / (12 + Math.sqrt(136)), 14);
    expect(edge).toBeCloseTo(0.0845, 4);
  });

  it("separates convergence from divergence on seed-line: 0.084 converges and 0.086 diverges in 1,000 epochs", () => {
    expect(finalStatus(seedLine, 0.084, 1000)).toBe("finished");
    expect(finalStatus(seedLine, 0.086, 1000)).toBe("diverged");
  });

  it("is the edge for a polynomial model too: 1% below it converges, 1% above it diverges", () => {
    const spec: ProblemSpec = { dataset: { name: "quadratic" }, model: { kind: "polynomial", degree: 2 } };
    const edge = largestStableLearningRate(createProblem(spec))!;
    expect(edge).toBeGreaterThan(0);
    expect(finalStatus(spec, edge * 0.99, 5000)).toBe("finished");
    expect(finalStatus(spec, edge * 1.01, 5000)).toBe("diverged");
  });

  it("is null for models whose Hessian is not constant", () => {
    expect(largestStableLearningRate(createProblem({ dataset: { name: "blobs" }, model: { kind: "logistic" } }))).toBe(
      null,
    );
    const mlp = createProblem({ dataset: { name: "moons" }, model: { kind: "mlp", hidden: [4], activation: "tanh" } });
    expect(largestStableLearningRate(mlp)).toBe(null);
  });
});
