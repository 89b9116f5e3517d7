import { describe, expect, it } from "vitest";
import { standingSentence } from "./standing.ts";

describe("standingSentence", () => {
  it("names the rank on a full or top board", () => {
    const rank = { rank: 3, total: 12, loss: 0.25, topPercent: 25 };
    expect(standingSentence(rank, { mode: "full" })).toBe("You are ranked 3 of 12, best loss 0.2500.");
    expect(standingSentence(rank, { mode: "top", size: 3 })).toBe("You are ranked 3 of 12, best loss 0.2500.");
  });

  it("in percentile mode gives the share of the class only, never a rank", () => {
    const rank = { rank: null, total: 12, loss: 0.25, topPercent: 25 };
    expect(standingSentence(rank, { mode: "percentile" })).toBe(
      "Your best run is in the top 25% of the class (best loss 0.2500).",
    );
  });

  it("says a student without a ranked run is not ranked yet", () => {
    const unranked = { rank: null, total: 12, loss: null, topPercent: null };
    expect(standingSentence(unranked, { mode: "percentile" })).toBe(
      "Not ranked yet: a verified run puts you on the board.",
    );
    expect(standingSentence(null, { mode: "full" })).toBe("Not ranked yet: a verified run puts you on the board.");
  });
});
