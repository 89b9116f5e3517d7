import { describe, expect, it } from "vitest";
import { showsPodium } from "./podium.ts";

const state = (status: "lobby" | "running" | "paused" | "ended", scoring: "train" | "test", revealed = false) => ({
  status,
  revealed,
  challenge: { scoring },
});

describe("showsPodium", () => {
  it("crowns a training-scored round when it ends", () => {
    expect(showsPodium(state("running", "train"))).toBe(false);
    expect(showsPodium(state("ended", "train"))).toBe(true);
  });

  it("crowns a test-scored round only at the reveal, never on the training ranking before it", () => {
    for (const status of ["lobby", "running", "paused", "ended"] as const) {
      expect(showsPodium(state(status, "test")), status).toBe(false);
    }
    expect(showsPodium(state("ended", "test", true))).toBe(true);
  });
});
