import { createProblem, runConfigSchema, Trainer, type ProblemSpec } from "@downhill/core";
import { describe, expect, it } from "vitest";
import { epochsDue, Pacer, parseSpeed, SPEEDS, speedLabel, type Speed } from "./pacing.ts";

/** Drives `trainer` the way the worker does, on a clock that ticks 1 ms at a time; returns the epoch at each ms. */
function paceRun(trainer: Trainer, pacer: Pacer, untilMs: number, startMs = 0): number[] {
  const epochs: number[] = [];
  for (let now = startMs; now <= untilMs && trainer.status === "running"; now++) {
    for (let due = pacer.due(now, trainer.epoch); due > 0 && trainer.status === "running"; due--) trainer.step();
    epochs.push(trainer.epoch);
  }
  return epochs;
}

// Fifty noisy points in mini-batches of 8: the shuffles and Adam's moments would show any step taken twice or skipped.
const noisyLine: ProblemSpec = { dataset: { name: "line" }, model: { kind: "linear" } };
const config = runConfigSchema.parse({ optimizer: "adam", lr: 0.05, epochs: 200, batchSize: 8, seed: 7 });

describe("epochsDue", () => {
  it("makes the first epoch due at once, then one every 1000 / speed ms", () => {
    expect(epochsDue(0, 50)).toBe(1);
    expect(epochsDue(19.9, 50)).toBe(1);
    expect(epochsDue(20, 50)).toBe(2);
    expect(epochsDue(999, 1)).toBe(1);
    expect(epochsDue(1000, 1)).toBe(2);
    expect(epochsDue(1000, 200)).toBe(201);
  });

  it("makes every epoch due at once at max speed", () => {
    expect(epochsDue(0, "max")).toBe(Infinity);
  });
});

describe("Pacer", () => {
  it("paces a 200-epoch run at the default 50 epochs per second over four seconds", () => {
    const pacer = new Pacer(50, 0, 0);
    const trainer = new Trainer(createProblem(noisyLine), config);
    const epochs = paceRun(trainer, pacer, 10_000);
    expect(epochs[0]).toBe(1);
    expect(epochs[1000]).toBe(51);
    // Epoch 200 is due at 199 * 20 ms.
    expect(epochs.indexOf(200)).toBe(3980);
  });

  it("says how long to wait for the next epoch, and that it is due once the wait is over", () => {
    const pacer = new Pacer(5, 1000, 10);
    expect(pacer.waitMs(1000, 10)).toBe(0);
    expect(pacer.waitMs(1000, 11)).toBe(200);
    expect(pacer.waitMs(1150.5, 11)).toBe(50);
    expect(pacer.due(1199, 11)).toBe(0);
    expect(pacer.due(1200, 11)).toBe(1);
    expect(new Pacer("max", 0, 0).waitMs(0, 1_000)).toBe(0);
  });

  it("does not owe a restarted run the epochs of its pause", () => {
    const pacer = new Pacer(20, 0, 0);
    expect(pacer.due(100, 0)).toBe(3);
    // Paused at epoch 3 for ten seconds, then resumed: one epoch is due, not two hundred.
    pacer.restart(10_100, 3);
    expect(pacer.due(10_100, 3)).toBe(1);
    expect(pacer.due(10_149, 4)).toBe(0);
    expect(pacer.due(10_150, 4)).toBe(1);
  });

  it("takes a change of speed from the moment it is made", () => {
    const pacer = new Pacer(1, 0, 0);
    expect(pacer.due(500, 1)).toBe(0);
    pacer.setSpeed(200, 500, 1);
    expect(pacer.speed).toBe(200);
    expect(pacer.due(600, 1)).toBe(21);
    pacer.setSpeed("max", 600, 22);
    expect(pacer.due(600, 22)).toBe(Infinity);
  });

  it("gives the same run at every speed, changed mid-run or not: pacing only decides when a step is taken", () => {
    const problem = createProblem(noisyLine);
    const atMax = new Trainer(problem, config);
    atMax.runToEnd();

    const slow = new Trainer(problem, config);
    const pacer = new Pacer(5, 0, 0);
    paceRun(slow, pacer, 3_000);
    expect(slow.epoch).toBe(16);
    pacer.setSpeed(200, 3_001, slow.epoch);
    paceRun(slow, pacer, 60_000, 3_001);

    expect(slow.status).toBe("finished");
    expect(slow.epoch).toBe(200);
    expect(Array.from(slow.params)).toEqual(Array.from(atMax.params));
    expect(slow.recordedLosses()).toEqual(atMax.recordedLosses());
  });
});

describe("speeds", () => {
  it("reads back every speed it offers and refuses anything else", () => {
    for (const speed of SPEEDS) expect(parseSpeed(JSON.parse(JSON.stringify(speed)))).toBe(speed);
    for (const other of [0, 3, "fast", null, undefined, Infinity]) expect(parseSpeed(other)).toBeNull();
  });

  it("names each speed in words", () => {
    const labels = SPEEDS.map((speed: Speed) => speedLabel(speed));
    expect(labels).toEqual([
      "1 epoch per second",
      "5 epochs per second",
      "20 epochs per second",
      "50 epochs per second",
      "200 epochs per second",
      "as fast as it goes",
    ]);
  });
});
