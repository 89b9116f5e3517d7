import { describe, expect, it } from "vitest";
import { createProblem } from "./Problem.ts";
import { referenceCurve, referenceRuns } from "./referenceRuns.ts";

/** Mean squared error of w x + b on the source text's five points, y = 2x for x = 1 … 5. */
function seedLineLoss(w: number, b: number): number {
  let sum = 0;
  for (let x = 1; x <= 5; x++) sum += (w * x + b - 2 * x) ** 2;
  return sum / 5;
}

describe("referenceRuns", () => {
  const problem = createProblem({ dataset: { name: "seed-line" }, model: { kind: "linear" } });
  const [sgd, momentum, adam] = referenceRuns(problem, 50, "full");

  it("runs SGD at 0.01, SGD with momentum 0.9 and Adam at 0.001, each for the class's budget", () => {
    expect([sgd!.id, momentum!.id, adam!.id]).toEqual(["sgd", "sgd-momentum", "adam"]);
    for (const run of [sgd!, momentum!, adam!]) {
      expect(run.losses).toHaveLength(50);
      expect(run.losses[0]).toBe(44);
      expect(run.config.epochs).toBe(50);
      expect(run.config.init).toBe("zeros");
    }
  });

  it("takes the steps the update rules give by hand on the source text's five points", () => {
    // At w = b = 0 the gradient is (-2 mean(x y), -2 mean(y)) = (-44, -12).
    expect(sgd!.losses[1]).toBeCloseTo(seedLineLoss(0.44, 0.12), 12);
    // Momentum's first step is plain SGD's (torch starts the buffer at the gradient); its second adds 0.9 of it.
    expect(momentum!.losses[1]).toBeCloseTo(seedLineLoss(0.44, 0.12), 12);
    const w1 = 0.44;
    const b1 = 0.12;
    let gw = 0;
    let gb = 0;
    for (let x = 1; x <= 5; x++) {
      gw += (2 * (w1 * x + b1 - 2 * x) * x) / 5;
      gb += (2 * (w1 * x + b1 - 2 * x)) / 5;
    }
    expect(momentum!.losses[2]).toBeCloseTo(
      seedLineLoss(w1 - 0.01 * (0.9 * -44 + gw), b1 - 0.01 * (0.9 * -12 + gb)),
      10,
    );
    expect(sgd!.losses[2]).toBeCloseTo(seedLineLoss(w1 - 0.01 * gw, b1 - 0.01 * gb), 10);
    // Adam's first step moves every parameter by lr against the sign of its gradient (up to eps = 1e-8).
    expect(adam!.losses[1]).toBeCloseTo(seedLineLoss(0.001, 0.001), 6);
  });

  it("starts an MLP from random weights, as the student page does", () => {
    const mlp = createProblem({ dataset: { name: "moons" }, model: { kind: "mlp", hidden: [4], activation: "tanh" } });
    const runs = referenceRuns(mlp, 5, 10);
    expect(runs.map((run) => run.config.init)).toEqual(["random", "random", "random"]);
    expect(runs.map((run) => run.config.batchSize)).toEqual([10, 10, 10]);
  });

  it("draws a reference curve with every epoch when it is short, and at most maxPoints once it is long", () => {
    const whole = referenceCurve(sgd!);
    expect(whole.epochs).toEqual(Array.from({ length: 50 }, (_, epoch) => epoch));
    expect(whole.losses).toEqual(sgd!.losses);
    expect(whole.label).toBe("SGD, lr 0.01");
    const thinned = referenceCurve(sgd!, 10);
    expect(thinned.epochs).toHaveLength(10);
    expect(thinned.epochs[0]).toBe(0);
    expect(thinned.epochs.at(-1)).toBe(49);
  });
});
