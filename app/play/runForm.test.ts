import { challengeSchema, type Challenge } from "@downhill/core";
import { describe, expect, it } from "vitest";
import { checkRunForm, initialRunForm, type RunForm } from "./runForm.ts";

const CHALLENGE: Challenge = challengeSchema.parse({
  dataset: "seed-line",
  optimizers: ["sgd", "adam"],
  lrMin: 0.001,
  lrMax: 0.5,
  epochs: 50,
  batchSizes: ["full", 8],
});

const form = (change: Partial<RunForm>): RunForm => ({ ...initialRunForm(CHALLENGE), ...change });

describe("checkRunForm", () => {
  it("accepts the first form of a challenge", () => {
    const checked = checkRunForm(initialRunForm(CHALLENGE), CHALLENGE);
    expect(checked.ok && checked.config).toMatchObject({ optimizer: "sgd", epochs: 50, batchSize: "full" });
  });

  it("says what to change in words, beside the field that needs it", () => {
    const cases: [Partial<RunForm>, string, string][] = [
      [{ lr: "" }, "lr", "Type a learning rate, such as 0.01."],
      [{ lr: "fast" }, "lr", "Type a learning rate, such as 0.01."],
      [{ lr: "2" }, "lr", "Pick a learning rate from 0.001 to 0.5."],
      [{ lr: "0" }, "lr", "Pick a learning rate from 0.001 to 0.5."],
      [{ optimizer: "rmsprop" }, "optimizer", "This challenge allows SGD, Adam only."],
      [{ batchSize: "4" }, "batchSize", "This challenge allows full batch, batch 8 only."],
      [{ momentum: "1.5" }, "momentum", "Momentum is a number from 0 (none) to 0.999."],
      [{ momentum: "-0.1" }, "momentum", "Momentum is a number from 0 (none) to 0.999."],
      [{ seed: "1.5" }, "seed", "The seed is a whole number from 0 to 2147483647."],
      [{ seed: "-3" }, "seed", "The seed is a whole number from 0 to 2147483647."],
    ];
    for (const [change, field, reason] of cases) {
      expect(checkRunForm(form(change), CHALLENGE), JSON.stringify(change)).toEqual({ ok: false, field, reason });
    }
  });

  it("never shows zod's wording", () => {
    for (const change of [{ lr: "1e400" }, { momentum: "abc" }, { seed: "1e20" }, { lr: "-1" }]) {
      const checked = checkRunForm(form(change), CHALLENGE);
      expect(checked.ok).toBe(false);
      if (!checked.ok) expect(checked.reason).not.toMatch(/Too (small|big)|expected|>=|<=|Invalid/);
    }
  });

  it("reads an empty momentum or seed as 0, and ignores the momentum of an optimizer that takes none", () => {
    expect(checkRunForm(form({ momentum: "", seed: "" }), CHALLENGE).ok).toBe(true);
    const adam = checkRunForm(form({ optimizer: "adam", momentum: "7" }), CHALLENGE);
    expect(adam.ok && adam.config.momentum).toBe(0);
  });
});
