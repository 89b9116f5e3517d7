import { describe, expect, it } from "vitest";
import { challengeSchema } from "./challenge.ts";
import { chartForStudents, leaderboardForStudents, studentRank, topPercent } from "./leaderboardMode.ts";
import type { ChartRun, ChartView, DivergedChartRun, LeaderboardEntry, LeaderboardView } from "./views.ts";

function entry(rank: number): LeaderboardEntry {
  return {
    rank,
    studentId: `s${rank}`,
    name: `Student named ${rank}`,
    runId: `r${rank}`,
    loss: rank / 10,
    accuracy: null,
    optimizer: "sgd",
    lr: 0.01,
    batchSize: "full",
    finishedAt: rank,
  };
}

const BOARD: LeaderboardView = { split: "train", final: false, total: 5, entries: [1, 2, 3, 4, 5].map(entry) };

function run(studentId: string): ChartRun {
  return {
    runId: `run-${studentId}`,
    studentId,
    name: studentId,
    optimizer: "sgd",
    lr: 0.01,
    status: "verified",
    epochs: [0, 1],
    losses: [2, 1],
  };
}

const DIVERGED: DivergedChartRun = { ...run("s4"), runId: "run-s4-diverged", status: "diverged", divergedAt: 1 };

const CHART: ChartView = {
  runs: [run("s1"), run("s2"), run("s3")],
  diverged: [DIVERGED],
  bands: { epochs: [0, 1], p10: [1, 0.5], p50: [2, 1], p90: [3, 2] },
  scatter: [{ runId: "run-s1", lr: 0.01, loss: 1, optimizer: "sgd", status: "verified" }],
  optimizerMix: { sgd: 4, adagrad: 0, rmsprop: 0, adam: 0 },
};

describe("topPercent", () => {
  it("is the share of the class at or above the rank, rounded up so no one is flattered", () => {
    expect(topPercent(1, 30)).toBe(4);
    expect(topPercent(15, 30)).toBe(50);
    expect(topPercent(30, 30)).toBe(100);
    expect(topPercent(1, 3)).toBe(34);
    expect(topPercent(1, 1)).toBe(100);
  });
});

describe("leaderboardForStudents", () => {
  it("keeps the whole board in full mode, the best N in top mode, and no entry in percentile mode", () => {
    expect(leaderboardForStudents(BOARD, { mode: "full" })).toBe(BOARD);
    expect(leaderboardForStudents(BOARD, { mode: "top", size: 2 }).entries.map((e) => e.rank)).toEqual([1, 2]);
    const percentile = leaderboardForStudents(BOARD, { mode: "percentile" });
    expect(percentile.entries).toEqual([]);
    expect(percentile.total).toBe(5);
  });
});

describe("chartForStudents", () => {
  it("never carries the scatter to students", () => {
    expect(chartForStudents(CHART, { mode: "full" }, BOARD).scatter).toEqual([]);
    expect(chartForStudents(CHART, { mode: "full" }, BOARD).runs).toEqual(CHART.runs);
  });

  it("in top mode keeps only the curves and diverged runs of the students on the board students see", () => {
    const mode = { mode: "top", size: 2 } as const;
    const chart = chartForStudents(CHART, mode, leaderboardForStudents(BOARD, mode));
    expect(chart.runs.map((r) => r.studentId)).toEqual(["s1", "s2"]);
    expect(chart.diverged).toEqual([]);
    expect(chart.bands).toEqual(CHART.bands);
  });

  it("in percentile mode carries no curve, no band and no loss of anyone", () => {
    const mode = { mode: "percentile" } as const;
    const chart = chartForStudents(CHART, mode, leaderboardForStudents(BOARD, mode));
    expect(chart.runs).toEqual([]);
    expect(chart.diverged).toEqual([]);
    expect(chart.bands).toEqual({ epochs: [], p10: [], p50: [], p90: [] });
    expect(chart.optimizerMix).toEqual(CHART.optimizerMix);
  });
});

describe("studentRank", () => {
  it("gives the rank and its share, and in percentile mode the share only", () => {
    expect(studentRank({ rank: 2, loss: 0.5 }, 10, { mode: "top", size: 3 })).toEqual({
      rank: 2,
      total: 10,
      loss: 0.5,
      topPercent: 20,
    });
    expect(studentRank({ rank: 2, loss: 0.5 }, 10, { mode: "percentile" })).toEqual({
      rank: null,
      total: 10,
      loss: 0.5,
      topPercent: 20,
    });
    expect(studentRank(undefined, 10, { mode: "percentile" })).toEqual({
      rank: null,
      total: 10,
      loss: null,
      topPercent: null,
    });
  });
});

describe("the challenge's leaderboard mode", () => {
  it("defaults to the full board, so stored challenges without it read as before", () => {
    expect(challengeSchema.parse({ dataset: "seed-line" }).leaderboard).toEqual({ mode: "full" });
  });

  it("refuses a top board of no one or of more than ten", () => {
    expect(challengeSchema.safeParse({ dataset: "seed-line", leaderboard: { mode: "top", size: 0 } }).success).toBe(
      false,
    );
    expect(challengeSchema.safeParse({ dataset: "seed-line", leaderboard: { mode: "top", size: 11 } }).success).toBe(
      false,
    );
    expect(challengeSchema.safeParse({ dataset: "seed-line", leaderboard: { mode: "top", size: 3 } }).success).toBe(
      true,
    );
  });
});
