// The challenge's leaderboard mode is a trust rule: under "top" and "percentile" no channel a student receives
// (broadcasts, snapshots, acknowledgements, the HTTP API) carries another student's entry beyond what the mode shows.
import type { ChallengeInput, RunConfigInput } from "@downhill/core";
import { describe, expect, it } from "vitest";
import { expectOk, httpGet, type TestSocket, waitFor } from "./clients.ts";
import { honestRun, playRun } from "./honestRuns.ts";
import { serverForFile } from "./servers.ts";
import { createSession, joinStudent } from "./sessions.ts";

const BASE: ChallengeInput = { dataset: "seed-line", model: "linear", epochs: 30, lrMin: 0.001, lrMax: 1 };
const config = (lr: number): RunConfigInput => ({ optimizer: "sgd", lr, epochs: 30, batchSize: "full" });

const server = serverForFile();

/** Every event `socket` receives from now on, as `event JSON` lines. */
function recordEvents(socket: TestSocket): string[] {
  const received: string[] = [];
  socket.onAny((event: string, payload: unknown) => received.push(`${event} ${JSON.stringify(payload)}`));
  return received;
}

describe("leaderboard mode percentile", () => {
  it("a student receives no other student's name, id or loss on any channel, only their own top percent", async () => {
    const challenge: ChallengeInput = { ...BASE, leaderboard: { mode: "percentile" } };
    const host = await createSession(server.url, challenge);
    const { code, sessionId } = host.created;
    const zelda = await joinStudent(server.url, code, "Zelda");
    const zeldaSaw = recordEvents(zelda.socket);
    const quentin = await joinStudent(server.url, code, "Quentin");
    expectOk(await host.command({ type: "start" }));

    const quentinRun = honestRun(challenge, config(0.05));
    const zeldaRun = honestRun(challenge, config(0.01));
    const quentinFinish = await playRun(quentin.socket, quentinRun);
    expect(quentinFinish.status).toBe("verified");
    const zeldaFinish = await playRun(zelda.socket, zeldaRun);
    expect(zeldaFinish.status).toBe("verified");

    // The host sees everything; the student's next broadcast counts both runs.
    const hostBoard = await waitFor(host.socket, "leaderboard:update", (board) => board.entries.length === 2);
    expect(hostBoard.entries.map((e) => e.name)).toEqual(["Quentin", "Zelda"]);
    const board = await waitFor(zelda.socket, "leaderboard:update", (view) => view.total === 2);
    expect(board.entries).toEqual([]);
    const rank = await waitFor(zelda.socket, "leaderboard:rank", (view) => view.total === 2);
    expect(rank).toEqual({ rank: null, total: 2, loss: zeldaFinish.trainLoss, topPercent: 100 });
    const chart = await waitFor(zelda.socket, "chart:update");
    expect(chart.runs).toEqual([]);
    expect(chart.bands.p50).toEqual([]);

    // A rejoin's acknowledgement and snapshot.
    const again = await joinStudent(server.url, code, "Zelda", zelda.joined.studentToken);
    const rejoinSaw = recordEvents(again.socket);
    await waitFor(again.socket, "leaderboard:rank");
    await waitFor(again.socket, "chart:update");

    // The HTTP API answers a student nothing: the results need the instructor's key or the share token.
    const noCredentials = await httpGet(server.url, `/api/sessions/${sessionId}`);
    const studentToken = await httpGet(server.url, `/api/sessions/${sessionId}`, {
      headers: { authorization: `Bearer ${zelda.joined.studentToken}` },
    });
    expect(noCredentials.status).toBe(404);
    expect(studentToken.status).toBe(404);

    const channels = [
      ...zeldaSaw,
      ...rejoinSaw,
      JSON.stringify(zelda.joined),
      JSON.stringify(again.joined),
      JSON.stringify(zeldaFinish),
      noCredentials.text,
      studentToken.text,
    ];
    expect(zeldaSaw.some((line) => line.startsWith("leaderboard:update"))).toBe(true);
    // Both runs start from the same parameters, so a loss both curves share is not Quentin's alone.
    const zeldaLosses = new Set(zeldaRun.losses.map((loss) => JSON.stringify(loss)));
    const quentinOnly = [...quentinRun.losses, quentinFinish.trainLoss]
      .map((loss) => JSON.stringify(loss))
      .filter((loss) => loss !== "null" && !zeldaLosses.has(loss));
    expect(quentinOnly.length).toBeGreaterThan(20);
    for (const text of channels) {
      expect(text).not.toContain("Quentin");
      expect(text).not.toContain(quentin.joined.studentId);
      for (const loss of quentinOnly) expect(text).not.toContain(loss);
    }
    for (const socket of [host.socket, zelda.socket, quentin.socket, again.socket]) socket.disconnect();
  });
});

describe("leaderboard mode top", () => {
  it("students receive the best N entries and their curves only, and each their own rank", async () => {
    const challenge: ChallengeInput = { ...BASE, leaderboard: { mode: "top", size: 1 } };
    const host = await createSession(server.url, challenge);
    const { code } = host.created;
    const ada = await joinStudent(server.url, code, "Ada");
    const bea = await joinStudent(server.url, code, "Bea");
    const cleo = await joinStudent(server.url, code, "Cleo");
    const cleoSaw = recordEvents(cleo.socket);
    expectOk(await host.command({ type: "start" }));
    expect((await playRun(ada.socket, honestRun(challenge, config(0.05)))).status).toBe("verified");
    expect((await playRun(bea.socket, honestRun(challenge, config(0.03)))).status).toBe("verified");
    expect((await playRun(cleo.socket, honestRun(challenge, config(0.01)))).status).toBe("verified");

    const hostBoard = await waitFor(host.socket, "leaderboard:update", (view) => view.entries.length === 3);
    expect(hostBoard.entries.map((e) => e.name)).toEqual(["Ada", "Bea", "Cleo"]);
    const board = await waitFor(cleo.socket, "leaderboard:update", (view) => view.total === 3);
    expect(board.entries.map((e) => e.name)).toEqual(["Ada"]);
    const rank = await waitFor(cleo.socket, "leaderboard:rank", (view) => view.total === 3);
    expect(rank).toMatchObject({ rank: 3, total: 3, topPercent: 100 });
    const chart = await waitFor(cleo.socket, "chart:update", (view) => view.runs.length > 0);
    expect(new Set(chart.runs.map((run) => run.studentId))).toEqual(new Set([ada.joined.studentId]));
    for (const line of cleoSaw) {
      expect(line).not.toContain("Bea");
      expect(line).not.toContain(bea.joined.studentId);
    }
    for (const socket of [host.socket, ada.socket, bea.socket, cleo.socket]) socket.disconnect();
  });
});
