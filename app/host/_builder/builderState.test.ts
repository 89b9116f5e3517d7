import { challengeSchema, datasets, parseCsv, type RawData } from "@downhill/core";
import { describe, expect, it } from "vitest";
import { INITIAL_STATE, PRESETS, toChallenge, withDataset, withModel, withTitle } from "./builderState.ts";

function csv(text: string): RawData {
  const parsed = parseCsv(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.data;
}

describe("the builder's title", () => {
  it("follows the chosen dataset while the instructor has not typed one, presets' titles included", () => {
    const moons = withDataset(INITIAL_STATE, "moons", null);
    expect(moons.title).toBe(datasets.moons.title);
    const preset = PRESETS.find((candidate) => candidate.id === "moons-mlp")!.state;
    expect(withDataset(preset, "cars", null).title).toBe(datasets.cars.title);
    expect(withDataset(moons, "csv", null).title).toBe("Your own data");
    expect(withDataset(moons, "csv", csv("hp,mpg\n1,2\n3,4")).title).toBe("Predicting mpg");
  });

  it("stays as typed once the instructor types one, until they empty it", () => {
    const typed = withTitle(INITIAL_STATE, "Week 3: learning rates");
    expect(withDataset(typed, "moons", null).title).toBe("Week 3: learning rates");
    const emptied = withTitle(typed, "  ");
    expect(withDataset(emptied, "line", null).title).toBe(datasets.line.title);
  });
});

describe("the builder's leaderboard mode", () => {
  it("starts on the full board and carries the chosen mode into the challenge the server checks", () => {
    expect(challengeSchema.parse(toChallenge(INITIAL_STATE)).leaderboard).toEqual({ mode: "full" });
    const top = { ...INITIAL_STATE, leaderboard: { mode: "top", size: 3 } } as const;
    expect(challengeSchema.parse(toChallenge(top)).leaderboard).toEqual({ mode: "top", size: 3 });
    const percentile = { ...INITIAL_STATE, leaderboard: { mode: "percentile" } } as const;
    expect(challengeSchema.parse(toChallenge(percentile)).leaderboard).toEqual({ mode: "percentile" });
  });
});

describe("the worked example preset", () => {
  it("describes the source text's example: one point, y = w x without bias, lr 0.1 allowed, every run from w = 1", () => {
    const worked = PRESETS.find((candidate) => candidate.id === "worked-example")!.state;
    const challenge = challengeSchema.parse(toChallenge(worked));
    expect(challenge.dataset).toMatchObject({ name: "worked-example" });
    expect(challenge.model).toEqual({ kind: "linear", bias: false });
    expect(challenge.start).toEqual([1]);
    expect(challenge.lrMin).toBe(0.1);
  });

  it("drops the start when the model or the data change, since it was chosen for that model", () => {
    const worked = PRESETS.find((candidate) => candidate.id === "worked-example")!.state;
    expect(toChallenge(withModel(worked, "linear", true)).start).toBeUndefined();
    expect(toChallenge(withDataset(worked, "seed-line", null)).start).toBeUndefined();
    expect(toChallenge(withModel(worked, "linear", false)).start).toEqual([1]);
  });
});
