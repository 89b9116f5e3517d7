// What one socket and one address may hold: the bytes a socket keeps waiting, how long a connection may stay without
// a credential, and how many such connections one address may keep. Never at the cost of a connection that carries a
// valid credential: a classroom behind one router shares an address. Real sockets, a real SQLite file, a TestClock.
import { PROTOCOL_VERSION, type ChallengeInput } from "@downhill/core";
import { afterEach, describe, expect, it } from "vitest";
import { CREDENTIAL_DEADLINE_MS, TOO_MANY_WITHOUT_CREDENTIAL } from "../socket/ConnectionsWithoutCredential.ts";
import {
  MAX_BYTES_WAITING,
  MAX_BYTES_WAITING_WITHOUT_CREDENTIAL,
  MAX_EVENTS_WAITING,
} from "../socket/registerHandlers.ts";
import { call, connect, disconnected, expectError, expectOk, httpGet, type TestSocket } from "./clients.ts";
import { newRunId } from "./honestRuns.ts";
import { startServer, type TestServer } from "./servers.ts";
import { createSession, joinStudent } from "./sessions.ts";
import { TestClock } from "./TestClock.ts";

const CHALLENGE: ChallengeInput = { title: "Bounds per address", dataset: "seed-line", model: "linear", epochs: 20 };

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A moment of real time, for events in flight to reach the server (the TestClock does not move meanwhile). */
const settle = (ms = 150) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once `condition` holds, polling; fails after `timeoutMs`. */
async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await settle(10);
  }
}

/** A `run:finish` of 2,048 parameters (the most there may be), about 39 KB of JSON: the largest honest message. */
function largestFinish(): { runId: string; params: number[] } {
  return { runId: newRunId(), params: Array.from({ length: 2_048 }, () => 0.1234567890123456) };
}

/** The length of the JSON of `event` with `payload` and an acknowledgement, as the server counts a waiting event. */
const waitingBytes = (event: string, payload: unknown) => Buffer.byteLength(JSON.stringify([event, payload, null]));

describe("the bytes a socket keeps waiting", () => {
  it("cut a joined socket past MAX_BYTES_WAITING, long before MAX_EVENTS_WAITING, and no one else", async () => {
    const clock = new TestClock();
    server = await startServer({ clock, env: { SOCKET_EVENTS_PER_SECOND: "1" } });
    const host = await createSession(server.url, CHALLENGE);
    const flooder = await joinStudent(server.url, host.created.code, "Flooder");
    const calm = await joinStudent(server.url, host.created.code, "Calm");
    // The bucket full again (two events at once), then the clock stands still: every further event waits.
    clock.advance(2_000);
    const finish = largestFinish();
    const size = waitingBytes("run:finish", finish);
    const fitting = Math.floor(MAX_BYTES_WAITING / size);
    expect(fitting + 1).toBeLessThan(MAX_EVENTS_WAITING);

    const answered: string[] = [];
    const send = () =>
      flooder.socket.emit("run:finish", finish, (ack) => answered.push(ack.ok ? "ok" : ack.error.code));
    for (let i = 0; i < 2 + fitting; i++) send();
    await until(() => answered.length === 2);
    await settle();
    // The burst is answered (no such run); as many as fit in the bound wait, and the socket stays.
    expect(answered).toEqual(["not_found", "not_found"]);
    expect(flooder.socket.connected).toBe(true);

    const gone = disconnected(flooder.socket);
    send();
    expect(await gone).toBe("io server disconnect");
    expect(answered).toHaveLength(2);
    // A classmate on the same address is untouched.
    expectError(await call(calm.socket, "run:cancel", { runId: newRunId() }), "not_found");
    expect(calm.socket.connected).toBe(true);
    for (const socket of [calm.socket, host.socket]) socket.disconnect();
  });

  it("cut a socket without a credential past MAX_BYTES_WAITING_WITHOUT_CREDENTIAL: one large event waiting", async () => {
    const clock = new TestClock();
    server = await startServer({ clock, env: { SOCKET_EVENTS_PER_SECOND: "1" } });
    const stranger = await connect(server.url);
    const finish = largestFinish();
    expect(waitingBytes("run:finish", finish)).toBeGreaterThan(MAX_BYTES_WAITING_WITHOUT_CREDENTIAL);
    const cancel = { runId: newRunId() };
    // Two small events spend the burst; a third small one may wait; a large one past the bound cuts the socket.
    for (let i = 0; i < 2; i++) expectError(await call(stranger, "run:cancel", cancel), "not_joined");
    const waiting = call(stranger, "run:cancel", cancel, 2_000).catch(() => "unanswered");
    await settle();
    expect(stranger.connected).toBe(true);
    const gone = disconnected(stranger);
    stranger.emit("run:finish", finish, () => undefined);
    expect(await gone).toBe("io server disconnect");
    expect(await waiting).toBe("unanswered");
  });
});

describe("connections without a credential", () => {
  it("are closed after CREDENTIAL_DEADLINE_MS, but never a joined one, nor one whose join is held: it gets in", async () => {
    const clock = new TestClock();
    // Three joins at once from the address, then one a minute: a join past them is held for longer than the deadline.
    server = await startServer({
      clock,
      env: {
        JOINS_PER_ADDRESS_BURST: "3",
        JOINS_PER_ADDRESS_PER_MINUTE: "1",
        CONNECTIONS_WITHOUT_CREDENTIAL_PER_ADDRESS: "10",
      },
    });
    const host = await createSession(server.url, CHALLENGE);
    const { code } = host.created;
    const join = (socket: TestSocket, name: string, codeSent = code) =>
      call(socket, "student:join", { code: codeSent, name, protocolVersion: PROTOCOL_VERSION }, 10_000);
    const ada = await joinStudent(server.url, code, "Ada");
    const idle = await connect(server.url);
    const guesser = await connect(server.url);
    expectError(await join(guesser, "Guess", "ZZZZZZ"), "not_found");
    const bob = await joinStudent(server.url, code, "Bob");
    // The address has no join left: Cy's join (a right code) is held, and behind it a wrong one.
    const cy = await connect(server.url);
    const cyJoined = join(cy, "Cy");
    const late = await connect(server.url);
    const lateAnswer = join(late, "Late", "ZZZZZZ");
    await settle();

    const idleGone = disconnected(idle, 10_000);
    const guesserGone = disconnected(guesser, 10_000);
    clock.advance(CREDENTIAL_DEADLINE_MS - 1);
    await settle();
    for (const socket of [idle, guesser, cy, late]) expect(socket.connected).toBe(true);
    clock.advance(1);
    // Closed as a network drop closes a connection, so that a page reconnects by itself.
    expect(await idleGone).toBe("transport close");
    expect(await guesserGone).toBe("transport close");
    await settle();
    for (const socket of [cy, late, ada.socket, bob.socket, host.socket]) expect(socket.connected).toBe(true);

    // A minute after the burst the address has a join again: Cy's, held past the deadline, gets in and stays.
    clock.advance(60_000 - CREDENTIAL_DEADLINE_MS);
    expect(expectOk(await cyJoined).name).toBe("Cy");
    // The wrong code behind it is answered, then its connection, past its deadline, is closed.
    const lateGone = disconnected(late, 10_000);
    clock.advance(60_000);
    expectError(await lateAnswer, "not_found");
    expect(await lateGone).toBe("transport close");

    clock.advance(10 * CREDENTIAL_DEADLINE_MS);
    await settle();
    for (const socket of [cy, ada.socket, bob.socket, host.socket]) expect(socket.connected).toBe(true);
    expectError(await call(cy, "run:cancel", { runId: newRunId() }), "not_found");
    expectOk(await host.command({ type: "lock" }));
    for (const socket of [cy, ada.socket, bob.socket, host.socket]) socket.disconnect();
  });

  it("are at most CONNECTIONS_WITHOUT_CREDENTIAL_PER_ADDRESS per address; connections with one never count", async () => {
    const limit = 3;
    server = await startServer({ env: { CONNECTIONS_WITHOUT_CREDENTIAL_PER_ADDRESS: String(limit) } });
    const host = await createSession(server.url, CHALLENGE);
    const { code } = host.created;
    // Twice as many students as the limit, each joined with the right code: none counts, none is refused.
    const students = [];
    for (let i = 0; i < 2 * limit; i++) students.push(await joinStudent(server.url, code, `Pupil ${i}`));

    const waiting = await Promise.all(Array.from({ length: limit }, () => connect(server!.url)));
    await expect(connect(server.url)).rejects.toThrow();
    // What a hand-written client reads: the handshake's 403 says why.
    const refused = await httpGet(server.url, "/socket.io/?EIO=4&transport=polling");
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.text)).toMatchObject({ message: TOO_MANY_WITHOUT_CREDENTIAL });

    // Every credentialed socket of the address carries on meanwhile: a rejoin with a token, a host command.
    const back = await Promise.all(
      students.map((student) =>
        call(student.socket, "student:join", {
          code,
          name: "ignored",
          studentToken: student.joined.studentToken,
          protocolVersion: PROTOCOL_VERSION,
        }),
      ),
    );
    expect(back.filter((ack) => !ack.ok)).toEqual([]);
    expectOk(await host.command({ type: "start" }));

    // One of the waiting joins with the right code: it no longer counts, and the next connection is admitted.
    expectOk(await call(waiting[0]!, "student:join", { code, name: "Proved", protocolVersion: PROTOCOL_VERSION }));
    const next = await connect(server.url);
    await expect(connect(server.url)).rejects.toThrow();
    // One that closes frees its place too.
    waiting[1]!.disconnect();
    await settle();
    const after = await connect(server.url);
    for (const socket of [...waiting, next, after, host.socket, ...students.map((s) => s.socket)]) {
      socket.disconnect();
    }
  });
});
