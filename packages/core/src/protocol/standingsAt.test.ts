import { describe, expect, it } from "vitest";
import { runConfigSchema } from "../training/RunConfig.ts";
import { standingsAt, type StandingsInput, type StandingsRun } from "./standingsAt.ts";

const T0 = Date.UTC(2026, 11, 5, 9, 0, 0);
const s = (seconds: number) => T0 + seconds * 1000;
const CONFIG = runConfigSchema.parse({ optimizer: "adam", lr: 0.01, epochs: 50, batchSize: "full" });

function run(fields: Partial<StandingsRun> & Pick<StandingsRun, "runId" | "studentId">): StandingsRun {
  return {
    name: fields.studentId.toUpperCase(),
    attempt: 1,
    config: CONFIG,
    status: "verified",
    trainLoss: 1,
    testLoss: null,
    startedAt: s(10),
    finishedAt: s(20),
    batches: [],
    ...fields,
  };
}

function session(
  runs: StandingsRun[],
  options: { kicked?: Record<string, number>; scoring?: "train" | "test"; revealedAt?: number } = {},
): StandingsInput {
  const students = [...new Set(runs.map((r) => r.studentId))].map((studentId) => ({
    studentId,
    kickedAt: options.kicked?.[studentId] ?? null,
  }));
  return {
    session: { revealedAt: options.revealedAt ?? null, challenge: { scoring: options.scoring ?? "train" } },
    students,
    runs,
  };
}

const ranking = (input: StandingsInput, at: number) =>
  standingsAt(input, at).standings.map(({ rank, studentId, runId }) => [rank, studentId, runId]);

describe("standingsAt", () => {
  it("ranks nobody before the first verification, and only runs verified by that moment", () => {
    const input = session([
      run({ runId: "a1", studentId: "a", trainLoss: 0.5, finishedAt: s(20) }),
      run({ runId: "b1", studentId: "b", trainLoss: 0.2, finishedAt: s(30) }),
    ]);
    expect(ranking(input, s(5))).toEqual([]);
    expect(ranking(input, s(19.999))).toEqual([]);
    // The moment of the verification itself counts.
    expect(ranking(input, s(20))).toEqual([[1, "a", "a1"]]);
    expect(ranking(input, s(30))).toEqual([
      [1, "b", "b1"],
      [2, "a", "a1"],
    ]);
  });

  it("breaks a tie in loss by the earlier verification, then by the smaller run id", () => {
    const input = session([
      run({ runId: "z-late", studentId: "late", trainLoss: 0.25, finishedAt: s(40) }),
      run({ runId: "y-early", studentId: "early", trainLoss: 0.25, finishedAt: s(20) }),
      run({ runId: "b-same", studentId: "same2", trainLoss: 0.25, finishedAt: s(40) }),
    ]);
    expect(ranking(input, s(60))).toEqual([
      [1, "early", "y-early"],
      [2, "same2", "b-same"],
      [3, "late", "z-late"],
    ]);
  });

  it("lists a run as descending from its start until it closes, and ranks it only once verified", () => {
    const input = session([
      run({ runId: "a1", studentId: "a", startedAt: s(10), finishedAt: s(25), trainLoss: 0.3 }),
      run({ runId: "b1", studentId: "b", startedAt: s(12), finishedAt: null, status: "running", trainLoss: null }),
    ]);
    const during = standingsAt(input, s(15));
    expect(during.standings).toEqual([]);
    // The most recently started first.
    expect(during.descending.map((d) => [d.runId, d.startedAt])).toEqual([
      ["b1", s(12)],
      ["a1", s(10)],
    ]);
    const after = standingsAt(input, s(25));
    expect(after.descending.map((d) => d.runId)).toEqual(["b1"]);
    expect(after.standings.map((entry) => entry.runId)).toEqual(["a1"]);
    expect(standingsAt(input, s(9)).descending).toEqual([]);
  });

  it("tells how far each descending run had got by that moment, from when its batches arrived", () => {
    const batches = [
      { at: s(11), epochsStored: 10 },
      { at: s(14), epochsStored: 20 },
      { at: s(18), epochsStored: 50 },
    ];
    const input = session([
      run({ runId: "a1", studentId: "a", startedAt: s(10), finishedAt: s(20), batches }),
      // Stored before the server kept arrival times: how far it had got cannot be told.
      run({
        runId: "b1",
        studentId: "b",
        startedAt: s(10),
        finishedAt: null,
        status: "running",
        trainLoss: null,
        batches: [{ at: null, epochsStored: 10 }],
      }),
      // Started, no batch yet.
      run({ runId: "c1", studentId: "c", startedAt: s(10), finishedAt: null, status: "running", trainLoss: null }),
    ]);
    const reached = (at: number) => standingsAt(input, at).descending.map((d) => [d.runId, d.epochsReached, d.epochs]);
    expect(reached(s(10))).toEqual([
      ["a1", 0, 50],
      ["b1", null, 50],
      ["c1", 0, 50],
    ]);
    expect(reached(s(11))[0]).toEqual(["a1", 10, 50]);
    expect(reached(s(13.999))[0]).toEqual(["a1", 10, 50]);
    expect(reached(s(14))[0]).toEqual(["a1", 20, 50]);
    expect(reached(s(19))[0]).toEqual(["a1", 50, 50]);
    // A run that went on through the upgrade: its untimed batches came first, so the count is known once a timed one arrived.
    const upgraded = session([
      run({
        runId: "d1",
        studentId: "d",
        finishedAt: null,
        status: "running",
        trainLoss: null,
        batches: [
          { at: null, epochsStored: 10 },
          { at: s(15), epochsStored: 20 },
        ],
      }),
    ]);
    expect(standingsAt(upgraded, s(12)).descending[0]!.epochsReached).toBeNull();
    expect(standingsAt(upgraded, s(15)).descending[0]!.epochsReached).toBe(20);
  });

  it("never ranks a rejected, diverged or unfinished run, whatever loss it carries, but shows it descending before it closed", () => {
    const input = session([
      run({ runId: "ok", studentId: "a", trainLoss: 0.9, finishedAt: s(20) }),
      run({
        runId: "forged",
        studentId: "b",
        status: "rejected",
        trainLoss: 0.0001,
        startedAt: s(11),
        finishedAt: s(21),
      }),
      run({ runId: "boom", studentId: "c", status: "diverged", trainLoss: 0.0001, finishedAt: s(22) }),
      run({ runId: "cut", studentId: "d", status: "unfinished", trainLoss: 0.0001, finishedAt: s(23) }),
    ]);
    expect(ranking(input, s(100))).toEqual([[1, "a", "ok"]]);
    expect(standingsAt(input, s(15)).descending.map((d) => d.runId)).toContain("forged");
    expect(standingsAt(input, s(21)).descending.map((d) => d.runId)).not.toContain("forged");
  });

  it("moves a student up when a better later attempt is verified, and keeps their best when a later one is worse", () => {
    const input = session([
      run({ runId: "a1", studentId: "a", attempt: 1, trainLoss: 0.5, finishedAt: s(20) }),
      run({ runId: "b1", studentId: "b", attempt: 1, trainLoss: 0.3, finishedAt: s(25) }),
      run({ runId: "a2", studentId: "a", attempt: 2, trainLoss: 0.1, startedAt: s(30), finishedAt: s(40) }),
      run({ runId: "a3", studentId: "a", attempt: 3, trainLoss: 0.7, startedAt: s(45), finishedAt: s(50) }),
    ]);
    expect(ranking(input, s(35))).toEqual([
      [1, "b", "b1"],
      [2, "a", "a1"],
    ]);
    const later = standingsAt(input, s(40));
    expect(later.standings.map((e) => [e.rank, e.runId, e.attempt, e.loss])).toEqual([
      [1, "a2", 2, 0.1],
      [2, "b1", 1, 0.3],
    ]);
    expect(ranking(input, s(60))).toEqual([
      [1, "a", "a2"],
      [2, "b", "b1"],
    ]);
  });

  it("shows a kicked student on the board until the kick, and neither ranked nor descending after it", () => {
    const input = session(
      [
        run({ runId: "a1", studentId: "a", trainLoss: 0.1, finishedAt: s(20) }),
        run({ runId: "a2", studentId: "a", attempt: 2, status: "running", startedAt: s(30), finishedAt: null }),
        run({ runId: "b1", studentId: "b", trainLoss: 0.2, finishedAt: s(25) }),
      ],
      { kicked: { a: s(35) } },
    );
    expect(ranking(input, s(34))).toEqual([
      [1, "a", "a1"],
      [2, "b", "b1"],
    ]);
    expect(standingsAt(input, s(34)).descending.map((d) => d.runId)).toEqual(["a2"]);
    expect(ranking(input, s(35))).toEqual([[1, "b", "b1"]]);
    expect(standingsAt(input, s(35)).descending).toEqual([]);
  });

  it("ranks a test-scored session by training loss until the reveal and by test loss from the reveal on", () => {
    const input = session(
      [
        run({ runId: "a1", studentId: "a", trainLoss: 0.1, testLoss: 0.9, finishedAt: s(20) }),
        run({ runId: "b1", studentId: "b", trainLoss: 0.2, testLoss: 0.4, finishedAt: s(25) }),
      ],
      { scoring: "test", revealedAt: s(100) },
    );
    const before = standingsAt(input, s(99));
    expect(before.split).toBe("train");
    expect(before.standings.map((e) => [e.studentId, e.loss])).toEqual([
      ["a", 0.1],
      ["b", 0.2],
    ]);
    const after = standingsAt(input, s(100));
    expect(after.split).toBe("test");
    expect(after.standings.map((e) => [e.studentId, e.loss])).toEqual([
      ["b", 0.4],
      ["a", 0.9],
    ]);
  });

  it("keeps ranking by training loss in a training-scored session, even after a reveal", () => {
    const input = session([run({ runId: "a1", studentId: "a", trainLoss: 0.1, testLoss: 0.9 })], {
      revealedAt: s(30),
    });
    expect(standingsAt(input, s(40)).split).toBe("train");
  });
});
