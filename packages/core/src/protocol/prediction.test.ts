import { describe, expect, it } from "vitest";
import {
  describePrediction,
  lossDecade,
  PREDICTION_DECADES,
  predictionHeld,
  runPredictionSchema,
} from "./prediction.ts";

describe("lossDecade", () => {
  it("names the decade 10^e <= loss < 10^(e+1), clamped to the offered ones", () => {
    expect(lossDecade(0.0087)).toBe(-3);
    expect(lossDecade(1)).toBe(0);
    expect(lossDecade(64)).toBe(1);
    expect(lossDecade(0)).toBe(PREDICTION_DECADES.lowest);
    expect(lossDecade(1e-30)).toBe(PREDICTION_DECADES.lowest);
    expect(lossDecade(1e30)).toBe(PREDICTION_DECADES.highest);
  });
});

describe("describePrediction", () => {
  it("writes each prediction in plain numbers", () => {
    expect(describePrediction({ outcome: "diverges" })).toBe("it diverges");
    expect(describePrediction({ outcome: "finishes", decade: -2 })).toBe("final loss between 0.01 and 0.1");
    expect(describePrediction({ outcome: "finishes", decade: 1 })).toBe("final loss between 10 and 100");
    expect(describePrediction({ outcome: "finishes", decade: -6 })).toBe("final loss below 0.00001");
    expect(describePrediction({ outcome: "finishes", decade: 6 })).toBe("final loss of 1000000 or more");
  });
});

describe("predictionHeld", () => {
  it("holds a divergence prediction on a diverged run and a decade on a verified loss in it", () => {
    expect(predictionHeld({ outcome: "diverges" }, { status: "diverged", trainLoss: null })).toBe(true);
    expect(predictionHeld({ outcome: "finishes", decade: -3 }, { status: "diverged", trainLoss: null })).toBe(false);
    expect(predictionHeld({ outcome: "finishes", decade: -3 }, { status: "verified", trainLoss: 0.005 })).toBe(true);
    expect(predictionHeld({ outcome: "finishes", decade: -2 }, { status: "verified", trainLoss: 0.005 })).toBe(false);
    expect(predictionHeld({ outcome: "diverges" }, { status: "verified", trainLoss: 0.005 })).toBe(false);
  });

  it("has nothing to say of a run still going, rejected or unfinished", () => {
    for (const status of ["running", "rejected", "unfinished"] as const) {
      expect(predictionHeld({ outcome: "diverges" }, { status, trainLoss: null })).toBeNull();
    }
  });
});

describe("runPredictionSchema", () => {
  it("takes only the offered decades, as whole numbers", () => {
    expect(runPredictionSchema.safeParse({ outcome: "finishes", decade: -6 }).success).toBe(true);
    expect(runPredictionSchema.safeParse({ outcome: "finishes", decade: 7 }).success).toBe(false);
    expect(runPredictionSchema.safeParse({ outcome: "finishes", decade: 0.5 }).success).toBe(false);
    expect(runPredictionSchema.safeParse({ outcome: "maybe" }).success).toBe(false);
  });
});
