import { describe, expect, it } from "vitest";
import {
  bandEpochs,
  buildChart,
  CHART_POINTS_PER_RUN,
  buildLeaderboard,
  buildRoster,
  CHART_MAX_DIVERGED,
  countSessions,
  displayName,
  quantileSorted,
  type ViewRun,
  type ViewStudent,
} from "./views.ts";

function student(id: string, joinOrder: number, extra: Partial<ViewStudent> = {}): ViewStudent {
  return { id, name: `nick-${id}`, joinOrder, kicked: false, connected: true, ...extra };
}

let nextStart = 1_000;
function run(id: string, studentId: string, extra: Partial<ViewRun> = {}): ViewRun {
  const losses = extra.losses ?? [];
  return {
    id,
    studentId,
    attempt: 1,
    optimizer: "sgd",
    lr: 0.1,
    batchSize: "full",
    status: "verified",
    reason: null,
    trainLoss: null,
    testLoss: null,
    trainAccuracy: null,
    testAccuracy: null,
    divergedAt: null,
    startedAt: nextStart++,
    finishedAt: null,
    epochsStored: extra.epochsStored ?? losses.length,
    verifiedEpochs: extra.epochsStored ?? losses.length,
    verdict: null,
    ...extra,
    losses,
  };
}

/** A verified run with the given final losses, finished at `finishedAt`. */
function verified(id: string, studentId: string, trainLoss: number, finishedAt = 5_000, extra: Partial<ViewRun> = {}) {
  return run(id, studentId, { trainLoss, testLoss: trainLoss, finishedAt, ...extra });
}

const board = { split: "train", final: false, anonymized: false, limit: 10 } as const;

describe("buildLeaderboard", () => {
  it("ranks students by their best verified loss, lowest first, with ranks 1..n", () => {
    const students = [student("a", 1), student("b", 2), student("c", 3)];
    const runs = [verified("r1", "a", 0.3), verified("r2", "b", 0.1), verified("r3", "c", 0.2)];
    const { view, ranks } = buildLeaderboard(students, runs, board);
    expect(view.entries.map((e) => [e.rank, e.studentId, e.loss])).toEqual([
      [1, "b", 0.1],
      [2, "c", 0.2],
      [3, "a", 0.3],
    ]);
    expect(view.total).toBe(3);
    expect(ranks.get("a")).toEqual({ rank: 3, loss: 0.3 });
  });

  it("breaks ties by the earlier finish, then by the smaller run id", () => {
    const students = [student("a", 1), student("b", 2), student("c", 3)];
    const runs = [verified("r9", "a", 0.5, 300), verified("r2", "b", 0.5, 200), verified("r1", "c", 0.5, 300)];
    const { view } = buildLeaderboard(students, runs, board);
    expect(view.entries.map((e) => [e.rank, e.studentId])).toEqual([
      [1, "b"],
      [2, "c"],
      [3, "a"],
    ]);
  });

  it("takes each student's best verified run, ignoring running, rejected and diverged ones", () => {
    const students = [student("a", 1)];
    const runs = [
      verified("r1", "a", 0.5),
      run("r2", "a", { status: "rejected", trainLoss: 0.01, finishedAt: 1 }),
      verified("r3", "a", 0.2, 9_000, {
        optimizer: "adam",
        lr: 0.01,
        batchSize: 16,
        trainAccuracy: 0.9,
        testAccuracy: 0.8,
      }),
      run("r4", "a", { status: "running", trainLoss: 0.001 }),
      run("r5", "a", { status: "diverged", trainLoss: 0.0001, finishedAt: 1 }),
    ];
    const { view } = buildLeaderboard(students, runs, board);
    expect(view.entries).toEqual([
      {
        rank: 1,
        studentId: "a",
        name: "nick-a",
        runId: "r3",
        loss: 0.2,
        accuracy: 0.9,
        optimizer: "adam",
        lr: 0.01,
        batchSize: 16,
        finishedAt: 9_000,
      },
    ]);
  });

  it("carries the accuracy on the split it ranks by: training live, test on a test board", () => {
    const students = [student("a", 1)];
    const runs = [verified("r1", "a", 0.2, 9_000, { testLoss: 0.3, trainAccuracy: 0.9, testAccuracy: 0.75 })];
    const train = buildLeaderboard(students, runs, board).view.entries[0];
    expect(train).toMatchObject({ loss: 0.2, accuracy: 0.9 });
    const test = buildLeaderboard(students, runs, { ...board, split: "test", final: true }).view.entries[0];
    expect(test).toMatchObject({ loss: 0.3, accuracy: 0.75 });
  });

  it("leaves kicked students out of the ranks and the total", () => {
    const students = [student("a", 1), student("k", 2, { kicked: true })];
    const runs = [verified("r1", "a", 0.5), verified("r2", "k", 0.01)];
    const { view, ranks } = buildLeaderboard(students, runs, board);
    expect(view.entries.map((e) => e.studentId)).toEqual(["a"]);
    expect(view.total).toBe(1);
    expect(ranks.has("k")).toBe(false);
  });

  it("shows every student as `Student <joinOrder>` when anonymized", () => {
    const students = [student("a", 4), student("b", 7)];
    const runs = [verified("r1", "a", 0.5), verified("r2", "b", 0.1)];
    const { view } = buildLeaderboard(students, runs, { ...board, anonymized: true });
    expect(view.entries.map((e) => e.name)).toEqual(["Student 7", "Student 4"]);
    expect(displayName(students[0]!, false)).toBe("nick-a");
  });

  it("ranks by test loss on the test split, which can reverse the training order", () => {
    const students = [student("a", 1), student("b", 2)];
    const runs = [
      verified("r1", "a", 0.1, 100, { testLoss: 0.9 }),
      verified("r2", "b", 0.2, 100, { testLoss: 0.3 }),
      verified("r3", "b", 0.15, 100, { testLoss: null }),
    ];
    const train = buildLeaderboard(students, runs, board).view;
    const test = buildLeaderboard(students, runs, { ...board, split: "test", final: true }).view;
    expect(train.entries.map((e) => [e.studentId, e.runId, e.loss])).toEqual([
      ["a", "r1", 0.1],
      ["b", "r3", 0.15],
    ]);
    expect(test).toMatchObject({ split: "test", final: true, total: 2 });
    expect(test.entries.map((e) => [e.studentId, e.runId, e.loss])).toEqual([
      ["b", "r2", 0.3],
      ["a", "r1", 0.9],
    ]);
  });

  it("carries only the top `limit` entries but ranks everyone", () => {
    const students = [1, 2, 3, 4, 5].map((i) => student(`s${i}`, i));
    const runs = students.map((s, i) => verified(`r${i}`, s.id, 1 / (i + 1)));
    const { view, ranks } = buildLeaderboard(students, runs, { ...board, limit: 2 });
    expect(view.entries.map((e) => e.studentId)).toEqual(["s5", "s4"]);
    expect(view.total).toBe(5);
    expect(ranks.size).toBe(5);
    expect(ranks.get("s1")).toEqual({ rank: 5, loss: 1 });
  });
});

describe("buildChart", () => {
  const decay = (n: number, scale = 1) => Float64Array.from({ length: n }, (_, i) => scale * 0.99 ** i);

  it("draws each student's best verified run best first, then the newest running runs, up to maxRuns", () => {
    const students = [student("a", 1), student("b", 2), student("c", 3), student("k", 4, { kicked: true })];
    const runs = [
      verified("va1", "a", 0.3, 100, { losses: [1, 0.3] }),
      verified("va2", "a", 0.2, 200, { losses: [1, 0.2] }),
      verified("vb", "b", 0.1, 100, { losses: [1, 0.1] }),
      verified("vk", "k", 0.01, 100, { losses: [1, 0.01] }),
      run("old", "c", { status: "running", startedAt: 10, losses: [1] }),
      run("new", "c", { status: "running", startedAt: 30, losses: [1] }),
      run("mid", "b", { status: "running", startedAt: 20, losses: [1] }),
      run("rej", "c", { status: "rejected", startedAt: 40, trainLoss: 0.001, losses: [1] }),
    ];
    const chart = buildChart(students, runs, { anonymized: false, epochs: 2, maxRuns: 4 });
    expect(chart.runs.map((r) => r.runId)).toEqual(["vb", "va2", "new", "mid"]);
    expect(chart.runs[0]).toEqual({
      runId: "vb",
      studentId: "b",
      name: "nick-b",
      optimizer: "sgd",
      lr: 0.1,
      status: "verified",
      epochs: [0, 1],
      losses: [1, 0.1],
    });
  });

  it("downsamples long curves to pointsPerRun and keeps short ones whole", () => {
    const students = [student("a", 1), student("b", 2)];
    const runs = [
      verified("long", "a", 0.1, 100, { losses: decay(1000) }),
      run("short", "b", { status: "running", losses: decay(30) }),
    ];
    const chart = buildChart(students, runs, { anonymized: true, epochs: 1000 });
    const [long, short] = chart.runs;
    expect(long!.epochs).toHaveLength(CHART_POINTS_PER_RUN);
    expect(long!.losses).toHaveLength(CHART_POINTS_PER_RUN);
    expect(long!.epochs[0]).toBe(0);
    expect(long!.epochs.at(-1)).toBe(999);
    expect(long!.name).toBe("Student 1");
    expect(short!.epochs).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(
      buildChart(students, runs, { anonymized: true, epochs: 1000, pointsPerRun: 20 }).runs[0]!.losses,
    ).toHaveLength(20);
  });

  it("draws only stored, finite losses of a run", () => {
    const runs = [
      run("d", "a", {
        status: "diverged",
        losses: new Float64Array([1, 2, Number.NaN, 0]),
        epochsStored: 3,
        divergedAt: 2,
      }),
    ];
    const chart = buildChart([student("a", 1)], runs, { anonymized: false, epochs: 4 });
    expect(chart.runs).toEqual([]);
    const withRunning = buildChart([student("a", 1)], [{ ...runs[0]!, status: "running" }], {
      anonymized: false,
      epochs: 4,
    });
    expect(withRunning.runs[0]).toMatchObject({ epochs: [0, 1], losses: [1, 2] });
  });

  it("draws only the losses checked against the replay, in curves and bands", () => {
    const students = [student("a", 1), student("b", 2)];
    const runs = [
      // Five stored, two checked: the forged -1e6 at epoch 3 is not drawn anywhere.
      run("A", "a", { status: "running", losses: [4, 3, 2, -1e6, -1e6], epochsStored: 5, verifiedEpochs: 2 }),
      // Stored but not checked yet (its replay has not arrived): no curve, no band point.
      run("B", "b", { status: "running", losses: [-1e6, -1e6], epochsStored: 2, verifiedEpochs: 0 }),
    ];
    const chart = buildChart(students, runs, { anonymized: false, epochs: 5, bandPoints: 5 });
    expect(chart.runs.map((entry) => [entry.runId, entry.losses])).toEqual([["A", [4, 3]]]);
    expect(chart.bands).toEqual({ epochs: [0, 1], p10: [4, 3], p50: [4, 3], p90: [4, 3] });
  });

  it("takes the 10th, 50th and 90th percentiles of every counted run's loss at each band epoch", () => {
    const students = [student("a", 1), student("b", 2), student("c", 3), student("k", 4, { kicked: true })];
    const runs = [
      // Only the first three entries are stored; the trailing 0 must not count.
      run("A", "a", { status: "running", losses: new Float64Array([4, 3, 2, 0]), epochsStored: 3 }),
      verified("B", "b", 1, 100, { losses: [2, 1] }),
      run("C", "c", { status: "diverged", losses: [1, Number.NaN], divergedAt: 1 }),
      verified("D", "a", 0.5, 100, { losses: [3, 2, 1, 0.5] }),
      verified("K", "k", 100, 100, { losses: [100, 100, 100, 100] }),
      run("R", "b", { status: "rejected", losses: [0, 0, 0, 0] }),
    ];
    const { bands } = buildChart(students, runs, { anonymized: false, epochs: 6, bandPoints: 6 });
    // Epoch 0: {1,2,3,4}; epoch 1: {1,2,3} (C is no longer finite); epoch 2: {1,2}; epoch 3: {0.5}; 4, 5: nobody.
    expect(bands.epochs).toEqual([0, 1, 2, 3]);
    const expected = { p10: [1.3, 1.2, 1.1, 0.5], p50: [2.5, 2, 1.5, 0.5], p90: [3.7, 2.8, 1.9, 0.5] };
    for (const key of ["p10", "p50", "p90"] as const) {
      expect(bands[key]).toHaveLength(4);
      bands[key].forEach((value, i) => expect(value).toBeCloseTo(expected[key][i]!, 12));
    }
  });

  it("plots finished runs only (verified with their loss, diverged at null) and counts every optimizer", () => {
    const students = [student("a", 1), student("k", 2, { kicked: true })];
    const runs = [
      verified("v", "a", 0.25, 200, { lr: 0.05, optimizer: "adam" }),
      run("d", "a", { status: "diverged", lr: 1, finishedAt: 100, trainLoss: 1e9 }),
      run("r", "a", { status: "rejected", finishedAt: 50 }),
      run("g", "a", { status: "running", optimizer: "adam" }),
      verified("kv", "k", 0.1, 100),
    ];
    const chart = buildChart(students, runs, { anonymized: false, epochs: 10 });
    expect(chart.scatter).toEqual([
      { runId: "d", lr: 1, loss: null, optimizer: "sgd", status: "diverged" },
      { runId: "v", lr: 0.05, loss: 0.25, optimizer: "adam", status: "verified" },
    ]);
    expect(chart.optimizerMix).toEqual({ sgd: 2, adagrad: 0, rmsprop: 0, adam: 2 });
  });

  it("carries the newest diverged run of each non-kicked student, up to the epoch where it exploded", () => {
    const students = [student("a", 1), student("b", 2), student("k", 3, { kicked: true })];
    const exploding = (n: number) => Float64Array.from({ length: n }, (_, i) => (i === n - 1 ? Number.NaN : 10 ** i));
    const runs = [
      run("a-old", "a", { status: "diverged", losses: exploding(4), divergedAt: 3, finishedAt: 100 }),
      run("a-new", "a", { status: "diverged", losses: exploding(6), divergedAt: 5, finishedAt: 300, lr: 2 }),
      run("b1", "b", { status: "diverged", losses: exploding(3), divergedAt: 2, finishedAt: 200 }),
      run("k1", "k", { status: "diverged", losses: exploding(3), divergedAt: 2, finishedAt: 400 }),
      // A rejected run is never drawn, nor a verified one here.
      run("b-rej", "b", { status: "rejected", losses: exploding(3), finishedAt: 500 }),
      verified("a-v", "a", 0.1, 600, { losses: [1, 0.1] }),
    ];
    const chart = buildChart(students, runs, { anonymized: true, epochs: 10 });
    expect(chart.diverged.map((d) => [d.runId, d.divergedAt])).toEqual([
      ["a-new", 5],
      ["b1", 2],
    ]);
    // Its finite losses, the NaN that stopped it left out; the ✕ goes at divergedAt.
    expect(chart.diverged[0]).toEqual({
      runId: "a-new",
      studentId: "a",
      name: "Student 1",
      optimizer: "sgd",
      lr: 2,
      status: "diverged",
      epochs: [0, 1, 2, 3, 4],
      losses: [1, 10, 100, 1000, 10000],
      divergedAt: 5,
    });
  });

  it("keeps at most CHART_MAX_DIVERGED diverged runs, the newest", () => {
    const students = Array.from({ length: CHART_MAX_DIVERGED + 3 }, (_, i) => student(`s${i}`, i + 1));
    const runs = students.map((s, i) =>
      run(`d${i}`, s.id, { status: "diverged", losses: [1, 1e5], divergedAt: 1, finishedAt: 100 + i }),
    );
    const chart = buildChart(students, runs, { anonymized: false, epochs: 10 });
    expect(chart.diverged.map((d) => d.runId)).toEqual(
      Array.from({ length: CHART_MAX_DIVERGED }, (_, i) => `d${CHART_MAX_DIVERGED + 2 - i}`),
    );
  });
});

describe("bandEpochs", () => {
  it("spreads the points evenly over 0..epochs-1 as distinct integers", () => {
    const epochs = bandEpochs(1000, 60);
    expect(epochs).toHaveLength(60);
    expect(epochs[0]).toBe(0);
    expect(epochs.at(-1)).toBe(999);
    expect(epochs.every((e, i) => Number.isInteger(e) && (i === 0 || e > epochs[i - 1]!))).toBe(true);
    expect(bandEpochs(10, 60)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(bandEpochs(0, 60)).toEqual([]);
  });
});

describe("quantileSorted", () => {
  it("interpolates linearly between order statistics", () => {
    const sorted = [10, 20, 30, 40, 50];
    expect(quantileSorted(sorted, 5, 0)).toBe(10);
    expect(quantileSorted(sorted, 5, 0.5)).toBe(30);
    expect(quantileSorted(sorted, 5, 0.9)).toBeCloseTo(46, 12);
    expect(quantileSorted(sorted, 5, 1)).toBe(50);
    expect(quantileSorted([7], 1, 0.1)).toBe(7);
  });
});

describe("buildRoster", () => {
  it("lists students in join order with their latest run's status, progress, run count and best verified loss", () => {
    const students = [student("late", 3), student("idle", 2, { connected: false }), student("k", 4, { kicked: true })];
    students.push(student("first", 1));
    const runs = [
      verified("f1", "first", 0.4, 100, { attempt: 1 }),
      run("f3", "first", { attempt: 3, status: "running", losses: new Float64Array([5, 4, 3]), epochsStored: 3 }),
      verified("f2", "first", 0.2, 200, { attempt: 2 }),
      run("l1", "late", { attempt: 1, status: "rejected", trainLoss: 0.001 }),
      run("k1", "k", { attempt: 1, status: "diverged", divergedAt: 3 }),
    ];
    const roster = buildRoster(students, runs, false);
    expect(roster.students).toEqual([
      {
        studentId: "first",
        name: "nick-first",
        status: "running",
        connected: true,
        kicked: false,
        runs: 3,
        bestLoss: 0.2,
        epochs: 3,
      },
      {
        studentId: "idle",
        name: "nick-idle",
        status: "idle",
        connected: false,
        kicked: false,
        runs: 0,
        bestLoss: null,
        epochs: 0,
      },
      {
        studentId: "late",
        name: "nick-late",
        status: "rejected",
        connected: true,
        kicked: false,
        runs: 1,
        bestLoss: null,
        epochs: 0,
      },
      {
        studentId: "k",
        name: "nick-k",
        status: "diverged",
        connected: true,
        kicked: true,
        runs: 1,
        bestLoss: null,
        epochs: 0,
      },
    ]);
  });

  it("lists diverged and rejected runs newest first, explaining a divergence from its epoch", () => {
    const students = [student("a", 1), student("b", 2)];
    const runs = [
      run("d1", "a", { status: "diverged", divergedAt: 7, finishedAt: 100, lr: 1 }),
      run("r1", "b", { status: "rejected", reason: "loss does not match the replay", finishedAt: 300 }),
      verified("v", "a", 0.1, 400),
      run("d2", "b", { status: "diverged", reason: "loss is NaN", divergedAt: 2, finishedAt: 200, optimizer: "adam" }),
      run("d3", "a", { status: "diverged", divergedAt: null, finishedAt: 50 }),
    ];
    const { problems } = buildRoster(students, runs, true);
    expect(problems.map((p) => [p.runId, p.reason])).toEqual([
      ["r1", "loss does not match the replay"],
      ["d2", "loss is NaN"],
      ["d1", "loss exploded at epoch 7"],
      ["d3", "loss exploded"],
    ]);
    expect(problems[2]).toEqual({
      runId: "d1",
      studentId: "a",
      name: "Student 1",
      status: "diverged",
      reason: "loss exploded at epoch 7",
      optimizer: "sgd",
      lr: 1,
      divergedAt: 7,
    });
  });
});

describe("buildRoster's diagnosis groups", () => {
  it("counts each non-kicked student once, by the verdict of their latest diagnosed run", () => {
    const students = [student("a", 1), student("b", 2), student("c", 3), student("k", 4, { kicked: true })];
    students.push(student("idle", 5));
    const runs = [
      // a diverged first, then converged: a counts as converged.
      run("a1", "a", { attempt: 1, status: "diverged", verdict: "diverged" }),
      verified("a2", "a", 0.1, 200, { attempt: 2, verdict: "converged" }),
      // b's latest run is still running, so its diagnosed one (too slow) counts.
      verified("b1", "b", 40, 100, { attempt: 1, verdict: "too-slow" }),
      run("b2", "b", { attempt: 2, status: "running" }),
      run("c1", "c", { attempt: 1, status: "diverged", verdict: "diverged" }),
      // A kicked student is not part of the class any more.
      run("k1", "k", { attempt: 1, status: "diverged", verdict: "diverged" }),
    ];
    expect(buildRoster(students, runs, false).diagnoses).toEqual({
      diverged: 1,
      stuck: 0,
      converged: 1,
      noisy: 0,
      oscillating: 0,
      "too-slow": 1,
    });
  });
});

describe("countSessions", () => {
  it("counts non-kicked students, the connected among them, and runs by status", () => {
    const students = [
      student("a", 1),
      student("b", 2, { connected: false }),
      student("k", 3, { kicked: true, connected: true }),
    ];
    const runs = [
      run("1", "a", { status: "running" }),
      run("2", "a", { status: "verified" }),
      run("3", "b", { status: "verified" }),
      run("4", "b", { status: "diverged" }),
      run("5", "k", { status: "rejected" }),
      run("6", "b", { status: "unfinished" }),
    ];
    expect(countSessions(students, runs)).toEqual({
      students: 2,
      connected: 1,
      running: 1,
      verified: 2,
      diverged: 1,
      rejected: 1,
      unfinished: 1,
    });
  });
});
