import { execFile } from "node:child_process";
import { promisify } from "node:util";
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

  it("exits with code 2 and names an unknown flag", async () => {
    const failure = await descend("--learning-rate", "0.1").catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toMatch(/--learning-rate/);
  });
});
