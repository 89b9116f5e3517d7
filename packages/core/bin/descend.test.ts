import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createProblem } from "../src/training/Problem.ts";
import { studentProblemSpec } from "../src/protocol/studentChallenge.ts";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const descend = (...flags: string[]) =>
  run("npx", ["tsx", "packages/core/bin/descend.ts", ...flags], { cwd: new URL("../../..", import.meta.url).pathname });

describe("the descend CLI", () => {
  it("prints one JSON object with the NumPy loop's result on seed-line", async () => {
    const { stdout } = await descend("--dataset", "seed-line", "--lr", "0.01", "--epochs", "1000");
    const result = JSON.parse(stdout) as Record<string, unknown>;
    expect(result.weights).toHaveLength(1);
    expect((result.weights as number[])[0]).toBeCloseTo(2, 1);
    expect(Math.abs(result.bias as number)).toBeLessThan(0.15);
    expect(result.losses).toHaveLength(1000);
    expect(result.diverged).toBe(false);
    expect(result.divergedAt).toBeNull();
    expect(result.optimumLoss as number).toBeLessThan(1e-12);
  });

  it("reports divergence at learning rate 1.0", async () => {
    const { stdout } = await descend("--lr", "1.0", "--epochs", "100");
    const result = JSON.parse(stdout) as { diverged: boolean; divergedAt: number };
    expect(result.diverged).toBe(true);
    expect(result.divergedAt).toBeGreaterThan(0);
  });

  it("exits with code 2 and names the flag for a bad value", async () => {
    const failure = await descend("--batch-size", "ten").catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toMatch(/--batch-size/);
  });

  it("descends on the training rows a student receives (--rows) exactly as on the whole problem, with no test loss", async () => {
    const whole = { name: "cars", seed: 7, testFraction: 0.25 } as const;
    const received = studentProblemSpec(createProblem({ dataset: whole, model: { kind: "linear" } })).dataset;
    const dir = mkdtempSync(join(tmpdir(), "descend-rows-"));
    try {
      const file = join(dir, "dataset.json");
      writeFileSync(file, JSON.stringify(received));
      const flags = ["--lr", "0.1", "--epochs", "30"];
      const fromRows = JSON.parse((await descend("--rows", file, ...flags)).stdout) as Record<string, unknown>;
      const fromRecipe = JSON.parse(
        (await descend("--dataset", "cars", "--data-seed", "7", "--test-fraction", "0.25", ...flags)).stdout,
      ) as Record<string, unknown>;
      expect(fromRows.losses).toEqual(fromRecipe.losses);
      expect(fromRows.params).toEqual(fromRecipe.params);
      expect(fromRecipe.testLoss).toEqual(expect.any(Number));
      expect(fromRows.testLoss).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("exits with code 2 and names an unknown flag", async () => {
    const failure = await descend("--learning-rate", "0.1").catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toMatch(/--learning-rate/);
  });
});
