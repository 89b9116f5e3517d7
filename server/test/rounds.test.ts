// Another round with the same class: the host's `newRound` command, over real sockets and a real database.
import Database from "better-sqlite3";
import { PROTOCOL_VERSION, type ChallengeInput, type RunConfigInput, type SessionResults } from "@downhill/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, connect, disconnected, expectError, expectOk, httpGet, rawCall } from "./clients.ts";
import { honestRun, newRunId, playRun, sendProgress } from "./honestRuns.ts";
import { spawnServer, startServer, tempDatabase, type TestServer } from "./servers.ts";
import { createSession, type Host, joinStudent } from "./sessions.ts";
import { MAX_ROUNDS } from "../live/LiveSession.ts";
import { INVALID_DISCONNECT_AFTER } from "../socket/registerHandlers.ts";
import type { ServerProcess } from "./serverProcess.ts";

const ROUND_ONE: ChallengeInput = { dataset: "seed-line", model: "linear", epochs: 60, attempts: 2 };
const ROUND_TWO: ChallengeInput = {
  title: "Round two",
  dataset: "line",
  model: "linear",
  epochs: 40,
  attempts: 3,
  timeLimitSeconds: 600,
};
const config = (lr: number, epochs: number): RunConfigInput => ({ optimizer: "sgd", lr, epochs, batchSize: "full" });

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server.close();
});

describe("newRound", () => {
  it("is refused until the round has ended, then starts round 2 in the lobby with the same students", async () => {
    const host = await createSession(server.url, ROUND_ONE);
    const { code } = host.created;
    const ada = await joinStudent(server.url, code, "Ada");
    const ben = await joinStudent(server.url, code, "Ben");
    expectOk(await host.command({ type: "start" }));
    const played = await playRun(ada.socket, honestRun(ROUND_ONE, config(0.05, 60)));
    expect(played.status).toBe("verified");
    expectOk(await host.command({ type: "kick", studentId: ben.joined.studentId }));

    const early = expectError(await host.command({ type: "newRound", challenge: ROUND_TWO }), "invalid_state");
    expect(early.message).toMatch(/once this one has ended/);

    expectOk(await host.command({ type: "end" }));
    expectOk(await host.command({ type: "reveal" }));
    const { state } = expectOk(await host.command({ type: "newRound", challenge: ROUND_TWO }));
    expect(state).toMatchObject({
      code,
      round: 2,
      status: "lobby",
      revealed: false,
      remainingMs: 600_000,
      challenge: { title: "Round two", epochs: 40, attempts: 3 },
    });
    // A kicked student is no longer counted, in round 2 as in round 1.
    expect(state.counts).toMatchObject({ students: 1, verified: 0, running: 0 });

    // The same token opens round 2, under its challenge, with every attempt of it left.
    const adaBack = await joinStudent(server.url, code, "Ada", ada.joined.studentToken);
    expect(adaBack.joined.studentId).toBe(ada.joined.studentId);
    expect(adaBack.joined.state).toMatchObject({ round: 2, challenge: { title: "Round two", epochs: 40 } });
    expect(adaBack.joined.runs).toEqual([]);
    expect(adaBack.joined.attemptsLeft).toBe(3);
    // A kick stays a kick.
    const benSocket = await connect(server.url);
    const benBack = await call(benSocket, "student:join", {
      code,
      name: "Ben",
      studentToken: ben.joined.studentToken,
      protocolVersion: PROTOCOL_VERSION,
    });
    expectError(benBack, "kicked");

    expectOk(await host.command({ type: "start" }));
    // Round 1's rules no longer hold: its epoch budget is over round 2's.
    const oldRules = await call(adaBack.socket, "run:start", {
      runId: newRunId(),
      config: honestRun(ROUND_ONE, config(0.05, 60)).config,
    });
    expectError(oldRules, "rule_violation");
    const finished = await playRun(adaBack.socket, honestRun(ROUND_TWO, config(0.05, 40)));
    expect(finished.status).toBe("verified");
    const second = await joinStudent(server.url, code, "Ada", ada.joined.studentToken);
    expect(second.joined.runs.map((run) => run.attempt)).toEqual([1]);
    expect(second.joined.attemptsLeft).toBe(2);
    for (const socket of [host.socket, ada.socket, ben.socket, benSocket, adaBack.socket, second.socket]) {
      socket.disconnect();
    }
  });

  it("a run started in round 1 cannot go on in round 2", async () => {
    const host = await createSession(server.url, ROUND_ONE);
    const { code } = host.created;
    const ada = await joinStudent(server.url, code, "Ada");
    expectOk(await host.command({ type: "start" }));
    const run = honestRun(ROUND_ONE, config(0.05, 60));
    const runId = newRunId();
    expectOk(await call(ada.socket, "run:start", { runId, config: run.config }));
    await sendProgress(ada.socket, runId, run.losses.slice(0, 20), 10);
    expectOk(await host.command({ type: "end" }));
    expectOk(await host.command({ type: "newRound", challenge: ROUND_ONE }));
    expectOk(await host.command({ type: "start" }));

    const more = await call(ada.socket, "run:progress", {
      runId,
      seq: 2,
      fromEpoch: 20,
      losses: run.losses.slice(20, 30),
    });
    expect(expectError(more, "not_found").message).toMatch(/this round/);
    expectError(await call(ada.socket, "run:finish", { runId, params: run.params }), "not_found");
    // Its id stays taken: a start again is refused, not turned into a round-2 run.
    expectError(await call(ada.socket, "run:start", { runId, config: run.config }), "forbidden");
    const stored = (await server.store.listRuns(host.created.sessionId)).find((found) => found.id === runId);
    expect(stored).toMatchObject({ round: 1, status: "unfinished" });
    host.socket.disconnect();
    ada.socket.disconnect();
  });

  it("refuses a challenge as POST /api/sessions does: invalid_challenge with its fields, or its reason", async () => {
    const host = await createSession(server.url, ROUND_ONE);
    expectOk(await host.command({ type: "end" }));
    const fields = expectError(
      await host.command({ type: "newRound", challenge: { ...ROUND_TWO, epochs: 1_000_000 } }),
      "invalid_challenge",
    );
    expect(fields.message).toBe("The epoch budget must be at most 10000 epochs.");
    expect(fields.fields).toEqual([{ field: "epochs", message: "The epoch budget must be at most 10000 epochs." }]);
    const cannotRun = expectError(
      await host.command({
        type: "newRound",
        challenge: { dataset: { name: "line", testFraction: 0 }, scoring: "test" },
      }),
      "invalid_challenge",
    );
    expect(cannotRun.message).toMatch(/no test split/);
    // Nothing changed: still round 1, ended.
    const { state } = expectOk(await call(host.socket, "host:attach", attachOf(host)));
    expect(state).toMatchObject({ round: 1, status: "ended" });
    host.socket.disconnect();
  });
  it("refuses a round past MAX_ROUNDS: a session cannot grow without end, a stored challenge per round", async () => {
    const host = await createSession(server.url, ROUND_ONE);
    for (let round = 2; round <= MAX_ROUNDS; round++) {
      expectOk(await host.command({ type: "end" }));
      expectOk(await host.command({ type: "newRound", challenge: ROUND_ONE }));
    }
    expectOk(await host.command({ type: "end" }));
    const refused = expectError(await host.command({ type: "newRound", challenge: ROUND_ONE }), "invalid_state");
    expect(refused.message).toMatch(new RegExp(`at most ${MAX_ROUNDS} rounds`));
    expect(await server.store.listRounds(host.created.sessionId)).toHaveLength(MAX_ROUNDS - 1);
    host.socket.disconnect();
  });

  it("checks a challenge field by field only for an attached host: from any other socket it is garbage", async () => {
    const host = await createSession(server.url, ROUND_ONE);
    const stranger = await connect(server.url);
    const gone = disconnected(stranger);
    const garbage = {
      code: host.created.code,
      hostToken: "not-the-host-token-at-all-0123456789",
      command: { type: "newRound", challenge: { ...ROUND_TWO, epochs: 1_000_000 } },
    };
    for (let i = 0; i < INVALID_DISCONNECT_AFTER; i++) {
      expect(await rawCall(stranger, "host:command", garbage)).toMatchObject({
        ok: false,
        error: { code: "invalid_payload" },
      });
    }
    expect(await gone).toBe("io server disconnect");
    host.socket.disconnect();
  });
});

describe("the results of a session of several rounds", () => {
  it("serve each round with its challenge, runs, boards and events; by default the current round", async () => {
    const host = await createSession(server.url, ROUND_ONE);
    const { code, sessionId, instructorKey } = host.created;
    const ada = await joinStudent(server.url, code, "Ada");
    expectOk(await host.command({ type: "start" }));
    const first = await playRun(ada.socket, honestRun(ROUND_ONE, config(0.05, 60)));
    expectOk(await host.command({ type: "end" }));
    expectOk(await host.command({ type: "reveal" }));
    expectOk(await host.command({ type: "newRound", challenge: ROUND_TWO }));
    expectOk(await host.command({ type: "start" }));
    const second = await playRun(ada.socket, honestRun(ROUND_TWO, config(0.05, 40)));

    const results = async (query: string) => {
      const answer = await httpGet(server.url, `/api/sessions/${sessionId}${query}`, {
        headers: { authorization: `Bearer ${instructorKey}` },
      });
      return { status: answer.status, body: JSON.parse(answer.text) as SessionResults };
    };
    const one = (await results("?round=1")).body;
    expect(one.session).toMatchObject({
      round: 1,
      rounds: 2,
      status: "ended",
      revealed: true,
      title: "Race to the bottom",
    });
    expect(one.session.challenge.epochs).toBe(60);
    expect(one.runs.map((run) => [run.runId, run.attempt])).toEqual([[first.runId, 1]]);
    expect(one.leaderboards.train.map((entry) => entry.runId)).toEqual([first.runId]);
    expect(one.events.map((event) => event.kind)).not.toContain("round");

    const two = (await results("")).body;
    expect(two.session).toMatchObject({ round: 2, rounds: 2, status: "running", revealed: false, title: "Round two" });
    expect(two.runs.map((run) => [run.runId, run.attempt])).toEqual([[second.runId, 1]]);
    expect(two.events[0]).toMatchObject({ kind: "round", data: { round: 2 } });
    expect((await results("?round=2")).body).toEqual(two);

    const none = await results("?round=3");
    expect(none.status).toBe(404);
    for (const malformed of ["?round=two", "?round=", "?round=1.5", "?round=0x2"]) {
      const answer = await httpGet(server.url, `/api/sessions/${sessionId}${malformed}`, {
        headers: { authorization: `Bearer ${instructorKey}` },
      });
      expect(answer.status).toBe(400);
      const { error } = JSON.parse(answer.text) as { error: { code: string; message: string } };
      expect(error.code).toBe("invalid_payload");
      expect(error.message).toMatch(/whole number/);
    }
    const csv = await httpGet(server.url, `/api/sessions/${sessionId}/export.csv?round=1`, {
      headers: { authorization: `Bearer ${instructorKey}` },
    });
    expect(csv.text).toContain(first.runId);
    expect(csv.text).not.toContain(second.runId);
    host.socket.disconnect();
    ada.socket.disconnect();
  });
});

describe("a past round whose stored record is missing", () => {
  it("is answered 404 naming the round, never shown under the current round's challenge", async () => {
    const host = await createSession(server.url, ROUND_ONE);
    const { sessionId, instructorKey } = host.created;
    expectOk(await host.command({ type: "start" }));
    expectOk(await host.command({ type: "end" }));
    expectOk(await host.command({ type: "newRound", challenge: ROUND_TWO }));
    // As a database restored from an incomplete backup would hold it: the session in round 2, round 1's record gone.
    const sqlite = new Database(server.databaseUrl.slice("file:".length));
    const removed = sqlite.prepare(`DELETE FROM "SessionRound" WHERE "sessionId" = ? AND round = 1`).run(sessionId);
    sqlite.close();
    expect(removed.changes).toBe(1);

    const auth = { headers: { authorization: `Bearer ${instructorKey}` } };
    for (const path of ["?round=1", "/export.csv?round=1", "/curves.csv?round=1"]) {
      const answer = await httpGet(server.url, `/api/sessions/${sessionId}${path}`, auth);
      expect(answer.status, path).toBe(404);
      expect(JSON.parse(answer.text), path).toEqual({
        error: {
          code: "not_found",
          message:
            "round 1 of this session has no stored record (its challenge is missing from the database), so its results cannot be shown",
        },
      });
    }
    // The current round is still served.
    const current = await httpGet(server.url, `/api/sessions/${sessionId}`, auth);
    expect(current.status).toBe(200);
    expect((JSON.parse(current.text) as SessionResults).session).toMatchObject({ round: 2, title: "Round two" });
    host.socket.disconnect();
  });
});

describe("a restart in round 2", () => {
  const database = tempDatabase();
  const spawned: ServerProcess[] = [];
  const spawn = async () => {
    const process = await spawnServer(database.databaseUrl);
    spawned.push(process);
    return process;
  };

  afterAll(async () => {
    for (const process of spawned) await process.kill();
    database.remove();
  });

  it("restores round 2: its challenge, its runs only, and a run under way finishes under its rules", async () => {
    const first = await spawn();
    const host = await createSession(first.url, ROUND_ONE);
    const { code, hostToken } = host.created;
    const ada = await joinStudent(first.url, code, "Ada");
    expectOk(await host.command({ type: "start" }));
    await playRun(ada.socket, honestRun(ROUND_ONE, config(0.05, 60)));
    expectOk(await host.command({ type: "end" }));
    expectOk(await host.command({ type: "newRound", challenge: ROUND_TWO }));
    expectOk(await host.command({ type: "start" }));
    const run = honestRun(ROUND_TWO, config(0.05, 40));
    const runId = newRunId();
    expectOk(await call(ada.socket, "run:start", { runId, config: run.config }));
    await sendProgress(ada.socket, runId, run.losses.slice(0, 20), 10);

    expect(await first.kill()).toBe("SIGKILL");
    host.socket.disconnect();
    ada.socket.disconnect();

    const second = await spawn();
    const hostSocket = await connect(second.url);
    const attached = expectOk(
      await call(hostSocket, "host:attach", { code, hostToken, protocolVersion: PROTOCOL_VERSION }),
    );
    expect(attached.state).toMatchObject({ round: 2, status: "running", challenge: { title: "Round two" } });
    expect(attached.state.counts).toMatchObject({ students: 1, running: 1, verified: 0 });

    const back = await joinStudent(second.url, code, "Ada", ada.joined.studentToken);
    expect(back.joined.runs).toEqual([
      expect.objectContaining({ runId, attempt: 1, status: "running", epochsStored: 20 }),
    ]);
    expect(back.joined.attemptsLeft).toBe(2);
    await sendProgress(back.socket, runId, run.losses, 10, 2);
    const finished = expectOk(await call(back.socket, "run:finish", { runId, params: run.params }));
    expect(finished).toMatchObject({ status: "verified", trainLoss: run.trainLoss });
    hostSocket.disconnect();
    back.socket.disconnect();
    // Two server processes start, one after the other: more than the default timeout on a loaded machine.
  }, 120_000);
});

// ---- helpers of this file ----

function attachOf(host: Host) {
  return { code: host.created.code, hostToken: host.created.hostToken, protocolVersion: PROTOCOL_VERSION };
}
