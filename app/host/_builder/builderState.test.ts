import { datasets, parseCsv, type RawData } from "@downhill/core";
import { describe, expect, it } from "vitest";
import { INITIAL_STATE, PRESETS, withDataset, withTitle } from "./builderState.ts";

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
