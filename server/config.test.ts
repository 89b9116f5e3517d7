import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { loadConfig } from "./config.ts";
import { defaultReplayWorkers } from "./live/ReplayPool.ts";

describe("REPLAY_WORKERS", () => {
  it("defaults to the machine's cores, less one for the event loop above two", () => {
    expect(loadConfig({}).REPLAY_WORKERS).toBe(defaultReplayWorkers(availableParallelism()));
    expect(loadConfig({ REPLAY_WORKERS: "3" }).REPLAY_WORKERS).toBe(3);
  });

  it("refuses a pool of no workers, or a value that is not a whole number, naming the variable", () => {
    expect(() => loadConfig({ REPLAY_WORKERS: "0" })).toThrow(/environment variable REPLAY_WORKERS is invalid/);
    expect(() => loadConfig({ REPLAY_WORKERS: "two" })).toThrow(/REPLAY_WORKERS/);
  });
});
