import type { ChartRun, DivergedChartRun } from "@downhill/core";
import { describe, expect, it } from "vitest";
import { namedRuns } from "./namedRuns.ts";

function run(name: string, status: ChartRun["status"], losses: number[]): ChartRun {
  return {
    runId: `run-${name}`,
    studentId: `student-${name}`,
    name,
    optimizer: "adam",
    lr: 0.01,
    status,
    epochs: losses.map((_, i) => i * 10),
    losses,
  };
}

const exploded: DivergedChartRun = { ...run("Dee", "diverged", [1, 50, Infinity]), status: "diverged", divergedAt: 20 };

describe("namedRuns", () => {
  it("labels the first three verified runs in the server's order, skipping runs still running", () => {
    const runs = [
      run("Ada", "verified", [1, 0.1]),
      run("Ben", "running", [1, 0.5]),
      run("Cleo", "verified", [1, 0.2]),
      run("Dan", "verified", [1, 0.3]),
      run("Eve", "verified", [1, 0.4]),
    ];
    const named = namedRuns(runs, []);
    expect(named.filter((r) => r.labelled).map((r) => r.name)).toEqual(["Ada", "Cleo", "Dan"]);
    expect(namedRuns(runs, [], 0).some((r) => r.labelled)).toBe(false);
  });

  it("walks the leading runs first, then the diverged ones, never labelling a diverged run", () => {
    const named = namedRuns([run("Ada", "verified", [1, 0.1])], [exploded]);
    expect(named.map((r) => r.name)).toEqual(["Ada", "Dee"]);
    expect(named[1]!.labelled).toBe(false);
  });

  it("names the student with the loss where their curve ends, in plain notation", () => {
    const [ada, ben] = namedRuns([run("Ada", "verified", [1, 0.0000526]), run("Ben", "running", [2, 0.5, 0])], []);
    expect(ada!.short).toBe("Ada: 0.0000526 at epoch 10");
    expect(ada!.long).toBe("Ada: loss 0.0000526 at epoch 10 (Adam, learning rate 0.01)");
    // A loss a log axis cannot show is not the end of the drawn line.
    expect(ben!.short).toBe("Ben: 0.500 at epoch 10, still running");
  });

  it("says where a diverged run exploded", () => {
    const [dee] = namedRuns([], [exploded]);
    expect(dee!.short).toBe("Dee: diverged at epoch 20");
    expect(dee!.long).toContain("diverged at epoch 20 (Adam, learning rate 0.01)");
  });
});
