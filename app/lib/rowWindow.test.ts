import { describe, expect, it } from "vitest";
import { rowWindow } from "./rowWindow.ts";

describe("rowWindow", () => {
  it("mounts the rows in view and the overscan on either side", () => {
    // Rows 10..19 are in view (400 px at 40 px a row, scrolled by 400 px); 3 more on each side.
    expect(rowWindow(400, 400, 40, 1000, 3)).toEqual({ first: 7, end: 23 });
  });

  it("counts a row cut by the viewport's edges as in view", () => {
    expect(rowWindow(410, 400, 40, 1000, 0)).toEqual({ first: 10, end: 21 });
  });

  it("clamps to the start and the end of the list", () => {
    expect(rowWindow(0, 400, 40, 1000, 5)).toEqual({ first: 0, end: 15 });
    expect(rowWindow(39_600, 400, 40, 1000, 5)).toEqual({ first: 985, end: 1000 });
  });

  it("mounts every row of a list shorter than the viewport", () => {
    expect(rowWindow(0, 800, 40, 3, 5)).toEqual({ first: 0, end: 3 });
  });

  it("stays inside the list when scrolled past its end or above its start", () => {
    expect(rowWindow(100_000, 400, 40, 10, 2)).toEqual({ first: 10, end: 10 });
    expect(rowWindow(-50, 400, 40, 1000, 0)).toEqual({ first: 0, end: 10 });
  });

  it("mounts only the overscan before the viewport has a height", () => {
    expect(rowWindow(0, 0, 40, 1000, 4)).toEqual({ first: 0, end: 4 });
  });
});
