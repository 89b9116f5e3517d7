// SIGKILL the node that owns a live session: the other node takes it over from PostgreSQL once the dead node's
// lease runs out, its students rejoin there and finish their runs, and nothing acknowledged is lost or doubled.
import { PROTOCOL_VERSION } from "@downhill/core";
import { describe, expect, it } from "vitest";
import { call, connect, disconnected, expectOk, httpGet, waitFor } from "../test/clients.ts";
import { honestRun, newRunId, sendProgress } from "../test/honestRuns.ts";
import { postChallenge } from "../test/sessions.ts";
import type { ServerProcess } from "../test/serverProcess.ts";
import {
  callThrough,
  joinThrough,
  lineChallenge,
  printLogsOnFailure,
  skipCluster,
  startNode,
  useTwoNodeCluster,
} from "./clusterHarness.ts";
import { LEASE_REFRESH_MS, LEASE_TTL_MS } from "./Leases.ts";

const LINE = lineChallenge(60);
const BATCH = 10;

const cluster = useTwoNodeCluster();
const { nodes, sockets } = cluster;

describe.skipIf(skipCluster)("the owner of a session dies", () => {
  it("moves the session to the surviving node with every acknowledged batch, and runs resume there", async () => {
    const [a, b] = nodes as [ServerProcess, ServerProcess];
    printLogsOnFailure(nodes);
    // Created over HTTP on A, so A owns it.
    const created = await postChallenge(a.url, LINE);
    const { code, hostToken, sessionId, shareToken } = created;
    const host = await connect(b.url);
    sockets.push(host);
    expectOk(await callThrough(host, "host:attach", { code, hostToken, protocolVersion: PROTOCOL_VERSION }));

    const ada = await joinThrough(a.url, code, "Ada");
    const bo = await joinThrough(b.url, code, "Bo");
    sockets.push(ada.socket, bo.socket);
    expectOk(await callThrough(host, "host:command", { code, hostToken, command: { type: "start" } }));

    // Ada (on A) and Bo (on B) stream the first half of their runs; every batch is acknowledged.
    const adaRun = honestRun(LINE, { optimizer: "sgd", lr: 0.05, epochs: 60, batchSize: "full" });
    const boRun = honestRun(LINE, { optimizer: "adam", lr: 0.05, epochs: 60, batchSize: "full" });
    const adaRunId = newRunId();
    const boRunId = newRunId();
    expectOk(await call(ada.socket, "run:start", { runId: adaRunId, config: adaRun.config }));
    expectOk(await call(bo.socket, "run:start", { runId: boRunId, config: boRun.config }));
    const half = 30;
    const adaAcked = await sendProgress(ada.socket, adaRunId, adaRun.losses.slice(0, half), BATCH);
    const boAcked = await sendProgress(bo.socket, boRunId, boRun.losses.slice(0, half), BATCH);
    expect(adaAcked).toMatchObject({ nextSeq: 3, epochsStored: half });
    expect(boAcked).toMatchObject({ nextSeq: 3, epochsStored: half });

    const adaGone = disconnected(ada.socket);
    await a.kill();
    await adaGone;

    // Ada's page reconnects to B with her token and resumes from what the server says it stored.
    const back = await joinThrough(b.url, code, "Ada", ada.joined.studentToken);
    sockets.push(back.socket);
    expect(back.joined.studentId).toBe(ada.joined.studentId);
    const resumed = back.joined.runs.find((run) => run.runId === adaRunId)!;
    expect({ nextSeq: resumed.nextSeq, epochsStored: resumed.epochsStored }).toEqual({
      nextSeq: adaAcked.nextSeq,
      epochsStored: adaAcked.epochsStored,
    });
    expect(resumed.losses).toEqual(adaRun.losses.slice(0, half));

    // A batch already stored is acknowledged without being stored twice; then the rest goes through.
    const again = expectOk(
      await callThrough(back.socket, "run:progress", {
        runId: adaRunId,
        seq: 2,
        fromEpoch: 20,
        losses: adaRun.losses.slice(20, 30),
      }),
    );
    expect(again).toMatchObject({ nextSeq: 3, epochsStored: half });
    await sendProgress(back.socket, adaRunId, adaRun.losses, BATCH, resumed.nextSeq);
    await sendProgress(bo.socket, boRunId, boRun.losses, BATCH, boAcked.nextSeq);
    const adaDone = expectOk(await callThrough(back.socket, "run:finish", { runId: adaRunId, params: adaRun.params }));
    const boDone = expectOk(await callThrough(bo.socket, "run:finish", { runId: boRunId, params: boRun.params }));
    expect([adaDone.status, boDone.status]).toEqual(["verified", "verified"]);

    // The host on B sees both runs on the leaderboard, broadcast by the new owner.
    const board = await waitFor(host, "leaderboard:update", (view) => view.entries.length === 2, 10_000);
    expect(board.entries.map((entry) => entry.name).sort()).toEqual(["Ada", "Bo"]);

    // The store holds every epoch exactly once.
    const results = await httpGet(b.url, `/api/sessions/${sessionId}?share=${shareToken}`);
    expect(results.status).toBe(200);
    const runs = (JSON.parse(results.text) as { runs: { runId: string; losses: (number | null)[] }[] }).runs;
    expect(runs.find((run) => run.runId === adaRunId)!.losses).toEqual(adaRun.losses);
    expect(runs.find((run) => run.runId === boRunId)!.losses).toEqual(boRun.losses);
  });

  it("hands a session over at once when its owner stops with SIGTERM, without waiting for the lease to expire", async () => {
    const b = nodes[1]!;
    const c = await startNode("C", cluster.databaseUrl(), cluster.redis().url);
    nodes.push(c);
    printLogsOnFailure(nodes);
    const { code } = await postChallenge(b.url, LINE);

    expect(await b.stop()).toBe(0);
    const stoppedAt = Date.now();
    const dee = await joinThrough(c.url, code, "Dee");
    sockets.push(dee.socket);
    // A lease left behind would block the session for at least LEASE_TTL_MS - LEASE_REFRESH_MS after the exit.
    expect(Date.now() - stoppedAt).toBeLessThan(LEASE_TTL_MS - LEASE_REFRESH_MS - 1_000);
    expect(dee.joined.state.code).toBe(code);
  });
});
