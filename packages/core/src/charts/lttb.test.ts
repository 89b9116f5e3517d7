import { describe, expect, it } from "vitest";
import { logLttb, lttb } from "./lttb.ts";

/** A loss-like curve: 0.5 * 0.99^i plus a small wobble, for i = 0..n-1. */
function curve(n: number): { xs: number[]; ys: number[] } {
  const xs = Array.from({ length: n }, (_, i) => i);
  const ys = xs.map((i) => 0.5 * 0.99 ** i * (1 + 0.01 * Math.sin(i)));
  return { xs, ys };
}

describe("lttb", () => {
  it("returns exactly threshold points when the input is longer", () => {
    const { xs, ys } = curve(1000);
    for (const threshold of [3, 4, 80, 999]) {
      const out = lttb(xs, ys, threshold);
      expect(out.xs).toHaveLength(threshold);
      expect(out.ys).toHaveLength(threshold);
    }
  });

  it("keeps the first and the last point", () => {
    const { xs, ys } = curve(500);
    const out = lttb(xs, ys, 20);
    expect(out.xs[0]).toBe(0);
    expect(out.ys[0]).toBe(ys[0]);
    expect(out.xs.at(-1)).toBe(499);
    expect(out.ys.at(-1)).toBe(ys[499]);
  });

  it("keeps a one-point spike that a uniform stride would miss", () => {
    const { xs, ys } = curve(1000);
    ys[637] = 10;
    const out = lttb(xs, ys, 30);
    expect(out.xs).toContain(637);
    expect(out.ys).toContain(10);
  });

  it("returns xs strictly increasing, each kept point being an input point", () => {
    const { xs, ys } = curve(777);
    const out = lttb(xs, ys, 50);
    for (let i = 1; i < out.xs.length; i++) expect(out.xs[i]!).toBeGreaterThan(out.xs[i - 1]!);
    for (let i = 0; i < out.xs.length; i++) expect(out.ys[i]).toBe(ys[out.xs[i]!]);
  });

  it("returns a copy of inputs no longer than the threshold", () => {
    const xs = [0, 1, 2, 3];
    const ys = [4, 3, 2, 1];
    const out = lttb(xs, ys, 4);
    expect(out).toEqual({ xs, ys });
    expect(out.xs).not.toBe(xs);
    expect(out.ys).not.toBe(ys);
    expect(lttb(new Float64Array([5]), new Float64Array([1]), 3)).toEqual({ xs: [5], ys: [1] });
    expect(lttb([], [], 3)).toEqual({ xs: [], ys: [] });
  });

  it("treats non-finite ys as absent", () => {
    const xs = [0, 1, 2, 3, 4, 5, 6];
    const ys = [Number.NaN, 3, Number.POSITIVE_INFINITY, 2, 1, Number.NaN, Number.NaN];
    expect(lttb(xs, ys, 3)).toEqual({ xs: [1, 3, 4], ys: [3, 2, 1] });

    const long = curve(300);
    for (let i = 200; i < 300; i++) long.ys[i] = Number.NaN;
    const out = lttb(long.xs, long.ys, 25);
    expect(out.xs).toHaveLength(25);
    expect(out.xs.at(-1)).toBe(199);
    expect(out.ys.every(Number.isFinite)).toBe(true);
  });

  it("rejects a threshold below 3 and mismatched lengths", () => {
    expect(() => lttb([0, 1, 2], [0, 1, 2], 2)).toThrow(RangeError);
    expect(() => lttb([0, 1, 2], [0, 1, 2], 3.5)).toThrow(RangeError);
    expect(() => lttb([0, 1], [0], 3)).toThrow(RangeError);
  });
});

describe("logLttb", () => {
  // Flat at 1 except a rise to 3 (large on a linear axis) and a dip to 0.01 (large on a log axis), in one bucket.
  const xs = Array.from({ length: 12 }, (_, i) => i);
  const ys = xs.map((i): number => (i === 3 ? 3 : i === 8 ? 0.01 : 1));

  it("measures areas on log10(y): keeps the dip that a log axis shows", () => {
    expect(lttb(xs, ys, 3).xs).toEqual([0, 3, 11]);
    expect(logLttb(xs, ys, 3)).toEqual({ xs: [0, 8, 11], ys: [1, 0.01, 1] });
  });

  it("falls back to linear areas when some y is not positive", () => {
    const withZero = [...ys];
    withZero[0] = 0;
    withZero[11] = 0;
    expect(logLttb(xs, withZero, 3)).toEqual(lttb(xs, withZero, 3));
  });
});
