import { describe, expect, it } from "vitest";
import { lerp } from "./lerp.ts";

describe("lerp", () => {
  it("moves weight of the way from start to end", () => {
    expect(lerp(1, 3, 0.25)).toBe(1.5);
    expect(lerp(1, 3, 0.75)).toBe(2.5);
  });

  it("lands exactly on end at weight 1, where start + (end - start) would round off", () => {
    expect(-1 + 1 * (0.1 - -1)).not.toBe(0.1);
    expect(lerp(-1, 0.1, 1)).toBe(0.1);
  });

  it("lands exactly on start at weight 0", () => {
    expect(lerp(0.1, 0.3, 0)).toBe(0.1);
  });
});
