// What a classroom full of curious students (and the open internet) will try: kicks, floods, guessing codes and
// tokens, reusing names, joining a locked session, and poking at the HTTP API.
import { JOIN_CODE_ALPHABET, PROTOCOL_VERSION, type Ack, type ChallengeInput } from "@downhill/core";
import type { Socket } from "socket.io-client";
import { describe, expect, it } from "vitest";
import { JOIN_BURST, MAX_EVENTS_WAITING, MAX_JOINS_WAITING } from "../socket/registerHandlers.ts";
import { call, connect, disconnected, expectError, expectOk, httpGet, type TestSocket, waitFor } from "./clients.ts";
import { honestRun, newRunId, playRun, sendProgress } from "./honestRuns.ts";
import { startServer } from "./servers.ts";
import { createSession, joinStudent, runningSession } from "./sessions.ts";
import { TestClock } from "./TestClock.ts";

const CHALLENGE: ChallengeInput = { title: "Abuse, politely", dataset: "seed-line", model: "linear", epochs: 30 };
const run = (lr: number) => honestRun(CHALLENGE, { optimizer: "sgd", lr, epochs: 30, batchSize: "full" });
const INSTRUCTOR_KEY = "instructor-key-0123456789abcdef";

// Time stands still unless a test moves it: rate limits refill only when a test says so, never with the load.
const { server, host } = runningSession(CHALLENGE, { clock: new TestClock(), instructorKey: INSTRUCTOR_KEY });

describe("kicking", () => {
  it("tells and disconnects the student, bars their token, and drops their runs from the leaderboard", async () => {
    const ada = await joinStudent(server.url, host.created.code, "KickAda");
    const ben = await joinStudent(server.url, host.created.code, "KickBen");
    await playRun(ada.socket, run(0.03));
    const benRun = await playRun(ben.socket, run(0.05));
    await waitFor(host.socket, "leaderboard:update", (view) => view.entries.some((e) => e.runId === benRun.runId));

    const gone = disconnected(ben.socket);
    const { studentId } = ben.joined;
    expectOk(await host.command({ type: "kick", studentId }));
    const notice = await waitFor(ben.socket, "student:kicked");
    expect(notice.message).toContain("removed");
    expect(await gone).toBe("io server disconnect");

    const board = await waitFor(host.socket, "leaderboard:update", (view) =>
      view.entries.every((entry) => entry.studentId !== studentId),
    );
    expect(board.entries.some((entry) => entry.studentId === ada.joined.studentId)).toBe(true);
    const chart = await waitFor(host.socket, "chart:update");
    expect(chart.runs.some((entry) => entry.studentId === studentId)).toBe(false);
    const roster = await waitFor(host.socket, "roster:update", (view) =>
      view.students.some((entry) => entry.studentId === studentId && entry.kicked),
    );
    expect(roster.students.find((entry) => entry.studentId === studentId)!.connected).toBe(false);

    const socket = await connect(server.url);
    const refused = expectError(
      await call(socket, "student:join", {
        code: host.created.code,
        name: "KickBen",
        studentToken: ben.joined.studentToken,
        protocolVersion: PROTOCOL_VERSION,
      }),
      "kicked",
    );
    expect(refused.message).toBe(
      "the instructor removed you from this session; this student token cannot join it again",
    );
    // The token decides, not the name: a new name sent with the kicked token is refused too, and adds nobody.
    expectError(
      await call(socket, "student:join", {
        code: host.created.code,
        name: "NotBenAtAll",
        studentToken: ben.joined.studentToken,
        protocolVersion: PROTOCOL_VERSION,
      }),
      "kicked",
    );
    const after = await waitFor(host.socket, "roster:update");
    expect(after.students.some((entry) => entry.name === "NotBenAtAll")).toBe(false);
    expectOk(await host.command({ type: "kick", studentId }));
    expectError(await host.command({ type: "kick", studentId: "no-such-student" }), "not_found");
    socket.disconnect();
    ada.socket.disconnect();
  });
});

describe("rate limits", () => {
  /** Tries `count` unknown codes on the socket; each answers not_found. */
  async function guessWrong(socket: TestSocket, count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const code = `ZZZZ${JOIN_CODE_ALPHABET[i]!}${JOIN_CODE_ALPHABET[i + 1]!}`;
      const ack = await call(socket, "student:join", { code, name: "Guesser", protocolVersion: PROTOCOL_VERSION });
      expectError(ack, "not_found");
    }
  }

  const joinAs = (socket: TestSocket, code: string, name: string) =>
    call(socket, "student:join", { code, name, protocolVersion: PROTOCOL_VERSION });

  it("answers a connection over its guessing limit rate_limited and cuts it, but still takes the right code", async () => {
    const strict = await startServer({ env: { JOIN_FAILURES_PER_MINUTE: "5" } });
    try {
      const room = await createSession(strict.url, CHALLENGE);
      const guesser = await connect(strict.url);
      await guessWrong(guesser, 5);
      // Past the limit the right code still gets in: a guessing limit never refuses a valid credential.
      expectOk(await joinAs(guesser, room.created.code, "Guesser"));
      const persistent = await connect(strict.url);
      await guessWrong(persistent, 5);
      const gone = disconnected(persistent);
      const refused = expectError(await joinAs(persistent, "ZZZZZZ", "Persistent"), "rate_limited");
      expect(refused.message).toBe("too many wrong codes from this page; wait a minute");
      expect(await gone).toBe("io server disconnect");
      // A classmate on the same network (the same address) still gets in.
      const neighbour = await connect(strict.url);
      expectOk(await joinAs(neighbour, room.created.code, "Neighbour"));
      for (const s of [guesser, neighbour, room.socket]) s.disconnect();
    } finally {
      await strict.close();
    }
  });

  it("an address over its guessing limit still lets in the right code, a valid student token and the host", async () => {
    const strict = await startServer({
      env: { JOIN_FAILURES_PER_MINUTE: "5", JOIN_FAILURES_PER_ADDRESS_PER_MINUTE: "6" },
    });
    try {
      const room = await createSession(strict.url, CHALLENGE);
      const ada = await joinStudent(strict.url, room.created.code, "Ada");
      ada.socket.disconnect();
      const first = await connect(strict.url);
      const second = await connect(strict.url);
      await guessWrong(first, 3);
      await guessWrong(second, 3);

      const late = await connect(strict.url);
      expectOk(await joinAs(late, room.created.code, "Late"));
      const back = await joinStudent(strict.url, room.created.code, "Ada", ada.joined.studentToken);
      expect(back.joined.studentId).toBe(ada.joined.studentId);
      const { code, hostToken } = room.created;
      expectOk(await room.command({ type: "start" }));
      const projector = await connect(strict.url);
      expectOk(await call(projector, "host:attach", { code, hostToken, protocolVersion: PROTOCOL_VERSION }));

      // A wrong code, or a right code with a forged token, gets the same refusal: no oracle for either part.
      const guesser = await connect(strict.url);
      const wrongCode = expectError(await joinAs(guesser, "ZZZZZZ", "Guess"), "rate_limited");
      expect(wrongCode.message).toBe("too many wrong codes from this network; wait a minute");
      const forger = await connect(strict.url);
      const forged = { code, hostToken: "forged-host-token-0123456789", command: { type: "end" as const } };
      expectError(await call(forger, "host:command", forged), "rate_limited");
      for (const s of [first, second, late, back.socket, projector, room.socket]) s.disconnect();
    } finally {
      await strict.close();
    }
  });

  it("behind a trusted proxy, counts each client by the address the proxy forwarded", async () => {
    const proxied = await startServer({
      env: { JOIN_FAILURES_PER_MINUTE: "5", JOIN_FAILURES_PER_ADDRESS_PER_MINUTE: "3", TRUST_PROXY: "on" },
    });
    try {
      // The client claims an address; the proxy appends the one it saw, which is the one that counts.
      const noisy = await connect(proxied.url, { "x-forwarded-for": "10.9.9.9, 203.0.113.7" });
      await guessWrong(noisy, 3);
      const sameNetwork = await connect(proxied.url, { "x-forwarded-for": "10.1.1.1, 203.0.113.7" });
      expectError(await joinAs(sameNetwork, "ZZZZZZ", "Same"), "rate_limited");
      const otherNetwork = await connect(proxied.url, { "x-forwarded-for": "198.51.100.4" });
      expectError(await joinAs(otherNetwork, "ZZZZZZ", "Other"), "not_found");
      for (const s of [noisy, sameNetwork, otherNetwork]) s.disconnect();
    } finally {
      await proxied.close();
    }
  });

  it("holds joins and rejoins past an address's limit, never refusing a valid token, and cuts a socket that keeps too many waiting", async () => {
    const clock = new TestClock();
    const limited = await startServer({
      clock,
      env: { JOINS_PER_ADDRESS_PER_MINUTE: "60", JOINS_PER_ADDRESS_BURST: "20" },
    });
    try {
      const room = await createSession(limited.url, CHALLENGE);
      const ada = await joinStudent(limited.url, room.created.code, "Ada");
      const rejoin = {
        code: room.created.code,
        name: "Ada",
        studentToken: ada.joined.studentToken,
        protocolVersion: PROTOCOL_VERSION,
      };
      // Many connections, each within its own limit, together past the address's: 19 answered at once...
      const crowd = await Promise.all(Array.from({ length: 4 }, () => connect(limited.url)));
      const answers: Promise<string>[] = [];
      const answered: string[] = [];
      for (const socket of crowd) {
        for (let i = 0; i < JOIN_BURST / 2; i++) {
          const answer = call(socket, "student:join", rejoin).then((ack) => (ack.ok ? "ok" : ack.error.code));
          void answer.then((outcome) => answered.push(outcome));
          answers.push(answer);
        }
      }
      await until(() => answered.length === 19);
      // ...the last held, not refused, until the address has a join again (one a second).
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(answered).toHaveLength(19);
      clock.advance(1_000);
      expect(await Promise.all(answers)).toEqual(Array(20).fill("ok"));

      // One connection sending joins without waiting for their answers is cut once too many wait.
      clock.advance(60_000);
      const looper = await connect(limited.url);
      // Its burst is answered (awaited here: answers still in flight when the socket is cut are dropped with it)...
      const burst = await Promise.all(Array.from({ length: JOIN_BURST }, () => call(looper, "student:join", rejoin)));
      expect(burst.filter((ack) => !ack.ok)).toEqual([]);
      // ...then, the clock standing still, every further join waits, and one past the bound cuts the socket.
      const gone = disconnected(looper);
      const acks = Array.from({ length: MAX_JOINS_WAITING + 1 }, () =>
        call(looper, "student:join", rejoin, 1_000).then(
          (ack) => (ack.ok ? "ok" : ack.error.code),
          () => "unanswered",
        ),
      );
      expect(await gone).toBe("io server disconnect");
      // No join carrying a valid token is answered rate_limited.
      expect(await Promise.all(acks)).toEqual(Array(MAX_JOINS_WAITING + 1).fill("unanswered"));
      for (const socket of [...crowd, ada.socket, room.socket]) socket.disconnect();
    } finally {
      await limited.close();
    }
  });

  it("never refuses an honest classroom of 300 behind one router joining, then rejoining after blips 20 s apart", async () => {
    const clock = new TestClock();
    const classroom = await startServer({ clock });
    try {
      const room = await createSession(classroom.url, CHALLENGE);
      const code = room.created.code;
      const sockets = await Promise.all(Array.from({ length: 300 }, () => connect(classroom.url)));
      const joined = await Promise.all(
        sockets.map((socket, i) =>
          call(socket, "student:join", { code, name: `Pupil ${i}`, protocolVersion: PROTOCOL_VERSION }),
        ),
      );
      const tokens = joined.map((ack) => expectOk(ack).studentToken);
      for (const socket of sockets) socket.disconnect();
      for (let blip = 0; blip < 3; blip++) {
        // The wifi comes back 20 s later, and the whole class reconnects at once.
        clock.advance(20_000);
        const back = await Promise.all(Array.from({ length: 300 }, () => connect(classroom.url)));
        const rejoined = await Promise.all(
          back.map((socket, i) =>
            call(socket, "student:join", {
              code,
              name: `Pupil ${i}`,
              studentToken: tokens[i]!,
              protocolVersion: PROTOCOL_VERSION,
            }),
          ),
        );
        expect(rejoined.filter((ack) => !ack.ok)).toEqual([]);
        for (const socket of back) socket.disconnect();
      }
      room.socket.disconnect();
    } finally {
      await classroom.close();
    }
  });

  it("holds a flood's events past the rate, then disconnects it once too many wait, while others carry on", async () => {
    const flooder = await joinStudent(server.url, host.created.code, "Flooder");
    const calm = await joinStudent(server.url, host.created.code, "Calm");
    const honest = run(0.02);
    const floodRun = newRunId();
    expectOk(await call(flooder.socket, "run:start", { runId: floodRun, config: honest.config }));
    await sendProgress(flooder.socket, floodRun, honest.losses.slice(0, 10), 10);
    const calmRun = newRunId();
    expectOk(await call(calm.socket, "run:start", { runId: calmRun, config: honest.config }));

    const gone = disconnected(flooder.socket);
    const codes: string[] = [];
    const payload = { runId: floodRun, seq: 0, fromEpoch: 0, losses: honest.losses.slice(0, 10) };
    for (let i = 0; i < 1_000; i++) {
      flooder.socket.emit("run:progress", payload, (ack) => codes.push(ack.ok ? "ok" : ack.error.code));
    }
    // The calm student's batches are answered while the flood goes on.
    await sendProgress(calm.socket, calmRun, honest.losses, 10);
    expect(await gone).toBe("io server disconnect");
    // The bucket's burst (100 at the default rate, 3 spent above) is handled; the clock stands still, so the
    // events past it wait, unanswered, until one too many cuts the socket. None is answered rate_limited.
    expect(codes.every((code) => code === "ok")).toBe(true);
    expect(codes.length).toBeLessThanOrEqual(100);

    expect(expectOk(await call(calm.socket, "run:finish", { runId: calmRun, params: honest.params })).status).toBe(
      "verified",
    );
    // The flooder's run stored its first batch once, and the student may come back calmly.
    const chunks = (await server.store.listChunks(host.created.sessionId)).filter((c) => c.runId === floodRun);
    expect(chunks.map((chunk) => chunk.seq)).toEqual([0]);
    const back = await joinStudent(server.url, host.created.code, "Flooder", flooder.joined.studentToken);
    expect(back.joined.runs[0]).toMatchObject({ runId: floodRun, nextSeq: 1, epochsStored: 10 });
    back.socket.disconnect();
    calm.socket.disconnect();
  });

  it("answers every event of a socket sending slightly over the rate, in order, none rate_limited", async () => {
    const clock = new TestClock();
    const perSecond = 10;
    const timed = await startServer({ clock, env: { SOCKET_EVENTS_PER_SECOND: String(perSecond) } });
    try {
      // Twelve events a second of the server's clock against ten, for ten seconds: as many as the burst (20) and
      // the waiting bound together, so however late the events reach the server, none is one too many.
      const seconds = 10;
      const sent = seconds * (perSecond + 2);
      expect(sent).toBe(2 * perSecond + MAX_EVENTS_WAITING);
      // All but the last are batches of one epoch each, so the server takes each only after the one before.
      const epochs = sent - 1;
      const challenge = { ...CHALLENGE, epochs };
      const honest = honestRun(challenge, { optimizer: "sgd", lr: 0.02, epochs, batchSize: "full" });
      const room = await createSession(timed.url, challenge);
      expectOk(await room.command({ type: "start" }));
      const student = await joinStudent(timed.url, room.created.code, "Steady");
      const runId = newRunId();
      expectOk(await call(student.socket, "run:start", { runId, config: honest.config }));
      // The bucket fills up again (to its burst) before the test's events.
      clock.advance(1_000);
      const start = clock.now();

      const answered: string[] = [];
      let unknownAnswer: { code: string; after: number } | undefined;
      const untyped: Socket = student.socket;
      for (let seq = 0; seq < sent; seq++) {
        if (seq < epochs) {
          const batch = { runId, seq, fromEpoch: seq, losses: honest.losses.slice(seq, seq + 1) };
          student.socket.emit("run:progress", batch, (ack) =>
            answered.push(ack.ok ? `${seq}: ${ack.epochsStored} stored` : `${seq}: ${ack.error.code}`),
          );
        } else {
          // The last is an event the server does not know: it waits its turn too.
          untyped.emit("run:rewind", { runId }, (ack: Ack) => {
            unknownAnswer = { code: ack.ok ? "ok" : ack.error.code, after: clock.now() - start };
          });
        }
        if ((seq + 1) % (perSecond + 2) === 0) {
          // A moment for the events to reach the server, then the next second.
          await new Promise((resolve) => setTimeout(resolve, 20));
          clock.advance(1_000);
        }
      }
      // The events still waiting need the clock to move on: a token each tenth of a second.
      await until(() => {
        clock.advance(1_000);
        return answered.length === epochs && unknownAnswer !== undefined;
      }, 30_000);
      expect(answered).toEqual(Array.from({ length: epochs }, (_, seq) => `${seq}: ${seq + 1} stored`));
      // Its token came with the 120th: ten seconds after the start, when the burst's 20 and 100 more were spent.
      expect(unknownAnswer?.code).toBe("unknown_event");
      expect(unknownAnswer?.after).toBeGreaterThanOrEqual(((sent - 2 * perSecond) / perSecond) * 1_000);
      expect(student.socket.connected).toBe(true);
      student.socket.disconnect();
      room.socket.disconnect();
    } finally {
      await timed.close();
    }
  });
});

describe("joining", () => {
  it("refuses a client that speaks another protocol version", async () => {
    const socket = await connect(server.url);
    const join = expectError(
      await call(socket, "student:join", { code: host.created.code, name: "Old", protocolVersion: 0 }),
      "protocol_mismatch",
    );
    expect(join.message).toContain("reload");
    const { code, hostToken } = host.created;
    expectError(
      await call(socket, "host:attach", { code, hostToken, protocolVersion: PROTOCOL_VERSION + 1 }),
      "protocol_mismatch",
    );
    socket.disconnect();
  });

  it("refuses a name already taken in the session, whatever its case", async () => {
    const first = await joinStudent(server.url, host.created.code, "Grace");
    const socket = await connect(server.url);
    for (const name of ["Grace", "grace", "  GRACE "]) {
      const error = expectError(
        await call(socket, "student:join", { code: host.created.code, name, protocolVersion: PROTOCOL_VERSION }),
        "name_taken",
      );
      expect(error.message).toContain("taken");
    }
    socket.disconnect();
    first.socket.disconnect();
  });

  it("a locked session refuses newcomers but lets a student back in with their token", async () => {
    const room = await createSession(server.url, CHALLENGE);
    const ada = await joinStudent(server.url, room.created.code, "Ada");
    ada.socket.disconnect();
    expect(expectOk(await room.command({ type: "lock" })).state.locked).toBe(true);

    const socket = await connect(server.url);
    const refused = await call(socket, "student:join", {
      code: room.created.code,
      name: "Eve",
      protocolVersion: PROTOCOL_VERSION,
    });
    expectError(refused, "session_locked");
    const back = await joinStudent(server.url, room.created.code, "Ada", ada.joined.studentToken);
    expect(back.joined.studentId).toBe(ada.joined.studentId);

    expectOk(await room.command({ type: "unlock" }));
    const eve = expectOk(
      await call(socket, "student:join", { code: room.created.code, name: "Eve", protocolVersion: PROTOCOL_VERSION }),
    );
    expect(eve.name).toBe("Eve");
    for (const s of [socket, back.socket, room.socket]) s.disconnect();
  });

  it("refuses host commands and attaching with a wrong host token, and a student token from another session", async () => {
    const socket = await connect(server.url);
    const { code } = host.created;
    const forged = "forged-host-token-0123456789";
    const command = await call(socket, "host:command", { code, hostToken: forged, command: { type: "end" } });
    expect(expectError(command, "forbidden").message).toContain("host token");
    expectError(
      await call(socket, "host:attach", { code, hostToken: forged, protocolVersion: PROTOCOL_VERSION }),
      "forbidden",
    );
    // A student token is not a host token either.
    const ada = await joinStudent(server.url, code, "NotAHost");
    const asHost = { code, hostToken: ada.joined.studentToken, command: { type: "end" as const } };
    expectError(await call(socket, "host:command", asHost), "forbidden");
    const room = await createSession(server.url, CHALLENGE);
    const elsewhere = await call(socket, "student:join", {
      code: room.created.code,
      name: "NotAHost",
      studentToken: ada.joined.studentToken,
      protocolVersion: PROTOCOL_VERSION,
    });
    expectError(elsewhere, "forbidden");
    expect((await server.store.getSession(host.created.sessionId))!.status).toBe("running");
    for (const s of [socket, ada.socket, room.socket]) s.disconnect();
  });
});

describe("the HTTP API", () => {
  const auth = (key: string) => ({ headers: { authorization: `Bearer ${key}` } });
  const sessionPath = () => `/api/sessions/${host.created.sessionId}`;

  it("lists an instructor's own sessions only with their key", async () => {
    const anonymous = await httpGet(server.url, "/api/sessions");
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.text)).toMatchObject({ error: { code: "unauthorized" } });
    const listed = await httpGet(server.url, "/api/sessions", auth(INSTRUCTOR_KEY));
    expect(listed.status).toBe(200);
    const { sessions } = JSON.parse(listed.text) as { sessions: { id: string; title: string }[] };
    expect(sessions.map((session) => session.id)).toEqual([host.created.sessionId]);
    expect(sessions[0]!.title).toBe("Abuse, politely");
    const other = await httpGet(server.url, "/api/sessions", auth("someone-else-key-0123456789"));
    expect(JSON.parse(other.text)).toEqual({ sessions: [] });
  });

  it("shows a session to its instructor and to share-token holders, and 404s for anyone else", async () => {
    const own = await httpGet(server.url, sessionPath(), auth(INSTRUCTOR_KEY));
    expect(own.status).toBe(200);
    expect(JSON.parse(own.text)).toMatchObject({ session: { shareToken: host.created.shareToken } });

    const stranger = await httpGet(server.url, sessionPath(), auth("someone-else-key-0123456789"));
    expect(stranger.status).toBe(404);
    expect(JSON.parse(stranger.text)).toMatchObject({ error: { code: "not_found" } });
    expect((await httpGet(server.url, sessionPath())).status).toBe(404);
    expect((await httpGet(server.url, `${sessionPath()}?share=not-the-share-token`)).status).toBe(404);

    const shared = await httpGet(server.url, `${sessionPath()}?share=${host.created.shareToken}`);
    expect(shared.status).toBe(200);
    const body = JSON.parse(shared.text) as { session: { id: string; shareToken: string | null }; runs: unknown[] };
    expect(body.session).toMatchObject({ id: host.created.sessionId, shareToken: null });
    expect(body.runs.length).toBeGreaterThan(0);
  });

  it("exports one CSV row per run under a header", async () => {
    const runs = await server.store.listRuns(host.created.sessionId);
    expect(runs.length).toBeGreaterThan(0);
    const csv = await httpGet(server.url, `${sessionPath()}/export.csv`, auth(INSTRUCTOR_KEY));
    expect(csv.status).toBe(200);
    expect(csv.type).toContain("text/csv");
    const lines = csv.text.trimEnd().split("\r\n");
    expect(lines[0]!.startsWith("run_id,student,attempt,optimizer,learning_rate")).toBe(true);
    expect(
      lines
        .slice(1)
        .map((line) => line.split(",")[0])
        .sort(),
    ).toEqual(runs.map((r) => r.id).sort());
    const curves = await httpGet(server.url, `${sessionPath()}/curves.csv?share=${host.created.shareToken}`);
    expect(curves.status).toBe(200);
    expect(curves.text.split("\r\n").length).toBeGreaterThan(runs.length);
  });

  it("answers unknown paths with 404 and other methods with 405, always in JSON", async () => {
    for (const path of ["/api/nope", "/api/sessions/not-a-uuid", `${sessionPath()}/export.xml`, "/play/ABCDEF"]) {
      const response = await httpGet(server.url, path, auth(INSTRUCTOR_KEY));
      expect(response.status, path).toBe(404);
      expect(response.type, path).toContain("application/json");
      expect(JSON.parse(response.text), path).toMatchObject({ error: { code: "not_found" } });
    }
    // POST /api/sessions creates a session (createSession.test.ts); POST elsewhere is another method.
    for (const [method, path] of [
      ["POST", sessionPath()],
      ["PUT", "/api/sessions"],
      ["DELETE", "/api/sessions"],
    ] as const) {
      const response = await httpGet(server.url, path, { method, ...auth(INSTRUCTOR_KEY) });
      expect(response.status, method).toBe(405);
      expect(JSON.parse(response.text), method).toMatchObject({ error: { code: "method_not_allowed" } });
    }
    expect(JSON.parse((await httpGet(server.url, "/api/health")).text)).toEqual({ ok: true });
  });
});

/** Resolves once `condition` holds, polling; fails after `timeoutMs`. */
async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
