// The real server process, killed and started again on the same database: what it acknowledged survives.
import { PROTOCOL_VERSION, type ChallengeInput, type RunConfigInput } from "@downhill/core";
import { afterAll, describe, expect, it } from "vitest";
import { openStore } from "../store/openStore.ts";
import { call, connect, expectOk, waitFor } from "./clients.ts";
import { honestRun, newRunId, playRun, sendProgress } from "./honestRuns.ts";
import { spawnServer, tempDatabase } from "./servers.ts";
import { createSession, joinStudent } from "./sessions.ts";
import { parseLogLine, type ServerProcess } from "./serverProcess.ts";

const CHALLENGE: ChallengeInput = { dataset: "seed-line", model: "linear", epochs: 60, timeLimitSeconds: 900 };
const config = (lr: number): RunConfigInput => ({ optimizer: "sgd", lr, epochs: 60, batchSize: "full" });

const database = tempDatabase();
const spawned: ServerProcess[] = [];

async function spawn(): Promise<ServerProcess> {
  const server = await spawnServer(database.databaseUrl);
  spawned.push(server);
  return server;
}

const logged = (server: ServerProcess, msg: string) => server.lines.some((line) => parseLogLine(line)?.msg === msg);

afterAll(async () => {
  for (const server of spawned) await server.kill();
  database.remove();
});

describe("a restart", () => {
  it("after SIGKILL, restores sessions, students and runs, and the class carries on", async () => {
    const first = await spawn();
    const host = await createSession(first.url, CHALLENGE);
    const { code, hostToken, sessionId } = host.created;
    const ada = await joinStudent(first.url, code, "Ada");
    const ben = await joinStudent(first.url, code, "Ben");
    const started = expectOk(await host.command({ type: "start" })).state;

    const adaRun = honestRun(CHALLENGE, config(0.03));
    const benRun = honestRun(CHALLENGE, config(0.05));
    const adaRunId = newRunId();
    expectOk(await call(ada.socket, "run:start", { runId: adaRunId, config: adaRun.config }));
    await sendProgress(ada.socket, adaRunId, adaRun.losses.slice(0, 30), 10);
    const benFinished = await playRun(ben.socket, benRun);
    expect(benFinished.status).toBe("verified");

    expect(await first.kill()).toBe("SIGKILL");
    for (const socket of [host.socket, ada.socket, ben.socket]) socket.disconnect();

    const second = await spawn();
    expect(logged(second, "resumed live sessions")).toBe(true);

    const hostSocket = await connect(second.url);
    const attached = expectOk(
      await call(hostSocket, "host:attach", { code, hostToken, protocolVersion: PROTOCOL_VERSION }),
    );
    expect(attached.state).toMatchObject({ sessionId, status: "running", endsAt: started.endsAt });
    expect(attached.state.remainingMs).toBeGreaterThan(0);
    expect(attached.state.counts).toMatchObject({ students: 2, running: 1, verified: 1 });

    const adaBack = await joinStudent(second.url, code, "Ada", ada.joined.studentToken);
    expect(adaBack.joined.studentId).toBe(ada.joined.studentId);
    expect(adaBack.joined.runs).toEqual([
      expect.objectContaining({
        runId: adaRunId,
        status: "running",
        nextSeq: 3,
        epochsStored: 30,
        losses: adaRun.losses.slice(0, 30),
      }),
    ]);
    const benBack = await joinStudent(second.url, code, "Ben", ben.joined.studentToken);
    expect(benBack.joined.runs).toEqual([
      expect.objectContaining({ runId: benFinished.runId, status: "verified", epochsStored: 60 }),
    ]);
    const board = await waitFor(hostSocket, "leaderboard:update", (view) => view.total === 1);
    expect(board.entries[0]).toMatchObject({ name: "Ben", runId: benFinished.runId });

    await sendProgress(adaBack.socket, adaRunId, adaRun.losses, 10, 3);
    const adaFinished = expectOk(await call(adaBack.socket, "run:finish", { runId: adaRunId, params: adaRun.params }));
    expect(adaFinished.status).toBe("verified");
    const ranked = await waitFor(hostSocket, "leaderboard:update", (view) => view.total === 2);
    expect(ranked.entries.map((entry) => entry.name)).toEqual(["Ben", "Ada"]);

    // A new student can still join the restored session.
    const cy = await joinStudent(second.url, code, "Cy");
    expect(cy.joined.state.status).toBe("running");
    expectOk(await call(hostSocket, "host:command", { code, hostToken, command: { type: "end" } }));

    expect(await second.stop()).toBe(0);
    expect(logged(second, "stopped cleanly")).toBe(true);

    const store = await openStore(database.databaseUrl);
    try {
      expect(await store.getSession(sessionId)).toMatchObject({ status: "ended" });
      const runs = await store.listRuns(sessionId);
      expect(runs.map((run) => run.status).sort()).toEqual(["verified", "verified"]);
      const chunks = (await store.listChunks(sessionId)).filter((chunk) => chunk.runId === adaRunId);
      expect(chunks.map((chunk) => chunk.seq)).toEqual([0, 1, 2, 3, 4, 5]);
      expect(chunks.flatMap((chunk) => chunk.losses)).toEqual(adaRun.losses);
      expect((await store.listStudents(sessionId)).map((student) => student.name).sort()).toEqual(["Ada", "Ben", "Cy"]);
    } finally {
      await store.close();
    }
  });

  it("on SIGTERM, commits every acknowledged batch, logs a clean stop and exits 0", async () => {
    const server = await spawn();
    const host = await createSession(server.url, CHALLENGE);
    const dee = await joinStudent(server.url, host.created.code, "Dee");
    expectOk(await host.command({ type: "start" }));
    const run = honestRun(CHALLENGE, config(0.01));
    const runId = newRunId();
    expectOk(await call(dee.socket, "run:start", { runId, config: run.config }));
    const acks = await Promise.all(
      [0, 1, 2, 3].map((seq) =>
        call(dee.socket, "run:progress", {
          runId,
          seq,
          fromEpoch: seq * 5,
          losses: run.losses.slice(seq * 5, seq * 5 + 5),
        }),
      ),
    );
    expect(acks.map((ack) => expectOk(ack).epochsStored)).toEqual([5, 10, 15, 20]);

    expect(await server.stop()).toBe(0);
    expect(logged(server, "stopping")).toBe(true);
    expect(logged(server, "stopped cleanly")).toBe(true);

    const store = await openStore(database.databaseUrl);
    try {
      const chunks = (await store.listChunks(host.created.sessionId)).filter((chunk) => chunk.runId === runId);
      expect(chunks.flatMap((chunk) => chunk.losses)).toEqual(run.losses.slice(0, 20));
      expect(await store.getSession(host.created.sessionId)).toMatchObject({ status: "running" });
    } finally {
      await store.close();
    }
    for (const socket of [host.socket, dee.socket]) socket.disconnect();
  });
});
