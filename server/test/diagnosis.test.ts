// The server diagnoses every run it verifies from its own replay, groups the class by verdict for the host, draws
// diverged runs on the class chart, and reads the diagnoses again after a restart.
import { PROTOCOL_VERSION, type ChallengeInput, type RunConfigInput } from "@downhill/core";
import { afterAll, describe, expect, it } from "vitest";
import { call, connect, expectOk, waitFor } from "./clients.ts";
import { honestRun, playRun } from "./honestRuns.ts";
import { serversOnOneDatabase } from "./servers.ts";
import { createSession, joinStudent } from "./sessions.ts";

const CHALLENGE: ChallengeInput = {
  dataset: "seed-line",
  model: "linear",
  lrMin: 0.000001,
  lrMax: 2,
  epochs: 1000,
  timeLimitSeconds: 900,
};
const plain = (lr: number): RunConfigInput => ({ optimizer: "sgd", lr, epochs: 1000, batchSize: "full" });

const { start, closeAll } = serversOnOneDatabase();

afterAll(closeAll);

describe("the server's diagnosis", () => {
  it("reads each verified run, groups the class, draws the diverged run, and reads them again after a restart", async () => {
    const first = await start();
    const host = await createSession(first.url, CHALLENGE);
    const { code, hostToken } = host.created;
    expectOk(await host.command({ type: "start" }));
    // The edge of stability on the source text's five points: 2 / (12 + √136).
    const state = await waitFor(host.socket, "session:state");
    expect(state.edgeOfStability).toBeCloseTo(2 / (12 + Math.sqrt(136)), 12);

    const ada = await joinStudent(first.url, code, "Ada");
    const ben = await joinStudent(first.url, code, "Ben");
    const cy = await joinStudent(first.url, code, "Cy");
    const diverged = await playRun(ada.socket, honestRun(CHALLENGE, plain(0.086)), { batchSize: 500 });
    const converged = await playRun(ben.socket, honestRun(CHALLENGE, plain(0.05)), { batchSize: 500 });
    const crawled = await playRun(cy.socket, honestRun(CHALLENGE, plain(0.000001)), { batchSize: 500 });

    expect(diverged.status).toBe("diverged");
    expect(diverged.diagnosis).toMatchObject({ verdict: "diverged" });
    expect(diverged.diagnosis!.tryThis).toContain("below 0.0845");
    expect(diverged.diagnosis!.seen).toContain("the loss exploded at epoch 135");
    expect(converged.diagnosis).toMatchObject({ verdict: "converged" });
    expect(crawled.diagnosis).toMatchObject({ verdict: "too-slow" });

    const grouped = (view: { diagnoses: Record<string, number> }) =>
      Object.values(view.diagnoses).reduce((sum, count) => sum + count, 0) === 3;
    const roster = await waitFor(host.socket, "roster:update", grouped);
    expect(roster.diagnoses).toEqual({ diverged: 1, stuck: 0, converged: 1, noisy: 0, oscillating: 0, "too-slow": 1 });

    // The diverged run's checked curve goes up to the epoch where it exploded; every student sees it.
    const chart = await waitFor(cy.socket, "chart:update", (view) => view.diverged.length === 1);
    expect(chart.diverged[0]).toMatchObject({ runId: diverged.runId, name: "Ada", divergedAt: 135 });
    expect(chart.diverged[0]!.epochs.at(-1)).toBeLessThanOrEqual(135);

    // A rejoining student gets each run's diagnosis back with it.
    const adaAgain = await joinStudent(first.url, code, "Ada", ada.joined.studentToken);
    expect(adaAgain.joined.runs[0]).toMatchObject({ divergedAt: 135, diagnosis: { verdict: "diverged" } });

    for (const socket of [host.socket, ada.socket, ben.socket, cy.socket, adaAgain.socket]) socket.disconnect();
    await first.close();

    // Diagnoses live in memory: a new process replays the finished runs to read them again.
    const second = await start();
    const hostSocket = await connect(second.url);
    expectOk(await call(hostSocket, "host:attach", { code, hostToken, protocolVersion: PROTOCOL_VERSION }));
    const regrouped = await waitFor(hostSocket, "roster:update", grouped);
    expect(regrouped.diagnoses).toEqual(roster.diagnoses);
    const benBack = await joinStudent(second.url, code, "Ben", ben.joined.studentToken);
    expect(benBack.joined.runs[0]).toMatchObject({ runId: converged.runId, diagnosis: { verdict: "converged" } });
    hostSocket.disconnect();
    benBack.socket.disconnect();
  });
});
