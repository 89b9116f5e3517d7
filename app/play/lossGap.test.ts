import { describe, expect, it } from "vitest";
import { gapToOptimum, shownLoss } from "./lossGap.ts";

describe("shownLoss", () => {
  it("shows the verdict's loss (at the final parameters) once the server has judged the run", () => {
    expect(shownLoss(0.25, [64, 2.56])).toEqual({ measured: "final", loss: 0.25 });
    expect(shownLoss(null, [64])).toEqual({ measured: "final", loss: null });
  });

  it("before a verdict, shows the last finite epoch's loss as measured at that epoch's start", () => {
    // One step of the worked example from w = 1: the recorded loss is the one at w = 1.
    expect(shownLoss(undefined, [64])).toEqual({ measured: "epoch-start", epoch: 0, loss: 64 });
    expect(shownLoss(undefined, [64, 2.56, null])).toEqual({ measured: "epoch-start", epoch: 1, loss: 2.56 });
  });

  it("shows nothing without a run or a finite loss", () => {
    expect(shownLoss(undefined, undefined)).toBeNull();
    expect(shownLoss(undefined, [null])).toBeNull();
  });
});

describe("gapToOptimum", () => {
  it("gives no ratio against an exact fit", () => {
    expect(gapToOptimum(2, 0)).toEqual({ difference: 2, ratio: null });
    expect(gapToOptimum(2, 1)).toEqual({ difference: 1, ratio: 2 });
  });
});
