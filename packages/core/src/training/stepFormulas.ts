import type { ModelSpec } from "../models/Model.ts";

/** The formulas of one step, written as the source text writes them (plain text, readable aloud). */
export interface StepFormulas {
  /** The prediction, e.g. "ŷ = w × x + b". */
  readonly prediction: string;
  /** The loss over the rows, e.g. "loss = mean (y - ŷ)²". */
  readonly loss: string;
  /** The gradient of each named parameter, e.g. "dL/dw = mean -2 x (y - ŷ)"; empty where none is written out. */
  readonly gradients: readonly string[];
}

/**
 * Names of a model's parameters in its layout (see each model's TSDoc): w (or w1 … wd) and b for linear and logistic
 * regression, w1 … wk and b for a polynomial, p1 … pn for a network.
 */
export function parameterNames(spec: ModelSpec, inputs: number, paramCount: number): string[] {
  const weights = (count: number) => (count === 1 ? ["w"] : Array.from({ length: count }, (_, j) => `w${j + 1}`));
  switch (spec.kind) {
    case "linear":
      return spec.bias === false ? weights(inputs) : [...weights(inputs), "b"];
    case "logistic":
      return [...weights(inputs), "b"];
    case "polynomial":
      return [...weights(spec.degree), "b"];
    case "mlp":
      return Array.from({ length: paramCount }, (_, i) => `p${i + 1}`);
  }
}

/** The formulas of the source text for the model, in the parameters' names. */
export function stepFormulas(spec: ModelSpec, names: readonly string[]): StepFormulas {
  switch (spec.kind) {
    case "linear": {
      const bias = spec.bias !== false;
      const weights = bias ? names.slice(0, -1) : names;
      const features = weights.length === 1 ? ["x"] : weights.map((_, j) => `x${j + 1}`);
      const terms = weights.map((w, j) => `${w} × ${features[j]}`);
      return {
        prediction: `ŷ = ${[...terms, ...(bias ? ["b"] : [])].join(" + ")}`,
        loss: "loss = mean (y - ŷ)²",
        gradients: [
          ...weights.map((w, j) => `dL/d${w} = mean -2 × ${features[j]} × (y - ŷ)`),
          ...(bias ? ["dL/db = mean -2 × (y - ŷ)"] : []),
        ],
      };
    }
    case "polynomial": {
      const weights = names.slice(0, -1);
      const power = (j: number) => (j === 0 ? "x" : `x^${j + 1}`);
      return {
        prediction: `ŷ = ${[...weights.map((w, j) => `${w} × ${power(j)}`), "b"].join(" + ")}`,
        loss: "loss = mean (y - ŷ)²",
        gradients: [
          ...weights.map((w, j) => `dL/d${w} = mean -2 × ${power(j)} × (y - ŷ)`),
          "dL/db = mean -2 × (y - ŷ)",
        ],
      };
    }
    case "logistic": {
      const weights = names.slice(0, -1);
      const features = weights.length === 1 ? ["x"] : weights.map((_, j) => `x${j + 1}`);
      return {
        prediction: `ŷ = σ(${[...weights.map((w, j) => `${w} × ${features[j]}`), "b"].join(" + ")})`,
        loss: "loss = mean -(y log ŷ + (1 - y) log(1 - ŷ))",
        gradients: [...weights.map((w, j) => `dL/d${w} = mean (ŷ - y) × ${features[j]}`), "dL/db = mean (ŷ - y)"],
      };
    }
    case "mlp":
      return { prediction: "ŷ = the network's output", loss: "loss = mean loss of the rows", gradients: [] };
  }
}
