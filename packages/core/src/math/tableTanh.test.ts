import { describe, expect, it } from "vitest";
import { tanh } from "./portable.ts";
import { tableTanh } from "./tableTanh.ts";
import { hex, ulps } from "./ulps.testing.ts";

/** Largest distance in ulps between tableTanh and `reference` over `count` evenly spaced points of [lo, hi]. */
function maxUlps(reference: (x: number) => number, lo: number, hi: number, count = 200_000): number {
  let worst = 0;
  for (let i = 0; i <= count; i++) {
    const x = lo + ((hi - lo) * i) / count;
    worst = Math.max(worst, ulps(tableTanh(x), reference(x)));
  }
  return worst;
}

// Against 150-bit mpmath on 750,000 points of [-22.5, 22.5] (dense in [-6, 6], with the grid's midpoints, where
// |b| is largest): within 1.55 ulp of the true value, as measured for the commit that added it.
describe("tableTanh", () => {
  it("is within 2 ulp of the portable tanh and 3 ulp of Math.tanh (each within 1.3 and 2 ulp of the truth)", () => {
    expect(maxUlps(tanh, -25, 25)).toBeLessThanOrEqual(2);
    expect(maxUlps(tanh, -1, 1)).toBeLessThanOrEqual(2);
    expect(maxUlps(Math.tanh, -25, 25)).toBeLessThanOrEqual(3);
    expect(maxUlps(Math.tanh, -1, 1)).toBeLessThanOrEqual(3);
    expect(maxUlps(Math.tanh, -1e-6, 1e-6)).toBeLessThanOrEqual(1);
  });

  it("returns the table's value at the grid's points, where b is 0", () => {
    for (let k = 0; k <= 22 * 64; k += 13) expect(tableTanh(k / 64)).toBe(tanh(k / 64));
  });

  it("is odd away from midpoints, keeps -0, saturates at ±1 and passes NaN through", () => {
    expect(Object.is(tableTanh(-0), -0)).toBe(true);
    expect(Object.is(tableTanh(0), 0)).toBe(true);
    expect(tableTanh(1e-300)).toBe(1e-300);
    expect(tableTanh(Number.POSITIVE_INFINITY)).toBe(1);
    expect(tableTanh(Number.NEGATIVE_INFINITY)).toBe(-1);
    expect(tableTanh(22)).toBe(1);
    expect(tableTanh(-30)).toBe(-1);
    expect(tableTanh(Number.NaN)).toBeNaN();
    for (const x of [1e-8, 0.1, 0.3, 0.6249, 0.9, 1, 3, 21.99]) expect(tableTanh(-x)).toBe(-tableTanh(x));
  });

  it("is odd to within 1 ulp at the grid's midpoints, where x and -x round to different grid points", () => {
    for (let k = 0; k < 22 * 64; k += 7) {
      const x = (k + 0.5) / 64;
      expect(ulps(-tableTanh(-x), tableTanh(x))).toBeLessThanOrEqual(1);
    }
  });

  it("keeps these bit patterns in every engine (a change here changes every replayed MLP run)", () => {
    expect(hex(tableTanh(0.3))).toBe("3fd2a4dda7d914fa");
    expect(hex(tableTanh(2))).toBe("3feed9505e1bc3d4");
    expect(hex(tableTanh(-0.7))).toBe("bfe356fb17af2e90");
    expect(hex(tableTanh(0.5078125))).toBe("3fddf7a0efb2156b");
  });
});
