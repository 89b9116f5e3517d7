import { challengeSchema, createProblem, runConfigSchema, Trainer } from "@downhill/core";
import { describe, expect, it } from "vitest";
import { parseCheckpoint, type Checkpoint, type CheckpointUpgrade } from "./checkpoint.ts";

function realCheckpoint(): Checkpoint {
  const config = runConfigSchema.parse({ optimizer: "adam", lr: 0.05, epochs: 40, batchSize: "full" });
  const trainer = new Trainer(createProblem(challengeSchema.parse({ dataset: "seed-line" })), config);
  for (let i = 0; i < 10; i++) trainer.step();
  const snapshot = trainer.snapshot();
  return {
    runId: crypto.randomUUID(),
    config,
    snapshot,
    outbox: {
      losses: [...snapshot.losses],
      ackedSeq: 1,
      ackedEpochs: 5,
      batches: [{ seq: 1, fromEpoch: 5, losses: snapshot.losses.slice(5) }],
    },
    userPaused: false,
  };
}

describe("reading a run's checkpoint back from the browser's storage", () => {
  it("a checkpoint the page wrote reads back equal", () => {
    const checkpoint = realCheckpoint();
    expect(parseCheckpoint(JSON.stringify(checkpoint))).toEqual({ ok: true, checkpoint });
  });

  it("a checkpoint of another shape is refused with what is wrong, not handed to the run", () => {
    const checkpoint = realCheckpoint();
    const broken = { ...checkpoint, config: { ...checkpoint.config, lr: "fast" } };
    expect(parseCheckpoint(JSON.stringify(broken))).toEqual({
      ok: false,
      error: "the stored checkpoint's config.lr: Invalid input: expected number, received string",
    });
    const noRandom = { ...checkpoint, snapshot: { ...checkpoint.snapshot, random: [1, 2] } };
    expect(parseCheckpoint(JSON.stringify(noRandom)).ok).toBe(false);
    expect(parseCheckpoint("{half")).toEqual({ ok: false, error: "the stored checkpoint is not JSON" });
  });

  it("a checkpoint of an older shape is upgraded before it is checked", () => {
    const checkpoint = realCheckpoint();
    // An example shape change: an older page kept `paused` where this one keeps `userPaused`.
    const { userPaused, ...rest } = checkpoint;
    const older = JSON.stringify({ ...rest, paused: userPaused });
    const pausedToUserPaused: CheckpointUpgrade = (stored) => {
      if (typeof stored !== "object" || stored === null || !("paused" in stored)) return stored;
      const { paused, ...others } = stored as { paused: boolean };
      return { ...others, userPaused: paused };
    };
    expect(parseCheckpoint(older).ok).toBe(false);
    expect(parseCheckpoint(older, [pausedToUserPaused])).toEqual({ ok: true, checkpoint });
  });
});
