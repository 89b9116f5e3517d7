import { describe, expect, it } from "vitest";
import { parseDescendArgs } from "./parseDescendArgs.ts";

describe("parseDescendArgs", () => {
  it("defaults to the source text's loop: seed-line, linear, sgd, lr 0.01, 1000 epochs, full batch", () => {
    const parsed = parseDescendArgs([]);
    expect(parsed).toMatchObject({
      ok: true,
      problem: { dataset: { name: "seed-line" }, model: { kind: "linear" } },
      config: { optimizer: "sgd", lr: 0.01, epochs: 1000, batchSize: "full", init: "zeros" },
    });
  });

  it("reads every kind of flag, in both --flag value and --flag=value forms", () => {
    const parsed = parseDescendArgs([
      "--model=mlp",
      "--hidden",
      "3,2",
      "--activation",
      "relu",
      "--optimizer",
      "sgd",
      "--momentum",
      "0.9",
      "--nesterov",
      "--batch-size",
      "16",
      "--schedule",
      "step",
      "--step-size",
      "10",
      "--gamma",
      "0.5",
      "--seed",
      "9",
    ]);
    expect(parsed).toMatchObject({
      ok: true,
      problem: { model: { kind: "mlp", hidden: [3, 2], activation: "relu" } },
      config: {
        momentum: 0.9,
        nesterov: true,
        batchSize: 16,
        schedule: { kind: "step", stepSize: 10, gamma: 0.5 },
        seed: 9,
      },
    });
  });

  it.each([
    [["--lr", "abc"], "--lr"],
    [["--lr", "-1"], "--lr"],
    [["--optimizer", "lbfgs"], "--optimizer"],
    [["--batch-size", "0"], "--batch-size"],
    [["--epochs", "2.5"], "--epochs"],
    [["--init", "ones"], "--init"],
    [["--model", "svm"], "--model"],
    [["--schedule", "warmup"], "--schedule"],
    [["--nesterov", "maybe"], "--nesterov"],
    [["--epochs"], "--epochs"],
    [["--wat", "1"], "--wat"],
  ])("refuses %j and names %s", (argv, flag) => {
    const parsed = parseDescendArgs(argv);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.flag).toBe(flag);
    expect(!parsed.ok && parsed.message).toContain(flag);
  });

  it("reads the worked example's flags: --bias false is y = w x, --start sets where the run starts", () => {
    const parsed = parseDescendArgs(["--dataset", "worked-example", "--bias", "false", "--start", "1", "--lr", "0.1"]);
    expect(parsed).toMatchObject({
      ok: true,
      problem: { model: { kind: "linear", bias: false } },
      config: { start: [1], lr: 0.1 },
    });
    expect(parseDescendArgs(["--start", "1,x"])).toMatchObject({ ok: false, flag: "--start" });
    expect(parseDescendArgs(["--model", "logistic", "--bias", "false"])).toMatchObject({ ok: false, flag: "--bias" });
  });
});
