// Redis restarts mid-session and forgets everything (no persistence): leases, streams, subscriptions. The nodes
// reconnect by themselves, ownership is taken again on demand, and nothing acknowledged is lost.
import { PROTOCOL_VERSION } from "@downhill/core";
import { describe, expect, it } from "vitest";
import { call, connect, expectOk, httpGet, type TestSocket, waitFor } from "../test/clients.ts";
import { honestRun, newRunId, sendProgress } from "../test/honestRuns.ts";
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

const LINE = lineChallenge(60);
const BATCH = 10;

const cluster = useTwoNodeCluster();
const { nodes, sockets } = cluster;

/** Streams batches from `fromSeq`, sending each until it is acknowledged (the session may be moving). */
async function streamThrough(socket: TestSocket, runId: string, losses: readonly (number | null)[], fromSeq: number) {
  let acked = { nextSeq: fromSeq, epochsStored: fromSeq * BATCH };
  for (let seq = fromSeq; seq * BATCH < losses.length; seq++) {
    const fromEpoch = seq * BATCH;
    const payload = { runId, seq, fromEpoch, losses: losses.slice(fromEpoch, fromEpoch + BATCH) };
    acked = expectOk(await callThrough(socket, "run:progress", payload));
  }
  return acked;
}

describe.skipIf(skipCluster)("redis restarts", () => {
  it("lets both nodes carry on serving the session once redis is back, with every acknowledged batch", async () => {
    const [a, b] = nodes as [ServerProcess, ServerProcess];
    printLogsOnFailure(nodes);
    const host = await connect(a.url);
    sockets.push(host);
    const created = await postChallenge(a.url, LINE);
    const { code, hostToken, sessionId, shareToken } = created;
    expectOk(await callThrough(host, "host:attach", { code, hostToken, protocolVersion: PROTOCOL_VERSION }));
    const ada = await joinThrough(a.url, code, "Ada");
    const bo = await joinThrough(b.url, code, "Bo");
    sockets.push(ada.socket, bo.socket);
    expectOk(await callThrough(host, "host:command", { code, hostToken, command: { type: "start" } }));

    const adaRun = honestRun(LINE, { optimizer: "sgd", lr: 0.05, epochs: 60, batchSize: "full" });
    const boRun = honestRun(LINE, { optimizer: "adam", lr: 0.05, epochs: 60, batchSize: "full" });
    const adaRunId = newRunId();
    const boRunId = newRunId();
    expectOk(await call(ada.socket, "run:start", { runId: adaRunId, config: adaRun.config }));
    expectOk(await call(bo.socket, "run:start", { runId: boRunId, config: boRun.config }));
    await sendProgress(ada.socket, adaRunId, adaRun.losses.slice(0, 20), BATCH);
    await sendProgress(bo.socket, boRunId, boRun.losses.slice(0, 20), BATCH);

    await cluster.redis().kill();
    await cluster.redis().restart();

    // Both nodes serve the session again within a bounded time: progress through A (the old owner) and B, and a
    // brand-new student on B.
    await streamThrough(ada.socket, adaRunId, adaRun.losses, 2);
    await streamThrough(bo.socket, boRunId, boRun.losses, 2);
    const cy = await joinThrough(b.url, code, "Cy");
    sockets.push(cy.socket);
    const adaDone = expectOk(await callThrough(ada.socket, "run:finish", { runId: adaRunId, params: adaRun.params }));
    const boDone = expectOk(await callThrough(bo.socket, "run:finish", { runId: boRunId, params: boRun.params }));
    expect([adaDone.status, boDone.status]).toEqual(["verified", "verified"]);

    // Broadcasts cross nodes again: the host on A and Cy on B see both verified runs.
    for (const socket of [host, cy.socket]) {
      const board = await waitFor(socket, "leaderboard:update", (view) => view.entries.length === 2, 10_000);
      expect(board.entries.map((entry) => entry.name).sort()).toEqual(["Ada", "Bo"]);
    }

    const results = await httpGet(a.url, `/api/sessions/${sessionId}?share=${shareToken}`);
    const runs = (JSON.parse(results.text) as { runs: { runId: string; losses: (number | null)[] }[] }).runs;
    expect(runs.find((run) => run.runId === adaRunId)!.losses).toEqual(adaRun.losses);
    expect(runs.find((run) => run.runId === boRunId)!.losses).toEqual(boRun.losses);
  });
});
