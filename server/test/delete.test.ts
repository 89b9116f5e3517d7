// Instructors can delete: a past session and everything of its students go, over the HTTP API or after
// RETENTION_DAYS, from the database and from the server's memory.
import { PROTOCOL_VERSION, type ChallengeInput } from "@downhill/core";
import { afterEach, describe, expect, it } from "vitest";
import { call, connect, expectError, expectOk, httpGet } from "./clients.ts";
import { honestRun, playRun } from "./honestRuns.ts";
import { startServer, type TestServer } from "./servers.ts";
import { createSession, joinStudent } from "./sessions.ts";
import { TestClock } from "./TestClock.ts";

const CHALLENGE: ChallengeInput = { title: "To forget", dataset: "seed-line", model: "linear", epochs: 20 };
const KEY = "delete-instructor-key-0123456789";
const DAY_MS = 24 * 3600 * 1000;
const HOUR_MS = 3600 * 1000;

let server: TestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

async function eventually(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Everything the store holds of a session, counted. */
async function stored(store: TestServer["store"], sessionId: string) {
  return {
    session: (await store.getSession(sessionId)) !== null,
    students: (await store.listStudents(sessionId)).length,
    runs: (await store.listRuns(sessionId)).length,
    chunks: (await store.listChunks(sessionId)).length,
    events: (await store.listEvents(sessionId)).length,
  };
}

describe("DELETE /api/sessions/:id", () => {
  it("deletes an ended session and everything of its students for its instructor only, and refuses a live one", async () => {
    server = await startServer();
    const host = await createSession(server.url, CHALLENGE, KEY);
    const { sessionId, code, hostToken, shareToken } = host.created;
    expectOk(await host.command({ type: "start" }));
    const ada = await joinStudent(server.url, code, "Ada");
    await playRun(ada.socket, honestRun(CHALLENGE, { optimizer: "sgd", lr: 0.05, epochs: 20, batchSize: "full" }));
    const path = `/api/sessions/${sessionId}`;
    const remove = (headers: Record<string, string> = {}, query = "") =>
      httpGet(server!.url, `${path}${query}`, { method: "DELETE", headers });

    const live = await remove(bearer(KEY));
    expect(live.status).toBe(409);
    expect(JSON.parse(live.text)).toMatchObject({ error: { code: "invalid_state" } });
    expectOk(await host.command({ type: "end" }));

    // Neither a share link, another instructor nor a stranger may delete, and they learn nothing.
    for (const attempt of [
      await remove({}, `?share=${shareToken}`),
      await remove(bearer("someone-else-key-0123456789")),
      await remove(),
    ]) {
      expect(attempt.status).toBe(404);
      expect(JSON.parse(attempt.text)).toMatchObject({ error: { code: "not_found" } });
    }
    expect((await stored(server.store, sessionId)).runs).toBe(1);

    const deleted = await remove(bearer(KEY));
    expect(deleted.status).toBe(200);
    expect(JSON.parse(deleted.text)).toEqual({ deleted: true });
    expect(await stored(server.store, sessionId)).toEqual({
      session: false,
      students: 0,
      runs: 0,
      chunks: 0,
      events: 0,
    });
    expect(server.app.classroom.get(sessionId)).toBeUndefined();
    expect((await httpGet(server.url, path, { headers: bearer(KEY) })).status).toBe(404);
    expect(JSON.parse((await httpGet(server.url, "/api/sessions", { headers: bearer(KEY) })).text)).toEqual({
      sessions: [],
    });
    expect((await remove(bearer(KEY))).status).toBe(404);

    // Nothing reaches it through the sockets either.
    const socket = await connect(server.url);
    expectError(await call(socket, "host:attach", { code, hostToken, protocolVersion: PROTOCOL_VERSION }), "not_found");
    const rejoin = { code, name: "Ada", studentToken: ada.joined.studentToken, protocolVersion: PROTOCOL_VERSION };
    expectError(await call(socket, "student:join", rejoin), "not_found");
    for (const s of [socket, ada.socket, host.socket]) s.disconnect();
  });
});

describe("RETENTION_DAYS", () => {
  it("deletes sessions ended longer ago than that on a timer, and keeps the newer and the live ones", async () => {
    const clock = new TestClock();
    server = await startServer({ clock, env: { RETENTION_DAYS: "1" } });
    const old = await createSession(server.url, CHALLENGE, KEY);
    expectOk(await old.command({ type: "start" }));
    const ada = await joinStudent(server.url, old.created.code, "Ada");
    await playRun(ada.socket, honestRun(CHALLENGE, { optimizer: "sgd", lr: 0.05, epochs: 20, batchSize: "full" }));
    expectOk(await old.command({ type: "end" }));
    const lobby = await createSession(server.url, CHALLENGE, KEY);

    clock.advance(DAY_MS - HOUR_MS);
    const newer = await createSession(server.url, CHALLENGE, KEY);
    expectOk(await newer.command({ type: "end" }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await stored(server.store, old.created.sessionId)).session).toBe(true);

    clock.advance(2 * HOUR_MS);
    const store = server.store;
    await eventually(async () => (await store.getSession(old.created.sessionId)) === null);
    expect(await stored(store, old.created.sessionId)).toEqual({
      session: false,
      students: 0,
      runs: 0,
      chunks: 0,
      events: 0,
    });
    expect((await stored(store, newer.created.sessionId)).session).toBe(true);
    expect((await stored(store, lobby.created.sessionId)).session).toBe(true);
    for (const s of [ada.socket, old.socket, lobby.socket, newer.socket]) s.disconnect();
  });

  it("unset, keeps ended sessions forever", async () => {
    const clock = new TestClock();
    server = await startServer({ clock });
    const host = await createSession(server.url, CHALLENGE, KEY);
    expectOk(await host.command({ type: "end" }));
    clock.advance(1_000 * DAY_MS);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await stored(server.store, host.created.sessionId)).session).toBe(true);
    host.socket.disconnect();
  });
});
