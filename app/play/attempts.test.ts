import { describe, expect, it } from "vitest";
import { runConfigSchema, type OwnRunView, type RunStatus } from "@downhill/core";
import { attemptOfServerRun, earlierAttempts, withAttempt } from "./attempts.ts";

function ownRun(
  runId: string,
  attempt: number,
  status: RunStatus,
  losses: number[],
  verifiedEpochs: number,
): OwnRunView {
  return {
    runId,
    attempt,
    config: runConfigSchema.parse({ optimizer: "sgd", lr: 0.01, epochs: losses.length, batchSize: "full" }),
    status,
    nextSeq: 1,
    epochsStored: losses.length,
    verifiedEpochs,
    losses,
    trainLoss: null,
    trainAccuracy: null,
    reason: null,
    divergedAt: null,
    diagnosis: null,
    prediction: null,
  };
}

describe("attempts", () => {
  it("keeps only the losses the server verified: all of a verified run, none of a rejected one", () => {
    expect(attemptOfServerRun(ownRun("a", 1, "verified", [3, 2, 1], 3)).losses).toEqual([3, 2, 1]);
    expect(attemptOfServerRun(ownRun("b", 2, "rejected", [3, 2, 1], 0)).losses).toEqual([]);
    expect(attemptOfServerRun(ownRun("c", 3, "running", [3, 2, 1], 2)).losses).toEqual([3, 2]);
  });

  it("orders attempts by number and replaces the attempt of the same run", () => {
    const first = attemptOfServerRun(ownRun("a", 1, "verified", [3, 2], 2));
    const second = attemptOfServerRun(ownRun("b", 2, "running", [3], 1));
    const list = withAttempt(withAttempt([], second), first);
    expect(list.map((curve) => curve.runId)).toEqual(["a", "b"]);
    const finished = withAttempt(list, { ...second, status: "verified", losses: [3, 2.5] });
    expect(finished.map((curve) => [curve.runId, curve.status])).toEqual([
      ["a", "verified"],
      ["b", "verified"],
    ]);
  });

  it("draws every attempt but the one on screen, and none without a checked loss", () => {
    const list = [
      attemptOfServerRun(ownRun("a", 1, "verified", [3, 2], 2)),
      attemptOfServerRun(ownRun("b", 2, "rejected", [3, 2], 0)),
      attemptOfServerRun(ownRun("c", 3, "diverged", [3, 9], 2)),
    ];
    expect(earlierAttempts(list, "c").map((curve) => curve.attempt)).toEqual([1]);
    expect(earlierAttempts(list, null).map((curve) => curve.attempt)).toEqual([1, 3]);
  });
});
