import type { Happening } from "@downhill/core";
import { describe, expect, it } from "vitest";
import { happeningText, ordinal } from "./happeningText.ts";

const event = (kind: string, fields: Partial<Extract<Happening, { kind: "event" }>> = {}): Happening => ({
  kind: "event",
  at: 0,
  event: kind,
  name: null,
  seconds: null,
  on: null,
  why: null,
  ...fields,
});

const closed = (fields: Partial<Extract<Happening, { kind: "run-closed" }>>): Happening => ({
  kind: "run-closed",
  at: 0,
  runId: "r",
  studentId: "s",
  name: "Ada",
  attempt: 2,
  status: "verified",
  loss: 0.01234,
  reason: null,
  divergedAt: null,
  rank: null,
  ...fields,
});

describe("ordinal", () => {
  it("uses st, nd and rd after 1, 2 and 3 except in the teens", () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map(ordinal)).toEqual([
      "1st",
      "2nd",
      "3rd",
      "4th",
      "11th",
      "12th",
      "13th",
      "21st",
      "22nd",
      "23rd",
      "101st",
      "111th",
    ]);
  });
});

describe("happeningText", () => {
  it("says what the host and students did, with the name the results carry", () => {
    expect(happeningText(event("joined", { name: "Student 3" }))).toBe("Student 3 joined");
    expect(happeningText(event("kicked", { name: "Ben" }))).toBe("The host removed Ben");
    expect(happeningText(event("extended", { seconds: 90 }))).toBe("The host added 1 min 30 s");
    expect(happeningText(event("anonymized", { on: false }))).toBe("The host showed names again");
    expect(happeningText(event("ended", { why: "time is up" }))).toBe("The round ended: time is up");
    expect(happeningText(event("round"))).toBe("The host opened this round for the class");
  });

  it("says how a run started and how it closed, with its place when it took one", () => {
    expect(
      happeningText({
        kind: "run-started",
        at: 0,
        runId: "r",
        studentId: "s",
        name: "Ada",
        attempt: 1,
        optimizer: "adam",
        lr: 0.01,
        batchSize: 16,
      }),
    ).toBe("Ada started attempt 1: Adam, lr 0.01, batch 16");
    expect(happeningText(closed({ rank: 1 }))).toBe("Ada's attempt 2 verified: loss 0.01234, now 1st");
    expect(happeningText(closed({}))).toBe("Ada's attempt 2 verified: loss 0.01234");
    expect(happeningText(closed({ status: "diverged", loss: null, divergedAt: 7 }))).toBe(
      "Ada's attempt 2 diverged at epoch 7",
    );
    expect(happeningText(closed({ status: "rejected", loss: null, reason: "parameter 0 differs" }))).toBe(
      "Ada's attempt 2 was rejected: parameter 0 differs",
    );
  });
});
