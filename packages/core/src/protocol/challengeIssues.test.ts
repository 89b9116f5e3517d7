import { describe, expect, it } from "vitest";
import { CSV_LIMITS } from "../datasets/parseCsv.ts";
import { challengeError, challengeIssues, type FieldIssue } from "./challengeIssues.ts";

/** The one message challengeIssues gives for `field`. */
function messageAt(issues: readonly FieldIssue[], field: string): string | undefined {
  return issues.find((issue) => issue.field === field)?.message;
}

describe("challengeIssues", () => {
  it("finds nothing wrong with a valid challenge", () => {
    expect(challengeIssues({ dataset: "seed-line" })).toEqual([]);
    expect(challengeIssues({ dataset: { name: "line", size: 50 }, model: { kind: "polynomial", degree: 3 } })).toEqual(
      [],
    );
  });

  it("says a time limit out of range in seconds, minutes or hours, not in zod's words", () => {
    expect(challengeIssues({ dataset: "seed-line", timeLimitSeconds: 6 })).toEqual([
      { field: "timeLimitSeconds", message: "The time limit must be at least 30 seconds." },
    ]);
    expect(messageAt(challengeIssues({ dataset: "seed-line", timeLimitSeconds: 5 * 3600 }), "timeLimitSeconds")).toBe(
      "The time limit must be at most 4 hours.",
    );
    expect(messageAt(challengeIssues({ dataset: "seed-line", timeLimitSeconds: 90.5 }), "timeLimitSeconds")).toBe(
      "The time limit must be a whole number.",
    );
  });

  it("places each problem in its field, the dataset's and the model's options included", () => {
    const issues = challengeIssues({
      title: "   ",
      dataset: { name: "line", size: 2, testFraction: 0.95 },
      model: { kind: "polynomial", degree: 9 },
      optimizers: [],
      batchSizes: [],
      epochs: 0,
      attempts: 2.5,
    });
    expect(Object.fromEntries(issues.map((issue) => [issue.field, issue.message]))).toEqual({
      title: "Give the challenge a title.",
      "dataset.size": "The number of rows must be at least 4.",
      "dataset.testFraction": "The share held out as a test split must be at most 90%.",
      "model.degree": "The polynomial's degree must be at most 8.",
      optimizers: "Allow at least one optimizer.",
      batchSizes: "Allow at least one batch size.",
      epochs: "The epoch budget must be at least 1 epoch.",
      attempts: "Attempts per student must be a whole number.",
    });
  });

  it("gives one message per field, for a network's layers and their units alike", () => {
    const units = challengeIssues({ dataset: "moons", model: { kind: "mlp", hidden: [17, 0], activation: "tanh" } });
    expect(units).toEqual([{ field: "model.hidden", message: "Each hidden layer must be at most 16 units." }]);
    const layers = challengeIssues({ dataset: "moons", model: { kind: "mlp", hidden: [], activation: "tanh" } });
    expect(messageAt(layers, "model.hidden")).toBe("A network needs at least one hidden layer.");
  });

  it("asks for a CSV when the CSV choice has none, and states a CSV's limits when it breaks them", () => {
    expect(challengeIssues({ dataset: { name: "csv" } })).toEqual([
      { field: "dataset", message: "Upload a CSV file or paste CSV text first." },
    ]);
    const short = challengeIssues({
      dataset: { name: "csv", csv: { featureNames: ["x"], targetName: "y", rows: [[1]], targets: [1] } },
    });
    expect(short).toEqual([
      {
        field: "dataset.csv",
        message: `The CSV needs a header row, ${CSV_LIMITS.minRows} to ${CSV_LIMITS.maxRows} rows and 1 to ${CSV_LIMITS.maxFeatures} feature columns, every cell a number.`,
      },
    ]);
  });

  it("explains a learning-rate range upside down and rates out of bounds", () => {
    expect(challengeIssues({ dataset: "seed-line", lrMin: 5, lrMax: 1 })).toEqual([
      { field: "lrMin", message: "The smallest learning rate must not be above the largest." },
    ]);
    expect(messageAt(challengeIssues({ dataset: "seed-line", lrMin: 0 }), "lrMin")).toBe(
      "The smallest learning rate must be above 0.",
    );
    expect(messageAt(challengeIssues({ dataset: "seed-line", lrMax: 1e9 }), "lrMax")).toBe(
      "The largest learning rate must be at most 100.",
    );
  });

  it("names the option of a model that came closest to valid", () => {
    expect(challengeIssues({ dataset: "seed-line", model: { kind: "polynomial" } })).toEqual([
      { field: "model.degree", message: "The polynomial's degree is missing." },
    ]);
    expect(challengeIssues({ dataset: "moons", model: { kind: "mlp", hidden: [4], activation: "relu6" } })).toEqual([
      { field: "model.activation", message: "The activation is not one of the choices offered." },
    ]);
  });

  it("answers garbage with a sentence too", () => {
    expect(challengeIssues("garbage")).toEqual([
      { field: "challenge", message: "The challenge must be an object of settings." },
    ]);
    for (const dataset of [undefined, "nope", 7]) {
      expect(challengeIssues({ dataset })).toEqual([
        { field: "dataset", message: "Choose one of the datasets, or your own CSV." },
      ]);
    }
    expect(challengeIssues({ dataset: "seed-line", nesterov: undefined, scoring: undefined, model: null })).toEqual([
      { field: "model", message: "The model is not one of the choices offered." },
    ]);
  });

  it("never echoes zod's own wording", () => {
    const issues = challengeIssues({
      title: "x".repeat(81),
      dataset: { name: "line", noise: -1 },
      lrMin: "fast",
      timeLimitSeconds: 1,
      scoring: "vibes",
    });
    expect(issues.length).toBe(5);
    for (const { message } of issues) expect(message).not.toMatch(/Too (small|big)|expected|>=|<=|Invalid/);
  });
});

describe("challengeIssues on the start", () => {
  it("takes one starting value per parameter of the model on the dataset's features", () => {
    const workedExample = { dataset: "worked-example", model: { kind: "linear", bias: false } };
    expect(challengeIssues({ ...workedExample, start: [1] })).toEqual([]);
    expect(challengeIssues({ dataset: "plane", model: "linear", start: [0, 0, 0] })).toEqual([]);
    expect(challengeIssues({ ...workedExample, start: [1, 0] })).toEqual([
      {
        field: "start",
        message: "Give one starting value per parameter: this model has 1, the start gives 2.",
      },
    ]);
  });

  it("says a start that is not a number, or too far out, in words beside the start", () => {
    expect(messageAt(challengeIssues({ dataset: "seed-line", start: [Number.NaN, 0] }), "start")).toBe(
      "The starting parameters must be a number.",
    );
    expect(messageAt(challengeIssues({ dataset: "seed-line", start: [2e6, 0] }), "start")).toBe(
      "The starting parameters must be at most 1000000.",
    );
  });
});

describe("challengeError", () => {
  it("sums up the first three problems in its message, counts the rest, and keeps every field", () => {
    const fields = challengeIssues({
      title: "",
      dataset: "seed-line",
      optimizers: [],
      epochs: 0,
      attempts: 0,
      timeLimitSeconds: 0,
    });
    const error = challengeError(fields);
    expect(error.code).toBe("invalid_challenge");
    expect(error.fields).toHaveLength(5);
    expect(error.message).toBe(
      "Give the challenge a title. Allow at least one optimizer. The epoch budget must be at least 1 epoch. (and 2 more problems)",
    );
  });
});
