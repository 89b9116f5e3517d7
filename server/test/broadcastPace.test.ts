// How often the class's views reach students, over real sockets on a clock the test moves: hosts follow every
// tick, students their own pace, however busy the class.
import type { ChallengeInput, RunConfigInput } from "@downhill/core";
import { describe, expect, it } from "vitest";
import { studentViewTicks, STUDENT_VIEW_INTERVAL_MS, STUDENT_VIEW_SENDS_PER_SECOND } from "../live/Broadcaster.ts";
import { call, expectOk, type TestSocket } from "./clients.ts";
import { newRunId } from "./honestRuns.ts";
import { runningSession } from "./sessions.ts";
import { TestClock } from "./TestClock.ts";

const TICK_MS = 50;
const LINE: ChallengeInput = { dataset: "seed-line", model: "linear", epochs: 20 };
const config: RunConfigInput = { optimizer: "sgd", lr: 0.01, epochs: 20, batchSize: "full" };

const clock = new TestClock({ intervals: "virtual" });
const { host, student } = runningSession(LINE, { clock, env: { BROADCAST_INTERVAL_MS: String(TICK_MS) } });

/** Counts the session:state broadcasts a socket receives from now on. */
function countStates(socket: TestSocket): { readonly count: number } {
  const counter = { count: 0 };
  socket.on("session:state", () => counter.count++);
  return counter;
}

/** Resolves once everything the server sent the socket before this call has arrived (a refused call's answer). */
async function drained(socket: TestSocket): Promise<void> {
  await call(socket, "run:progress", { runId: newRunId(), seq: 0, fromEpoch: 0, losses: [1] });
}

describe("the pace of the class's views", () => {
  it("sends a run's start to the host on the next tick and to the other students once at their pace, not every tick", async () => {
    const ada = await student();
    const others = [await student(), await student(), await student(), await student()];
    clock.advance(2 * STUDENT_VIEW_INTERVAL_MS);
    await drained(ada.socket);
    const adaStates = countStates(ada.socket);
    const hostStates = countStates(host.socket);

    // A run starts in each of four ticks in a row, as in a class that is starting its runs.
    for (const other of others) {
      expectOk(await call(other.socket, "run:start", { runId: newRunId(), config }));
      clock.advance(TICK_MS);
    }
    await drained(ada.socket);
    await drained(host.socket);
    expect(hostStates.count).toBe(others.length);
    expect(adaStates.count).toBeLessThanOrEqual(1);

    // Within one student interval the counts reach Ada too.
    clock.advance(STUDENT_VIEW_INTERVAL_MS);
    await drained(ada.socket);
    expect(adaStates.count).toBeGreaterThanOrEqual(1);
    expect(adaStates.count).toBeLessThanOrEqual(2);
  });
});

describe("studentViewTicks", () => {
  it("keeps STUDENT_VIEW_INTERVAL_MS up to the class the send budget covers, and slows in proportion beyond", () => {
    const covered = (STUDENT_VIEW_SENDS_PER_SECOND * STUDENT_VIEW_INTERVAL_MS) / 1000;
    expect(studentViewTicks(30, 100)).toBe(STUDENT_VIEW_INTERVAL_MS / 100);
    expect(studentViewTicks(covered, 100)).toBe(STUDENT_VIEW_INTERVAL_MS / 100);
    // Twice that class receives its views half as often, so the sends per second stay the same.
    expect(studentViewTicks(2 * covered, 100)).toBe((2 * STUDENT_VIEW_INTERVAL_MS) / 100);
    expect(studentViewTicks(5_000, 100)).toBe(Math.round((5_000 * 1000) / STUDENT_VIEW_SENDS_PER_SECOND / 100));
    // A tick longer than the interval sends on every tick.
    expect(studentViewTicks(30, 1_000)).toBe(1);
  });
});
