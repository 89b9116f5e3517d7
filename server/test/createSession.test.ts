// POST /api/sessions, the one way to create a session, against a real server: what it creates, what it refuses
// and in which order, and that whatever can be refused unread (rate, type, declared size) is refused unread.
import { connect as tcpConnect } from "node:net";
import { PROTOCOL_VERSION, type ChallengeErrorBody, type ChallengeInput } from "@downhill/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, connect, expectOk, httpGet } from "./clients.ts";
import { serverForFile, startServer, type TestServer } from "./servers.ts";
import { postChallenge, postSession } from "./sessions.ts";
import { TestClock } from "./TestClock.ts";
import { TARPIT_MAX_MS } from "../http/Tarpit.ts";

const LINE: ChallengeInput = { title: "Over HTTP", dataset: "seed-line", model: "linear", epochs: 20 };
const INSTRUCTOR_KEY = "create-session-instructor-key-01";

interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly fields?: { field: string; message: string }[];
  };
}

/** The first lines of the server's answer (status line and headers), as soon as they arrive. */
interface RawAnswer {
  readonly status: number;
  readonly head: string;
}

/**
 * Sends a request by hand on a TCP connection: `head` is the request line and headers, then `chunks` of the body
 * one by one, and nothing more. Resolves with the answer's head once it arrives: when the chunks are less than the
 * body the head announces, a server that answers has not waited to read the body.
 */
function rawRequest(url: string, head: string, chunks: readonly string[]): Promise<RawAnswer> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(Number(port), "127.0.0.1");
    let received = "";
    socket.setEncoding("utf8");
    socket.on("error", reject);
    socket.on("data", (data: string) => {
      received += data;
      const headEnd = received.indexOf("\r\n\r\n");
      if (headEnd < 0) return;
      socket.destroy();
      resolve({ status: Number(received.split(" ")[1]), head: received.slice(0, headEnd).toLowerCase() });
    });
    socket.on("connect", () => {
      socket.write(head.replace(/\n/g, "\r\n") + "\r\n\r\n");
      for (const chunk of chunks) socket.write(chunk);
    });
  });
}

/** A request head for POST /api/sessions with these extra header lines. */
function postHead(...headers: string[]): string {
  return ["POST /api/sessions HTTP/1.1", "Host: 127.0.0.1", ...headers].join("\n");
}

const server = serverForFile({ env: { CREATE_SESSION_MAX_BYTES: "20000" } });

describe("POST /api/sessions", () => {
  it("creates a session: 201 with the code, the host token, the instructor key and the share token", async () => {
    const answer = await postSession(server.url, { challenge: LINE });
    expect(answer.status).toBe(201);
    const created = answer.body as Record<string, string>;
    expect(Object.keys(created).sort()).toEqual(
      ["code", "hostToken", "instructorKey", "joinUrl", "sessionId", "shareToken"].sort(),
    );
    expect(answer.headers.get("location")).toBe(`/api/sessions/${created.sessionId}`);
    expect(created.joinUrl).toMatch(new RegExp(`/play/${created.code}$`));

    // The host token opens the session's dashboard, and the instructor key lists it.
    const host = await connect(server.url);
    const attached = expectOk(
      await call(host, "host:attach", {
        code: created.code!,
        hostToken: created.hostToken!,
        protocolVersion: PROTOCOL_VERSION,
      }),
    );
    expect(attached.state.challenge.title).toBe("Over HTTP");
    host.disconnect();
    const listed = await httpGet(server.url, "/api/sessions", {
      headers: { authorization: `Bearer ${created.instructorKey}` },
    });
    expect(JSON.parse(listed.text)).toMatchObject({ sessions: [{ id: created.sessionId, title: "Over HTTP" }] });
  });

  it("files the session under the instructor key the request carries", async () => {
    const first = await postChallenge(server.url, LINE, { instructorKey: INSTRUCTOR_KEY });
    const second = await postChallenge(server.url, { ...LINE, title: "Second" }, { instructorKey: INSTRUCTOR_KEY });
    expect(first.instructorKey).toBe(INSTRUCTOR_KEY);
    expect(second.instructorKey).toBe(INSTRUCTOR_KEY);
    const listed = await httpGet(server.url, "/api/sessions", {
      headers: { authorization: `Bearer ${INSTRUCTOR_KEY}` },
    });
    const ids = (JSON.parse(listed.text) as { sessions: { id: string }[] }).sessions.map((session) => session.id);
    expect(ids.sort()).toEqual([first.sessionId, second.sessionId].sort());
  });

  it("refuses an invalid challenge with 400 invalid_challenge, a message and every refused field", async () => {
    const answer = await postSession(server.url, {
      challenge: {
        dataset: {
          name: "csv",
          csv: { featureNames: ["x"], targetName: "y", rows: [[1], ["two"], [3]], targets: [1, 2, 3] },
        },
        epochs: 1e9,
      },
    });
    expect(answer.status).toBe(400);
    const { error } = answer.body as ErrorBody;
    expect(error.code).toBe("invalid_challenge");
    // Core's challengeIssues: the words the builder shows beside each field.
    expect(error.message).toBe(
      "The CSV needs a header row, 2 to 5000 rows and 1 to 8 feature columns, every cell a number. " +
        "The epoch budget must be at most 10000 epochs.",
    );
    expect(error.fields).toEqual([
      {
        field: "dataset.csv",
        message: "The CSV needs a header row, 2 to 5000 rows and 1 to 8 feature columns, every cell a number.",
      },
      { field: "epochs", message: "The epoch budget must be at most 10000 epochs." },
    ]);
  });

  it("refuses with 400 a challenge that passes the schema but cannot be built, saying why", async () => {
    const answer = await postSession(server.url, {
      challenge: { dataset: { name: "seed-line", testFraction: 0 }, scoring: "test" },
    });
    expect(answer.status).toBe(400);
    const { error } = answer.body as ErrorBody;
    expect(error.code).toBe("invalid_challenge");
    expect(error.message).toMatch(/no test split to score on/);
  });

  it("creates the worked example (one row, y = w x, start w = 1) and refuses a start that does not fit the model", async () => {
    const worked = { dataset: "worked-example", model: { kind: "linear", bias: false }, lrMax: 1, start: [1] };
    expect((await postSession(server.url, { challenge: worked })).status).toBe(201);
    const answer = await postSession(server.url, { challenge: { ...worked, start: [1, 0] } });
    expect(answer.status).toBe(400);
    const { error } = answer.body as { error: ChallengeErrorBody };
    expect(error.code).toBe("invalid_challenge");
    // The same words and place the builder shows beside its start field.
    const message = "Give one starting value per parameter: this model has 1, the start gives 2.";
    expect(error.message).toBe(message);
    expect(error.fields).toEqual([{ field: "start", message }]);
  });

  it("refuses a body that is not JSON with 400 invalid_payload", async () => {
    const answer = await postSession(server.url, "{ not json");
    expect(answer.status).toBe(400);
    expect((answer.body as ErrorBody).error.code).toBe("invalid_payload");
    expect((answer.body as ErrorBody).error.message).toMatch(/^the body is not valid JSON/);
  });

  it("refuses another content type with 415, without reading the body", async () => {
    const answer = await rawRequest(server.url, postHead("Content-Type: text/csv", "Content-Length: 1000000"), [
      "x,y\n1,2\n",
    ]);
    expect(answer).toMatchObject({ status: 415 });
    expect(answer.head).toContain("connection: close");
    const json = await postSession(server.url, "x,y\n1,2", { headers: { "content-type": "text/csv" } });
    expect(json.status).toBe(415);
    expect((json.body as ErrorBody).error).toEqual({
      code: "unsupported_media_type",
      message: "send the body as JSON, with Content-Type: application/json",
    });
  });

  it("refuses with 413, unread, a body whose declared length is over the limit", async () => {
    const answer = await rawRequest(
      server.url,
      postHead("Content-Type: application/json", "Content-Length: 20001"),
      [],
    );
    expect(answer).toMatchObject({ status: 413 });
    expect(answer.head).toContain("connection: close");
    const big = await postSession(server.url, { challenge: { ...LINE, title: "x".repeat(20_000) } });
    expect(big.status).toBe(413);
    expect((big.body as ErrorBody).error.code).toBe("payload_too_large");
    expect((big.body as ErrorBody).error.message).toContain("(20,000 bytes)");
  });

  it("refuses with 413 a body that streams past the limit, as soon as it does", async () => {
    const chunk = (text: string) => `${text.length.toString(16)}\r\n${text}\r\n`;
    const answer = await rawRequest(
      server.url,
      postHead("Content-Type: application/json", "Transfer-Encoding: chunked"),
      [chunk(`{"challenge":{"title":"${"y".repeat(12_000)}`), chunk("z".repeat(12_000))],
    );
    expect(answer).toMatchObject({ status: 413 });
    // Up to the limit, a streamed body is read as any other.
    const small = JSON.stringify({ challenge: LINE });
    const fine = await rawRequest(
      server.url,
      postHead("Content-Type: application/json", "Transfer-Encoding: chunked"),
      [chunk(small), "0\r\n\r\n"],
    );
    expect(fine.status).toBe(201);
  });

  it("answers a malformed Authorization header with 401", async () => {
    const answer = await postSession(server.url, { challenge: LINE }, { headers: { authorization: "Bearer short" } });
    expect(answer.status).toBe(401);
    expect((answer.body as ErrorBody).error.code).toBe("unauthorized");
  });

  it("answers other methods with 405", async () => {
    const answer = await httpGet(server.url, "/api/sessions", { method: "PUT" });
    expect(answer.status).toBe(405);
  });
});

describe("the creation limit", () => {
  let clock: TestClock;
  let limited: TestServer;

  beforeAll(async () => {
    clock = new TestClock();
    limited = await startServer({
      clock,
      env: {
        SESSION_CREATES_PER_ADDRESS_PER_MINUTE: "2",
        SESSION_CREATES_PER_ADDRESS_BURST: "2",
        SESSION_CREATE_REFUSAL_DELAY_MS: "0",
        TRUST_PROXY: "on",
      },
    });
  });

  afterAll(async () => {
    await limited?.close();
  });

  const from = (address: string) => ({ headers: { "x-forwarded-for": address } });

  it("answers 429 with Retry-After past an address's limit, before reading the body; other addresses carry on", async () => {
    const address = "203.0.113.7";
    expect((await postSession(limited.url, { challenge: LINE }, from(address))).status).toBe(201);
    expect((await postSession(limited.url, "not even json", from(address))).status).toBe(400);
    // Every request counts, whatever its answer: the third is refused before its megabyte arrives.
    const refused = await rawRequest(
      limited.url,
      postHead("Content-Type: application/json", "Content-Length: 1000000", `X-Forwarded-For: ${address}`),
      ['{"challenge":'],
    );
    expect(refused).toMatchObject({ status: 429 });
    expect(refused.head).toContain("retry-after: 30");
    const answer = await postSession(limited.url, { challenge: LINE }, from(address));
    expect(answer.status).toBe(429);
    expect(answer.headers.get("retry-after")).toBe("30");
    expect((answer.body as ErrorBody).error).toEqual({
      code: "rate_limited",
      message: "too many sessions created from this network; try again in 30 s",
    });

    expect((await postSession(limited.url, { challenge: LINE }, from("198.51.100.4"))).status).toBe(201);
    clock.advance(30_000);
    expect((await postSession(limited.url, { challenge: LINE }, from(address))).status).toBe(201);
    expect((await postSession(limited.url, { challenge: LINE }, from(address))).status).toBe(429);
  });

  it("never refuses an instructor key the server knows because of its network; the key has its own allowance", async () => {
    const school = "192.0.2.10";
    const created = await postChallenge(limited.url, LINE, from(school));
    // A student on the same network spends the address's allowance...
    await postSession(limited.url, { challenge: LINE }, from(school));
    expect((await postSession(limited.url, { challenge: LINE }, from(school))).status).toBe(429);
    // ...and a made-up key counts as the address...
    const madeUp = { ...from(school), instructorKey: "made-up-key-0123456789abcdef" };
    expect((await postSession(limited.url, { challenge: LINE }, madeUp)).status).toBe(429);
    // ...but the instructor's key is still served, from that network or any.
    const asInstructor = { ...from(school), instructorKey: created.instructorKey };
    expect((await postSession(limited.url, { challenge: LINE }, asInstructor)).status).toBe(201);
    expect((await postSession(limited.url, { challenge: LINE }, asInstructor)).status).toBe(201);
    // Only the key's own use spends the key's allowance.
    const own = await postSession(limited.url, { challenge: LINE }, asInstructor);
    expect(own.status).toBe(429);
    expect((own.body as ErrorBody).error.message).toBe(
      "too many sessions created with this instructor key; try again in 30 s",
    );
  });
});

describe("a flood of creations from one address", () => {
  const ONE_A_MINUTE = { SESSION_CREATES_PER_ADDRESS_PER_MINUTE: "1", SESSION_CREATES_PER_ADDRESS_BURST: "1" };
  const from = (address: string) => ({ headers: { "x-forwarded-for": address } });
  const flooded = (address: string) => `X-Forwarded-For: ${address}`;
  /** A creation whose body never finishes arriving: only an answer that does not read it comes back. */
  const unfinished = (url: string, address: string) =>
    rawRequest(url, postHead("Content-Type: application/json", "Content-Length: 1000000", flooded(address)), [
      '{"challenge":',
    ]);

  it("gives an address one creation at once and holds each refusal in a row twice as long, closing it", async () => {
    const held = await startServer({
      env: { ...ONE_A_MINUTE, SESSION_CREATE_REFUSAL_DELAY_MS: "150", TRUST_PROXY: "on" },
    });
    try {
      const address = "203.0.113.50";
      expect((await postSession(held.url, { challenge: LINE }, from(address))).status).toBe(201);
      let sentAt = performance.now();
      const first = await unfinished(held.url, address);
      const firstMs = performance.now() - sentAt;
      sentAt = performance.now();
      const second = await unfinished(held.url, address);
      const secondMs = performance.now() - sentAt;
      expect(first.status).toBe(429);
      expect(first.head).toContain("connection: close");
      expect(second.status).toBe(429);
      expect(firstMs).toBeGreaterThanOrEqual(140);
      expect(secondMs).toBeGreaterThanOrEqual(290);
      // Another address is not held by this one's flood.
      expect((await postSession(held.url, { challenge: LINE }, from("198.51.100.50"))).status).toBe(201);
    } finally {
      await held.close();
    }
  });

  it("spends no creation on a request its headers refuse, so a too-large file can be sent again smaller at once", async () => {
    const strict = await startServer({
      env: { ...ONE_A_MINUTE, CREATE_SESSION_MAX_BYTES: "20000", TRUST_PROXY: "on" },
    });
    try {
      const address = "203.0.113.60";
      const big = await postSession(strict.url, { challenge: { ...LINE, title: "x".repeat(20_000) } }, from(address));
      expect(big.status).toBe(413);
      expect((await postSession(strict.url, { challenge: LINE }, from(address))).status).toBe(201);
      // The one creation is spent now: the next is refused.
      expect((await postSession(strict.url, { challenge: LINE }, from(address))).status).toBe(429);
    } finally {
      await strict.close();
    }
  });

  it("refuses a sender's requests past 32 in flight at once, unread, but never an instructor key it knows", async () => {
    const clock = new TestClock();
    const held = await startServer({
      clock,
      env: { ...ONE_A_MINUTE, SESSION_CREATE_REFUSAL_DELAY_MS: "1000", TRUST_PROXY: "on" },
    });
    try {
      const address = "203.0.113.60";
      const instructor = await postChallenge(held.url, LINE, {
        ...from("198.51.100.60"),
        instructorKey: INSTRUCTOR_KEY,
      });
      expect((await postSession(held.url, { challenge: LINE }, from(address))).status).toBe(201);
      const before = clock.pending;
      const waiting = Array.from({ length: 32 }, () => unfinished(held.url, address));
      await until(() => clock.pending === before + 32);
      const over = await unfinished(held.url, address);
      expect(over.status).toBe(429);
      expect(over.head).toContain("retry-after: 10");
      // The instructor's key, from the flooded address, is neither held nor refused.
      const asInstructor = { ...from(address), instructorKey: instructor.instructorKey };
      expect((await postSession(held.url, { challenge: LINE }, asInstructor)).status).toBe(201);
      // Each refusal in a row is held twice as long as the one before, up to ten seconds.
      clock.advance(TARPIT_MAX_MS);
      expect((await Promise.all(waiting)).map((answer) => answer.status)).toEqual(Array(32).fill(429));
    } finally {
      await held.close();
    }
  });
});

/** Resolves once `condition` holds, polling; fails after five seconds. */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
