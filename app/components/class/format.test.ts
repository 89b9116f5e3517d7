import { describe, expect, it } from "vitest";
import { formatPlain, formatPlainShort, PLAIN_MAX_CHARS } from "./format.ts";

describe("formatPlain", () => {
  it("writes small numbers out in plain notation, with three significant digits", () => {
    expect(formatPlain(5.261e-5)).toBe("0.0000526");
    expect(formatPlain(0.25)).toBe("0.250");
    expect(formatPlain(0.0123456)).toBe("0.0123");
    expect(formatPlain(-0.00042)).toBe("-0.000420");
  });

  it("keeps the significant digits when rounding carries into the next power of ten", () => {
    expect(formatPlain(0.0009996)).toBe("0.00100");
    expect(formatPlain(9.996)).toBe("10.0");
  });

  it("writes numbers from 1 up with their decimals and whole numbers whole", () => {
    expect(formatPlain(1)).toBe("1.00");
    expect(formatPlain(3.14159)).toBe("3.14");
    expect(formatPlain(123456)).toBe("123456");
    expect(formatPlain(123456.7)).toBe("123457");
  });

  it("falls back to scientific notation where plain would not fit", () => {
    expect(formatPlain(1.234e-7)).toBe("1.23e-7");
    expect(formatPlain(2.5e12)).toBe("2.5e12");
    expect(formatPlain(-1e-9)).toBe("-1e-9");
    for (const n of [1.234e-7, 5.261e-5, 1e-6, 123456, 2.5e12, 0.5]) {
      expect(formatPlain(n).length).toBeLessThanOrEqual(PLAIN_MAX_CHARS);
    }
  });

  it("takes another number of significant digits", () => {
    expect(formatPlain(5.261e-5, 4)).toBe("0.00005261");
    expect(formatPlain(0.123456, 2)).toBe("0.12");
  });

  it("says what is not a number", () => {
    expect(formatPlain(0)).toBe("0");
    expect(formatPlain(null)).toBe("\u2014");
    expect(formatPlain(Number.NaN)).toBe("\u2014");
    expect(formatPlain(Number.POSITIVE_INFINITY)).toBe("\u221e");
  });
});

describe("formatPlainShort", () => {
  it("drops trailing zeros of a plain number, never of an integer or an exponent", () => {
    expect(formatPlainShort(0.05)).toBe("0.05");
    expect(formatPlainShort(1)).toBe("1");
    expect(formatPlainShort(0.0001)).toBe("0.0001");
    expect(formatPlainShort(100)).toBe("100");
    expect(formatPlainShort(1e-7)).toBe("1e-7");
    expect(formatPlainShort(0.00123)).toBe("0.00123");
  });
});
