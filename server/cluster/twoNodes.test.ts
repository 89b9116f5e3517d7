// Two server processes serve one session through Redis and one PostgreSQL schema: the session lives on the node
// that created it, every other node forwards to it, and every client sees the same views, each broadcast once.
import { PROTOCOL_VERSION } from "@downhill/core";
import { describe, expect, it } from "vitest";
import { connect, expectOk, waitFor } from "../test/clients.ts";
import { honestRun, playRun } from "../test/honestRuns.ts";
import { postChallenge } from "../test/sessions.ts";
import type { ServerProcess } from "../test/serverProcess.ts";
import {
  callThrough,
  joinThrough,
  lineChallenge,
  printLogsOnFailure,
  skipCluster,
  useTwoNodeCluster,
} from "./clusterHarness.ts";

const LINE = lineChallenge(40);

const cluster = useTwoNodeCluster();
const { nodes, sockets } = cluster;

describe.skipIf(skipCluster)("two nodes, one session", () => {
  it("gives every client on either node the same leaderboard and chart, each broadcast once", async () => {
    const [a, b] = nodes as [ServerProcess, ServerProcess];
    printLogsOnFailure(nodes);
    // Created over HTTP on A, so A owns it; the host attaches on B.
    const created = await postChallenge(a.url, LINE);
    const { code, hostToken } = created;
    const host = await connect(b.url);
    sockets.push(host);
    expectOk(await callThrough(host, "host:attach", { code, hostToken, protocolVersion: PROTOCOL_VERSION }));
    await waitFor(host, "session:state", (state) => state.code === code);

    const ada = await joinThrough(a.url, code, "Ada");
    const bo = await joinThrough(b.url, code, "Bo");
    const cy = await joinThrough(b.url, code, "Cy");
    const clients = [host, ada.socket, bo.socket, cy.socket];
    sockets.push(ada.socket, bo.socket, cy.socket);
    await waitFor(host, "roster:update", (roster) => roster.students.filter((s) => s.connected).length === 3);

    expectOk(await callThrough(host, "host:command", { code, hostToken, command: { type: "start" } }));
    await Promise.all(clients.map((socket) => waitFor(socket, "session:state", (state) => state.status === "running")));

    // One host command, one broadcast per client: count the locked states seen until the unlock arrives.
    const lockedStates = clients.map(() => 0);
    clients.forEach((socket, index) =>
      socket.on("session:state", (state) => {
        if (state.locked) lockedStates[index]!++;
      }),
    );
    expectOk(await callThrough(host, "host:command", { code, hostToken, command: { type: "lock" } }));
    await Promise.all(clients.map((socket) => waitFor(socket, "session:state", (state) => state.locked)));
    expectOk(await callThrough(host, "host:command", { code, hostToken, command: { type: "unlock" } }));
    await Promise.all(clients.map((socket) => waitFor(socket, "session:state", (state) => !state.locked)));
    expect(lockedStates).toEqual([1, 1, 1, 1]);

    // Ada's run goes through A (the owner), Bo's through B (forwarded).
    const good = honestRun(LINE, { optimizer: "sgd", lr: 0.05, epochs: 40, batchSize: "full" });
    const slow = honestRun(LINE, { optimizer: "sgd", lr: 0.001, epochs: 40, batchSize: "full" });
    const [adaFinish, boFinish] = await Promise.all([playRun(ada.socket, good), playRun(bo.socket, slow)]);
    expect([adaFinish.status, boFinish.status]).toEqual(["verified", "verified"]);

    const boards = await Promise.all(
      clients.map((socket) => waitFor(socket, "leaderboard:update", (board) => board.entries.length === 2)),
    );
    for (const board of boards) expect(board).toEqual(boards[0]);
    expect(boards[0]!.entries.map((entry) => entry.name)).toEqual(["Ada", "Bo"]);

    const finishedRuns = (chart: { runs: readonly { status: string }[] }) =>
      chart.runs.filter((run) => run.status === "verified").length === 2;
    const charts = await Promise.all(clients.map((socket) => waitFor(socket, "chart:update", finishedRuns)));
    for (const chart of charts) expect(chart.runs).toEqual(charts[0]!.runs);
    expect(charts[0]!.scatter).toHaveLength(2);
    for (const chart of charts.slice(1)) expect(chart.scatter).toEqual([]);

    const rank = await waitFor(bo.socket, "leaderboard:rank", (view) => view.total === 2);
    expect(rank.rank).toBe(2);
  });
});
