import { describe, expect, it } from "vitest";
import { runConfigSchema } from "../training/RunConfig.ts";
import { sessionSpan, sessionTimeline, type TimelineInput } from "./sessionTimeline.ts";

const T0 = Date.UTC(2026, 11, 5, 9, 0, 0);
const s = (seconds: number) => T0 + seconds * 1000;
const CONFIG = runConfigSchema.parse({ optimizer: "sgd", lr: 0.05, epochs: 50, batchSize: 8 });
type Run = TimelineInput["runs"][number];

function run(fields: Partial<Run> & Pick<Run, "runId" | "studentId">): Run {
  return {
    name: fields.studentId,
    attempt: 1,
    config: CONFIG,
    status: "verified",
    reason: null,
    trainLoss: 1,
    testLoss: null,
    divergedAt: null,
    startedAt: s(10),
    finishedAt: s(20),
    batches: [],
    ...fields,
  };
}

const INPUT: TimelineInput = {
  session: { createdAt: s(0), endedAt: s(90), revealedAt: null, challenge: { scoring: "train" } },
  students: [
    { studentId: "ada", kickedAt: null },
    { studentId: "ben", kickedAt: null },
  ],
  events: [
    { at: s(0), kind: "created", data: { code: "ABCDEF" } },
    { at: s(2), kind: "joined", data: { studentId: "ada", name: "Ada" } },
    { at: s(3), kind: "joined", data: { studentId: "ben", name: "Ben" } },
    { at: s(5), kind: "started", data: {} },
    { at: s(60), kind: "extended", data: { seconds: 120 } },
    { at: s(90), kind: "ended", data: { why: "ended by the host" } },
  ],
  runs: [
    run({ runId: "a1", studentId: "ada", trainLoss: 0.5, startedAt: s(10), finishedAt: s(20) }),
    run({
      runId: "b1",
      studentId: "ben",
      status: "rejected",
      reason: "the curve does not match",
      trainLoss: null,
      startedAt: s(12),
      finishedAt: s(22),
    }),
    run({ runId: "b2", studentId: "ben", attempt: 2, trainLoss: 0.2, startedAt: s(30), finishedAt: s(40) }),
    run({ runId: "a2", studentId: "ada", attempt: 2, trainLoss: 0.9, startedAt: s(45), finishedAt: s(50) }),
    run({
      runId: "a3",
      studentId: "ada",
      attempt: 3,
      status: "unfinished",
      trainLoss: null,
      startedAt: s(80),
      finishedAt: s(90),
    }),
  ],
};

describe("sessionTimeline", () => {
  it("merges events, run starts and run closes in wall-clock order, events first at the same moment", () => {
    const order = sessionTimeline(INPUT).map((h) =>
      h.kind === "event" ? `${h.event}` : `${h.kind === "run-started" ? "start" : "close"} ${h.runId}`,
    );
    expect(order).toEqual([
      "created",
      "joined",
      "joined",
      "started",
      "start a1",
      "start b1",
      "close a1",
      "close b1",
      "start b2",
      "close b2",
      "start a2",
      "close a2",
      "extended",
      "start a3",
      "ended",
      "close a3",
    ]);
  });

  it("reads each event's own fields: the student's name, the seconds added, why the round ended", () => {
    const events = sessionTimeline(INPUT).flatMap((h) => (h.kind === "event" ? [h] : []));
    expect(events.find((h) => h.event === "joined")).toMatchObject({ name: "Ada", seconds: null, why: null });
    expect(events.find((h) => h.event === "extended")).toMatchObject({ seconds: 120, name: null });
    expect(events.find((h) => h.event === "ended")).toMatchObject({ why: "ended by the host" });
  });

  it("gives a verified close the student's rank right after it, and no rank or score to a run that did not place", () => {
    const closes = sessionTimeline(INPUT).flatMap((h) => (h.kind === "run-closed" ? [h] : []));
    expect(closes.map((h) => [h.runId, h.status, h.loss, h.rank])).toEqual([
      ["a1", "verified", 0.5, 1],
      ["b1", "rejected", null, null],
      // Ben's second attempt takes the lead from Ada.
      ["b2", "verified", 0.2, 1],
      // Ada's worse third attempt leaves her first one standing: no new place.
      ["a2", "verified", 0.9, null],
      ["a3", "unfinished", null, null],
    ]);
    expect(closes.find((h) => h.runId === "b1")?.reason).toBe("the curve does not match");
  });
});

describe("sessionSpan", () => {
  it("runs from the session's creation to the last thing that happened, a reveal after the end included", () => {
    expect(sessionSpan(INPUT)).toEqual({ from: s(0), to: s(90) });
    const revealed: TimelineInput = {
      ...INPUT,
      events: [...INPUT.events, { at: s(130), kind: "revealed", data: {} }],
    };
    expect(sessionSpan(revealed)).toEqual({ from: s(0), to: s(130) });
  });

  it("reaches a still-running session's latest run start when nothing has ended", () => {
    const live: TimelineInput = {
      ...INPUT,
      session: { ...INPUT.session, endedAt: null },
      events: INPUT.events.slice(0, 4),
      runs: [run({ runId: "a1", studentId: "ada", status: "running", startedAt: s(70), finishedAt: null })],
    };
    expect(sessionSpan(live)).toEqual({ from: s(0), to: s(70) });
  });
});
