import { afterAll, describe, expect, it } from "vitest";
import { createProblem, replayRun, runConfigSchema, type ProblemSpec } from "@downhill/core";
import { ReplayPool } from "./ReplayPool.ts";

const pool = new ReplayPool();
afterAll(() => pool.close());

describe("ReplayPool", () => {
  it("replays on a worker thread bit for bit like the engine on the main thread", async () => {
    const spec: ProblemSpec = {
      dataset: { name: "moons", seed: 5 },
      model: { kind: "mlp", hidden: [4], activation: "tanh" },
    };
    const config = runConfigSchema.parse({ optimizer: "adam", lr: 0.02, epochs: 30, batchSize: 8, init: "random" });
    const [fromWorker, onMain] = [await pool.replay(spec, config), replayRun(createProblem(spec), config)];
    expect(Array.from(fromWorker.losses)).toEqual(Array.from(onMain.losses));
    expect(Array.from(fromWorker.params)).toEqual(Array.from(onMain.params));
    expect(fromWorker.status).toBe(onMain.status);
  });

  it("answers concurrent replays each with its own result", async () => {
    const spec: ProblemSpec = { dataset: { name: "seed-line" }, model: { kind: "linear" } };
    const rates = [0.001, 0.01, 1.0];
    const replays = await Promise.all(
      rates.map((lr) =>
        pool.replay(spec, runConfigSchema.parse({ optimizer: "sgd", lr, epochs: 50, batchSize: "full" })),
      ),
    );
    expect(replays.map((replay) => replay.status)).toEqual(["finished", "finished", "diverged"]);
    expect(replays[0]!.params[0]).toBeLessThan(replays[1]!.params[0]!);
  });

  it("rejects with the engine's message when the problem cannot be built", async () => {
    const config = runConfigSchema.parse({ optimizer: "sgd", lr: 0.1, epochs: 5, batchSize: "full" });
    await expect(pool.replay({ dataset: { name: "nope" }, model: { kind: "linear" } }, config)).rejects.toThrow(/nope/);
  });
});
