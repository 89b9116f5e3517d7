import { describe, expect, it } from "vitest";
import { createModel, modelParamCount } from "./createModel.ts";
import type { ModelSpec } from "./Model.ts";

describe("createModel", () => {
  it("builds each kind with the parameter count modelParamCount promises", () => {
    const cases: [ModelSpec, number, "regression" | "classification"][] = [
      [{ kind: "linear" }, 3, "regression"],
      [{ kind: "polynomial", degree: 4 }, 1, "regression"],
      [{ kind: "logistic" }, 2, "classification"],
      [{ kind: "mlp", hidden: [4, 2], activation: "tanh" }, 2, "classification"],
      [{ kind: "mlp", hidden: [3], activation: "relu" }, 5, "regression"],
    ];
    for (const [spec, inputs, task] of cases) {
      const model = createModel(spec, inputs, task);
      expect(model.spec).toEqual(spec);
      expect(model.task).toBe(task);
      expect(model.paramCount).toBe(modelParamCount(spec, inputs));
    }
    expect(modelParamCount({ kind: "polynomial", degree: 4 }, 1)).toBe(5);
  });

  it("refuses a polynomial on more than one input", () => {
    expect(() => createModel({ kind: "polynomial", degree: 2 }, 2, "regression")).toThrow(/exactly 1 input/);
  });

  it("refuses logistic regression on a regression task", () => {
    expect(() => createModel({ kind: "logistic" }, 1, "regression")).toThrow(/classification dataset/);
  });

  it("refuses linear and polynomial regression on a classification task", () => {
    expect(() => createModel({ kind: "linear" }, 1, "classification")).toThrow(/regression dataset/);
    expect(() => createModel({ kind: "polynomial", degree: 2 }, 1, "classification")).toThrow(/regression dataset/);
  });
});
