// Bounded time and memory: a round cannot be extended past the longest time limit, and an ended session leaves
// memory after its grace period while its host, its students and the API can still reach it through the store.
import { PROTOCOL_VERSION, type ChallengeInput } from "@downhill/core";
import { afterEach, describe, expect, it } from "vitest";
import { MAX_REMAINING_MS } from "../live/LiveSession.ts";
import { call, connect, expectError, expectOk, httpGet } from "./clients.ts";
import { honestRun, playRun } from "./honestRuns.ts";
import { startServer, type TestServer } from "./servers.ts";
import { createSession, joinStudent } from "./sessions.ts";
import { TestClock } from "./TestClock.ts";

const CHALLENGE: ChallengeInput = { title: "Bounds", dataset: "seed-line", model: "linear", epochs: 20 };
const INSTRUCTOR_KEY = "bounds-instructor-key-0123456789";
const GRACE_SECONDS = 600;

let server: TestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Resolves once `check` holds, polling: dropping a session waits for its queued work first. */
async function eventually(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("extending a round", () => {
  it("refuses an extension that would leave more than 4 h, running or paused, and keeps the round going", async () => {
    const clock = new TestClock();
    server = await startServer({ clock });
    const host = await createSession(server.url, { ...CHALLENGE, timeLimitSeconds: 600 });
    expectOk(await host.command({ type: "start" }));
    expectOk(await host.command({ type: "extend", seconds: 7_200 }));
    const refused = expectError(await host.command({ type: "extend", seconds: 7_200 }), "invalid_state");
    expect(refused.message).toBe("a round may have at most 4 h left; it has 130 min, so extend by at most 6600 s");
    // Up to the maximum exactly is fine; not a second more.
    const full = expectOk(await host.command({ type: "extend", seconds: 6_600 })).state;
    expect(full.remainingMs).toBe(MAX_REMAINING_MS);
    expectError(await host.command({ type: "extend", seconds: 10 }), "invalid_state");

    expectOk(await host.command({ type: "pause" }));
    expectError(await host.command({ type: "extend", seconds: 10 }), "invalid_state");
    expectOk(await host.command({ type: "resume" }));
    clock.advance(MAX_REMAINING_MS - 1_000);
    expect((await server.store.getSession(host.created.sessionId))!.status).toBe("running");
    clock.advance(1_000);
    await eventually(() => server!.app.classroom.get(host.created.sessionId)?.status === "ended");
    host.socket.disconnect();
  });
});

describe("ended sessions in memory", () => {
  it("drops an ended session after its grace period; the host can still attach, reveal and read it", async () => {
    const clock = new TestClock();
    server = await startServer({ clock, env: { ENDED_SESSION_GRACE_SECONDS: String(GRACE_SECONDS) } });
    const { classroom } = server.app;
    const host = await createSession(server.url, CHALLENGE, INSTRUCTOR_KEY);
    const { code, hostToken, sessionId } = host.created;
    expectOk(await host.command({ type: "start" }));
    const ada = await joinStudent(server.url, code, "Ada");
    const finished = await playRun(
      ada.socket,
      honestRun(CHALLENGE, { optimizer: "sgd", lr: 0.05, epochs: 20, batchSize: "full" }),
    );
    expect(finished.status).toBe("verified");
    expectOk(await host.command({ type: "end" }));

    clock.advance(GRACE_SECONDS * 1000 - 1);
    expect(classroom.get(sessionId)).toBeDefined();
    clock.advance(1);
    await eventually(() => classroom.get(sessionId) === undefined);
    expect([...classroom.sessions()]).toHaveLength(0);

    // Needed again: loaded back from the store.
    const projector = await connect(server.url);
    const attached = expectOk(
      await call(projector, "host:attach", { code, hostToken, protocolVersion: PROTOCOL_VERSION }),
    );
    expect(attached.state.status).toBe("ended");
    const revealed = expectOk(
      await call(projector, "host:command", { code, hostToken, command: { type: "reveal" } }),
    ).state;
    expect(revealed.revealed).toBe(true);
    const back = await joinStudent(server.url, code, "Ada", ada.joined.studentToken);
    expect(back.joined.runs.map((run) => run.status)).toEqual(["verified"]);
    const results = await httpGet(server.url, `/api/sessions/${sessionId}`, {
      headers: { authorization: `Bearer ${INSTRUCTOR_KEY}` },
    });
    expect(results.status).toBe(200);
    expect(JSON.parse(results.text)).toMatchObject({ session: { status: "ended", revealed: true } });

    // Loaded again, it leaves again after another grace period.
    clock.advance(GRACE_SECONDS * 1000);
    await eventually(() => classroom.get(sessionId) === undefined);
    for (const socket of [projector, back.socket, ada.socket, host.socket]) socket.disconnect();
  });
});

describe("ended sessions in memory, over several rounds", () => {
  it("keeps a session whose second round ended for a whole grace period from that end, not from the first's", async () => {
    const clock = new TestClock();
    server = await startServer({ clock, env: { ENDED_SESSION_GRACE_SECONDS: String(GRACE_SECONDS) } });
    const { classroom } = server.app;
    const host = await createSession(server.url, CHALLENGE, INSTRUCTOR_KEY);
    const { sessionId } = host.created;
    expectOk(await host.command({ type: "end" }));
    clock.advance(GRACE_SECONDS * 1000 - 10_000);
    expectOk(await host.command({ type: "newRound", challenge: CHALLENGE }));
    expectOk(await host.command({ type: "end" }));

    // Round 1's grace period is over; round 2 ended only 10 s ago.
    clock.advance(10_000);
    const session = classroom.get(sessionId);
    await session?.idle();
    await new Promise((resolve) => setImmediate(resolve));
    expect(session).toBeDefined();
    expect(classroom.get(sessionId) === session).toBe(true);

    clock.advance(GRACE_SECONDS * 1000 - 10_000);
    await eventually(() => classroom.get(sessionId) === undefined);
    host.socket.disconnect();
  });
});
