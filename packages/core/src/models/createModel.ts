import type { Task } from "../datasets/Dataset.ts";
import { createLinearRegression } from "./linearRegression.ts";
import { createLogisticRegression } from "./logisticRegression.ts";
import { createMlp, mlpParamCount } from "./mlp.ts";
import type { Model, ModelSpec } from "./Model.ts";
import { createPolynomialRegression } from "./polynomialRegression.ts";

/**
 * The model a spec names, for data with `inputs` features and the given task. Throws an Error saying what does not
 * fit: polynomial regression needs exactly one input, logistic regression a classification task, linear and
 * polynomial regression a regression task; an MLP fits either task.
 */
export function createModel(spec: ModelSpec, inputs: number, task: Task): Model {
  switch (spec.kind) {
    case "linear":
      if (task !== "regression") {
        throw new Error("linear regression needs a regression dataset; use logistic regression for classification");
      }
      return createLinearRegression(inputs, spec.bias !== false);
    case "polynomial":
      if (task !== "regression") throw new Error("polynomial regression needs a regression dataset");
      if (inputs !== 1) {
        throw new Error(`polynomial regression needs a dataset with exactly 1 input feature, this one has ${inputs}`);
      }
      return createPolynomialRegression(spec.degree);
    case "logistic":
      if (task !== "classification") {
        throw new Error("logistic regression needs a classification dataset; use linear regression for regression");
      }
      return createLogisticRegression(inputs);
    case "mlp":
      return createMlp(inputs, spec.hidden, spec.activation, task);
  }
}

/** Number of parameters the spec's model has on data with `inputs` features (see each model's layout). */
export function modelParamCount(spec: ModelSpec, inputs: number): number {
  switch (spec.kind) {
    case "linear":
      return spec.bias === false ? inputs : inputs + 1;
    case "logistic":
      return inputs + 1;
    case "polynomial":
      return spec.degree + 1;
    case "mlp":
      return mlpParamCount(inputs, spec.hidden);
  }
}
