import { challengeSchema, RUN_LIMITS, runConfigSchema } from "@downhill/core";
import { describe, expect, it } from "vitest";
import { StoredRowError } from "./Store.ts";
import {
  readChallenge,
  readRunConfig,
  readRunStatus,
  readSessionStatus,
  readTestLosses,
  type StoredUpgrade,
} from "./storedShapes.ts";

const CHALLENGE = challengeSchema.parse({ title: "Stored", dataset: "seed-line", lrMin: 0.001, lrMax: 0.5 });

/** An example shape change: a challenge that kept its learning-rate range as `lrRange: [min, max]`. */
const lrRangeToBounds: StoredUpgrade = (stored) => {
  if (typeof stored !== "object" || stored === null || !("lrRange" in stored)) return stored;
  const { lrRange, ...rest } = stored as { lrRange: [number, number] };
  return { ...rest, lrMin: lrRange[0], lrMax: lrRange[1] };
};

describe("reading stored shapes", () => {
  it("a stored challenge of an older shape is upgraded, then parsed with the wire's schema", () => {
    const { lrMin, lrMax, ...rest } = CHALLENGE;
    const older = JSON.stringify({ ...rest, lrRange: [lrMin, lrMax] });
    expect(readChallenge("s1", older, [lrRangeToBounds])).toEqual(CHALLENGE);
    // The current shape passes the upgrade untouched.
    expect(readChallenge("s1", JSON.stringify(CHALLENGE), [lrRangeToBounds])).toEqual(CHALLENGE);
  });

  it("a stored shape no upgrade knows is refused with a StoredRowError naming the row and the field", () => {
    const { lrMin, lrMax, ...rest } = CHALLENGE;
    const older = JSON.stringify({ ...rest, lrRange: [lrMin, lrMax] });
    // Without the upgrade, the defaults would silently replace the stored range; a wrong type is refused.
    expect(readChallenge("s1", older).lrMax).not.toBe(lrMax);
    expect(() => readChallenge("s1", JSON.stringify({ ...CHALLENGE, epochs: "many" }))).toThrow(
      new StoredRowError("Session", "s1", "challenge.epochs: Invalid input: expected number, received string"),
    );
    expect(() => readChallenge("s1", "{not json")).toThrow(/challenge is not JSON/);
    const config = runConfigSchema.parse({ optimizer: "sgd", lr: 0.1, epochs: 10, batchSize: "full" });
    expect(readRunConfig("r1", JSON.stringify(config))).toEqual(config);
    expect(() => readRunConfig("r1", JSON.stringify({ ...config, lr: -1 }))).toThrow(/stored Run r1 .*config\.lr/);
    expect(readSessionStatus("s1", "paused")).toBe("paused");
    expect(() => readSessionStatus("s1", "archived")).toThrow(/stored Session s1 .*unknown status "archived"/);
    expect(readRunStatus("r1", "verified")).toBe("verified");
    expect(() => readRunStatus("r1", "done")).toThrow(StoredRowError);
  });

  it("a stored test curve reads back through the wire's testCurveSchema, and a torn or overlong one is refused", () => {
    const bytes = (values: number[]) => new Uint8Array(Float64Array.from(values).buffer);
    expect(readTestLosses("r1", null)).toBeNull();
    expect(readTestLosses("r1", bytes([0.5, Number.NaN, 0.25]))).toEqual([0.5, null, 0.25]);
    expect(() => readTestLosses("r1", bytes([0.5]).subarray(0, 7))).toThrow(
      new StoredRowError("Run", "r1", "testLosses: 7 bytes is not a whole number of float64"),
    );
    const overlong = bytes(new Array<number>(RUN_LIMITS.maxEpochs + 1).fill(1));
    expect(() => readTestLosses("r1", overlong)).toThrow(/stored Run r1 .*testLosses: Too big/);
  });
});
