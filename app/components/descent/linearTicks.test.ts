import { describe, expect, it } from "vitest";
import { linearTicks, niceStep } from "./linearTicks.ts";

const values = (lo: number, hi: number, count?: number) => linearTicks(lo, hi, count).map((tick) => tick.value);
const labels = (lo: number, hi: number, count?: number) => linearTicks(lo, hi, count).map((tick) => tick.label);

describe("niceStep", () => {
  it("is 1, 2 or 5 times a power of ten, near span / count", () => {
    expect(niceStep(10, 5)).toBe(2);
    expect(niceStep(1, 5)).toBeCloseTo(0.2, 12);
    expect(niceStep(0.03, 5)).toBeCloseTo(0.005, 12);
    expect(niceStep(700, 5)).toBe(100);
    expect(niceStep(2400, 5)).toBe(500);
  });
});

describe("linearTicks", () => {
  it("puts whole multiples of the step inside the range, ends included", () => {
    expect(values(0, 10)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(values(-1.3, 3.7)).toEqual([-1, 0, 1, 2, 3]);
    expect(values(0.12, 0.97)).toEqual([0.2, 0.4, 0.6, 0.8]);
  });

  it("gives about the asked number of ticks over spans of every size", () => {
    for (const [lo, hi] of [
      [0, 1e-4],
      [-3, 5],
      [0.1, 0.35],
      [-250, 1234],
      [1e5, 3e5],
    ] as const) {
      const count = linearTicks(lo, hi, 5).length;
      expect(count, `${lo}..${hi}`).toBeGreaterThanOrEqual(3);
      expect(count, `${lo}..${hi}`).toBeLessThanOrEqual(8);
    }
  });

  it("labels in plain notation with the decimals the step needs and no float noise", () => {
    expect(labels(0, 1)).toEqual(["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"]);
    expect(labels(0.1, 0.35)).toEqual(["0.10", "0.15", "0.20", "0.25", "0.30", "0.35"]);
    expect(labels(0, 0.0001)).toEqual(["0.00000", "0.00002", "0.00004", "0.00006", "0.00008", "0.00010"]);
    expect(labels(1e5, 3e5)).toEqual(["100000", "150000", "200000", "250000", "300000"]);
    for (const label of labels(-0.003, 0.002)) expect(label).not.toMatch(/e/);
  });

  it("writes negatives with a minus sign and zero without one", () => {
    expect(labels(-2, 2)).toEqual(["\u22122", "\u22121", "0", "1", "2"]);
    expect(labels(-0.3, 0.1)).toContain("0.0");
  });

  it("gives no ticks for an empty or infinite range", () => {
    expect(linearTicks(1, 1)).toEqual([]);
    expect(linearTicks(2, 1)).toEqual([]);
    expect(linearTicks(0, Infinity)).toEqual([]);
    expect(linearTicks(Number.NaN, 1)).toEqual([]);
  });
});
