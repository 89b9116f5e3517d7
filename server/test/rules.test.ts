// Every field of a run configuration a crafted client can send is bound by the challenge's rules, checked by the
// one function the student page uses too.
import type { ChallengeInput, RunConfigInput } from "@downhill/core";
import { describe, expect, it } from "vitest";
import { call, expectError, expectOk } from "./clients.ts";
import { honestRun, newRunId, playRun } from "./honestRuns.ts";
import { runningSession } from "./sessions.ts";

const CHALLENGE: ChallengeInput = {
  dataset: "seed-line",
  model: "linear",
  optimizers: ["sgd", "adam"],
  lrMin: 0.001,
  lrMax: 0.1,
  epochs: 40,
  batchSizes: ["full"],
  attempts: 3,
  schedules: ["constant", "cosine"],
};

const config = (overrides: Partial<RunConfigInput> = {}): RunConfigInput => ({
  optimizer: "sgd",
  lr: 0.05,
  epochs: 40,
  batchSize: "full",
  ...overrides,
});

const { student } = runningSession(CHALLENGE);

describe("run:start binds the whole configuration", () => {
  it.each<[string, RunConfigInput, string]>([
    [
      "a cosine schedule whose minLr lifts later epochs above lrMax",
      config({ lr: 0.1, schedule: { kind: "cosine", minLr: 0.7 } }),
      "the cosine schedule sets the learning rate of epoch 1",
    ],
    [
      "a schedule the challenge does not allow",
      config({ schedule: { kind: "exponential", gamma: 0.9 } }),
      "exponential",
    ],
    [
      "momentum for an optimizer that reads none",
      config({ optimizer: "adam", momentum: 0.9 }),
      "adam takes no momentum",
    ],
    ["Nesterov momentum the challenge does not allow", config({ momentum: 0.9, nesterov: true }), "Nesterov"],
    ["an initialization other than the model's", config({ init: "random" }), "starts from zeros parameters"],
  ])("refuses %s with rule_violation and a reason, spending no attempt", async (_, runConfig, mentions) => {
    const ada = await student();
    const error = expectError(
      await call(ada.socket, "run:start", { runId: newRunId(), config: runConfig }),
      "rule_violation",
    );
    expect(error.message).toContain(mentions);
    const started = expectOk(await call(ada.socket, "run:start", { runId: newRunId(), config: config() }));
    expect(started.attemptsLeft).toBe(2);
    ada.socket.disconnect();
  });

  it("accepts an allowed schedule that keeps every epoch in range, with momentum and a seed, and verifies it", async () => {
    const ben = await student();
    const honest = honestRun(
      CHALLENGE,
      config({ lr: 0.1, momentum: 0.5, seed: 77, schedule: { kind: "cosine", minLr: 0.01 } }),
    );
    const finished = await playRun(ben.socket, honest);
    expect(finished.status).toBe("verified");
    ben.socket.disconnect();
  });
});
