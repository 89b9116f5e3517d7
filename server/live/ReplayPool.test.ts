import { afterAll, describe, expect, it } from "vitest";
import { createProblem, replayRun, runConfigSchema, type ProblemSpec } from "@downhill/core";
import { defaultReplayWorkers, ReplayPool } from "./ReplayPool.ts";

const pool = new ReplayPool(2);
const owner = { sessionId: "s", studentId: "a" };
afterAll(() => pool.close());

describe("ReplayPool", () => {
  it("replays on a worker thread bit for bit like the engine on the main thread", async () => {
    const spec: ProblemSpec = {
      dataset: { name: "moons", seed: 5 },
      model: { kind: "mlp", hidden: [4], activation: "tanh" },
    };
    const config = runConfigSchema.parse({ optimizer: "adam", lr: 0.02, epochs: 30, batchSize: 8, init: "random" });
    const [fromWorker, onMain] = [await pool.replay(spec, config, owner), replayRun(createProblem(spec), config)];
    expect(Array.from(fromWorker.losses)).toEqual(Array.from(onMain.losses));
    expect(Array.from(fromWorker.params)).toEqual(Array.from(onMain.params));
    expect(fromWorker.status).toBe(onMain.status);
  });

  it("answers concurrent replays each with its own result, on no more threads than its size", async () => {
    const spec: ProblemSpec = { dataset: { name: "seed-line" }, model: { kind: "linear" } };
    const rates = [0.001, 0.01, 1.0, 0.002, 0.003];
    const replays = await Promise.all(
      rates.map((lr, i) =>
        pool.replay(spec, runConfigSchema.parse({ optimizer: "sgd", lr, epochs: 50, batchSize: "full" }), {
          sessionId: `s${i % 2}`,
          studentId: `${i}`,
        }),
      ),
    );
    expect(replays.map((replay) => replay.status)).toEqual([
      "finished",
      "finished",
      "diverged",
      "finished",
      "finished",
    ]);
    expect(replays[0]!.params[0]).toBeLessThan(replays[1]!.params[0]!);
    expect(pool.workers).toBeLessThanOrEqual(2);
    expect(pool.waiting).toBe(0);
  });

  it("rejects with the engine's message when the problem cannot be built, and keeps serving", async () => {
    const config = runConfigSchema.parse({ optimizer: "sgd", lr: 0.1, epochs: 5, batchSize: "full" });
    await expect(pool.replay({ dataset: { name: "nope" }, model: { kind: "linear" } }, config, owner)).rejects.toThrow(
      /nope/,
    );
    const after = await pool.replay({ dataset: { name: "seed-line" }, model: { kind: "linear" } }, config, owner);
    expect(after.losses).toHaveLength(5);
  });

  it("serves another session's replay before the rest of one student's backlog", async () => {
    const single = new ReplayPool(1);
    try {
      const spec: ProblemSpec = {
        dataset: { name: "moons", seed: 1 },
        model: { kind: "mlp", hidden: [8], activation: "tanh" },
      };
      const config = runConfigSchema.parse({ optimizer: "sgd", lr: 0.05, epochs: 60, batchSize: 4, init: "random" });
      const order: string[] = [];
      const track = (name: string, sessionId: string, studentId: string) =>
        single.replay(spec, config, { sessionId, studentId }).then(() => order.push(name));
      const jobs = [1, 2, 3, 4, 5].map((i) => track(`flood${i}`, "big", "flooder"));
      jobs.push(track("other", "small", "honest"));
      await Promise.all(jobs);
      // flood1 was already on the thread; the other session's replay goes next but one, not last.
      expect(order.indexOf("other")).toBeLessThanOrEqual(2);
      expect(single.workers).toBe(1);
    } finally {
      await single.close();
    }
  });

  it("rejects replays still waiting when it closes", async () => {
    const closing = new ReplayPool(1);
    const config = runConfigSchema.parse({ optimizer: "sgd", lr: 0.1, epochs: 5, batchSize: "full" });
    const spec: ProblemSpec = { dataset: { name: "seed-line" }, model: { kind: "linear" } };
    const outcomes = [1, 2, 3].map(() =>
      closing.replay(spec, config, owner).then(
        () => "replayed",
        (error: Error) => error.message,
      ),
    );
    await closing.close();
    expect(await Promise.all(outcomes)).toEqual(Array(3).fill("the replay pool is closed"));
  });

  it("sizes itself to the machine: every core, one left for the event loop above two", () => {
    expect([1, 2, 3, 4, 16].map(defaultReplayWorkers)).toEqual([1, 2, 2, 3, 15]);
    expect(defaultReplayWorkers(0)).toBe(1);
  });
});
