import { describe, expect, it } from "vitest";
import type { ReferenceCurve } from "../training/referenceRuns.ts";
import { referenceCurvesFor } from "./referenceCurvesFor.ts";

const curve: ReferenceCurve = {
  id: "sgd",
  label: "SGD, lr 0.01",
  epochs: [0, 1],
  losses: [44, 25.66],
  finalLoss: 25.66,
  divergedAt: null,
};
const view = { sessionId: "s1", round: 2, curves: [curve] };

describe("referenceCurvesFor", () => {
  it("draws the curves of the session and round the page shows", () => {
    expect(referenceCurvesFor(view, { sessionId: "s1", round: 2 })).toEqual([curve]);
  });

  it("draws nothing of another round, another session, or before any arrived", () => {
    expect(referenceCurvesFor(view, { sessionId: "s1", round: 3 })).toEqual([]);
    expect(referenceCurvesFor(view, { sessionId: "s2", round: 2 })).toEqual([]);
    expect(referenceCurvesFor(null, { sessionId: "s1", round: 2 })).toEqual([]);
  });
});
