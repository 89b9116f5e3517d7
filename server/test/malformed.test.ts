// Property-based: whatever a client sends under any event, it gets one clean acknowledgement within a timeout, no
// stack trace ever leaves the server, and the server keeps serving. Arbitrary values and mutated valid payloads.
import {
  CLIENT_EVENTS,
  ERROR_CODES,
  PROTOCOL_VERSION,
  type ChallengeInput,
  type ClientEvent,
  type PayloadOf,
} from "@downhill/core";
import fc from "fast-check";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_MESSAGE_BYTES } from "../app.ts";
import { INVALID_DISCONNECT_AFTER, REMOVED_EVENTS } from "../socket/registerHandlers.ts";
import { call, connect, disconnected, expectOk, rawCall, type TestSocket } from "./clients.ts";
import { honestRun, newRunId, playRun } from "./honestRuns.ts";
import { createSession, joinStudent, runningSession } from "./sessions.ts";

const CHALLENGE: ChallengeInput = { dataset: "seed-line", model: "linear", epochs: 20, attempts: 100 };
const CASES_PER_EVENT = 80;
const ACK_TIMEOUT_MS = 3_000;
/** A file path with a line number, or a stack frame: what a leaked error would carry. */
const STACK_TRACE = /\bat\s.*[/\\]|node_modules|\.[cm]?[jt]sx?:\d+/;
const CODES = new Set<string>(Object.values(ERROR_CODES));

// Generous limits: this suite checks validation, not rate limiting.
const { server, host } = runningSession(CHALLENGE, {
  env: {
    JOIN_FAILURES_PER_MINUTE: "10000",
    JOIN_FAILURES_PER_ADDRESS_PER_MINUTE: "100000",
    SOCKET_EVENTS_PER_SECOND: "100000",
  },
});
let studentToken: string;
let runId: string;

beforeAll(async () => {
  const prober = await joinStudent(server.url, host.created.code, "Prober");
  studentToken = prober.joined.studentToken;
  runId = newRunId();
  expectOk(await call(prober.socket, "run:start", { runId, config: honestRun(CHALLENGE, config()).config }));
  prober.socket.disconnect();
});

function config() {
  return { optimizer: "sgd", lr: 0.01, epochs: 20, batchSize: "full" } as const;
}

/** A valid payload of every client-to-server event, for this session. */
function validPayloads(): { [E in keyof PayloadMap]: PayloadMap[E] } {
  const { code, hostToken } = host.created;
  return {
    "host:attach": { code, hostToken, protocolVersion: PROTOCOL_VERSION },
    "host:command": { code, hostToken, command: { type: "extend", seconds: 60 } },
    "student:join": { code, name: "Prober", studentToken, protocolVersion: PROTOCOL_VERSION },
    "run:start": { runId, config: config() },
    "run:progress": { runId, seq: 0, fromEpoch: 0, losses: [44, 25.6] },
    "run:finish": { runId, params: [1, 2] },
    "run:cancel": { runId },
  };
}

/** A valid payload of every event of the table: a new event needs one here before this file compiles. */
type PayloadMap = { [E in ClientEvent]: PayloadOf<E> };

// ---- hostile values ----

function nested(depth: number): unknown {
  let value: unknown = "bottom";
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { inner: value };
  return value;
}

/** Far over every field's limit, yet within the socket's message limit (MAX_MESSAGE_BYTES, 64 KiB). */
const HUGE_STRING = "x".repeat(60_000);

/** Values that break naive validation: wrong types, extreme numbers, huge strings, deep nesting. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ maxDepth: 2 }),
  fc.constantFrom(
    1e308,
    -1e308,
    Number.MAX_SAFE_INTEGER * 1024,
    2 ** 53 + 1,
    -0,
    5e-324,
    "",
    " ",
    "__proto__",
    "constructor",
    HUGE_STRING,
    nested(2_000),
    [],
    {},
    null,
    true,
  ),
  // Past MAX_PARAMS (2,048), still within the message limit.
  fc.array(fc.double(), { maxLength: 2_100 }),
  fc.string({ maxLength: 64 }),
);

/** Every path (of keys and indexes) into a plain JSON value. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => [[...prefix, i], ...pathsOf(item, [...prefix, i])]);
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => [[...prefix, key], ...pathsOf(item, [...prefix, key])]);
  }
  return [];
}

function withChange(valid: unknown, path: (string | number)[], change: { set: unknown } | "delete"): unknown {
  const copy = structuredClone(valid);
  let node = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (change === "delete") delete node[last];
  else node[last] = change.set;
  return copy;
}

/** A valid payload with one value replaced or removed, or an extra field added to one of its objects. */
function mutationsOf(valid: unknown): fc.Arbitrary<unknown> {
  const paths = pathsOf(valid);
  const objectPaths = [[], ...paths].filter((path) => {
    const node = path.reduce<unknown>((value, key) => (value as Record<string | number, unknown>)[key], valid);
    return typeof node === "object" && node !== null && !Array.isArray(node);
  });
  return fc.oneof(
    fc.tuple(fc.constantFrom(...paths), hostileValue).map(([path, value]) => withChange(valid, path, { set: value })),
    fc.constantFrom(...paths).map((path) => withChange(valid, path, "delete")),
    fc
      .tuple(fc.constantFrom(...objectPaths), fc.string({ maxLength: 12 }), hostileValue)
      .map(([path, key, value]) => withChange(valid, [...path, key], { set: value })),
  );
}

// ---- a socket that retires itself before the server disconnects it for garbage ----

class Prober {
  private socket: TestSocket | null = null;
  private invalid = 0;
  sockets = 0;

  async send(event: string, payload: unknown): Promise<unknown> {
    if (!this.socket || this.socket.disconnected || this.invalid >= INVALID_DISCONNECT_AFTER - 1) {
      this.socket?.disconnect();
      this.socket = await connect(server.url);
      this.invalid = 0;
      this.sockets++;
      // Joined as the prober student, so run events reach the session's own checks.
      expectOk(
        await call(this.socket, "student:join", {
          code: host.created.code,
          name: "Prober",
          studentToken,
          protocolVersion: PROTOCOL_VERSION,
        }),
      );
    }
    const ack = await rawCall(this.socket, event, payload, ACK_TIMEOUT_MS);
    // A challenge its schema refuses is answered invalid_challenge, and counts as an invalid payload too.
    if (isRefusal(ack) && (ack.error.code === "invalid_payload" || ack.error.code === "invalid_challenge")) {
      this.invalid++;
    }
    return ack;
  }

  close(): void {
    this.socket?.disconnect();
  }
}

function isRefusal(ack: unknown): ack is { ok: false; error: { code: string; message: string } } {
  return typeof ack === "object" && ack !== null && (ack as { ok?: unknown }).ok === false;
}

/** The one shape every acknowledgement has. */
function checkAck(event: string, payload: unknown, ack: unknown): void {
  const text = JSON.stringify(ack);
  const context = `${event} ${JSON.stringify(payload)?.slice(0, 300)} -> ${text.slice(0, 300)}`;
  expect(typeof ack === "object" && ack !== null, context).toBe(true);
  const { ok } = ack as { ok: unknown };
  expect(typeof ok, context).toBe("boolean");
  expect(STACK_TRACE.test(text), context).toBe(false);
  if (ok) return;
  const { error } = ack as { error: { code: unknown; message: unknown } };
  expect(CODES.has(error.code as string), context).toBe(true);
  expect(error.code, context).not.toBe("internal");
  expect(typeof error.message, context).toBe("string");
  expect((error.message as string).length, context).toBeLessThan(1_000);
}

describe("malformed payloads", () => {
  const prober = { current: null as Prober | null };

  afterAll(() => prober.current?.close());

  it.each(CLIENT_EVENTS)("%s: every payload gets a clean acknowledgement", async (event) => {
    prober.current ??= new Prober();
    const probe = prober.current;
    const valid = validPayloads()[event];
    const payloads = fc.oneof(
      { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
      { weight: 3, arbitrary: mutationsOf(valid) },
    );
    let refusals = 0;
    await fc.assert(
      fc.asyncProperty(payloads, async (payload) => {
        const ack = await probe.send(event, payload);
        checkAck(event, payload, ack);
        if (isRefusal(ack)) refusals++;
      }),
      { numRuns: CASES_PER_EVENT, seed: 20_250_106, endOnFailure: true },
    );
    expect(refusals).toBeGreaterThan(CASES_PER_EVENT / 2);
  });

  it("acknowledges an event sent with no payload, and ignores one sent without an acknowledgement", async () => {
    const socket = await connect(server.url);
    const untyped: Socket = socket;
    const bare: unknown = await untyped.timeout(ACK_TIMEOUT_MS).emitWithAck("run:start");
    checkAck("run:start", undefined, bare);
    expect(bare).toMatchObject({ ok: false, error: { code: "invalid_payload" } });
    socket.emit("run:finish", { runId, params: [1, 2] }, undefined as never);
    const after = await rawCall(socket, "run:progress", { junk: true });
    expect(after).toMatchObject({ ok: false, error: { code: "invalid_payload" } });
    socket.disconnect();
  });

  it("disconnects a socket after a run of invalid payloads", async () => {
    const socket = await connect(server.url);
    const gone = disconnected(socket);
    for (let i = 0; i < INVALID_DISCONNECT_AFTER; i++) {
      expect(await rawCall(socket, "host:command", { nonsense: i })).toMatchObject({ ok: false });
    }
    expect(await gone).toBe("io server disconnect");
  });

  it("cuts a message over the size limit without answering it, and keeps serving", async () => {
    const socket = await connect(server.url);
    const gone = disconnected(socket);
    let answered = false;
    // A 1.1 MB message, the size session:create with a CSV used to be: cut at its frame header, never parsed.
    const losses = Array.from({ length: 55_000 }, () => 0.12345678901234568);
    socket.emit("run:progress", { runId, seq: 0, fromEpoch: 0, losses }, () => (answered = true));
    expect(await gone).toBe("transport close");
    // At the limit: a message just under it is answered, one just over it is cut.
    const edge = await connect(server.url);
    const under = await rawCall(edge, "run:finish", { runId, params: ["x".repeat(MAX_MESSAGE_BYTES - 200)] });
    expect(under).toMatchObject({ ok: false, error: { code: "invalid_payload" } });
    const edgeGone = disconnected(edge);
    edge.emit("run:finish", { runId, params: ["x".repeat(MAX_MESSAGE_BYTES)] } as never, () => (answered = true));
    expect(await edgeGone).toBe("transport close");
    expect(answered).toBe(false);
  });

  it("answers a removed or unknown event with unknown_event, naming what replaced a removed one", async () => {
    const socket = await connect(server.url);
    const removed = await rawCall(socket, "session:create", { challenge: { dataset: "seed-line" } });
    checkAck("session:create", {}, removed);
    expect(removed).toEqual({ ok: false, error: { code: "unknown_event", message: REMOVED_EVENTS["session:create"] } });
    expect(REMOVED_EVENTS["session:create"]).toContain("POST /api/sessions");
    const unknown = await rawCall(socket, "session:destroy", {});
    expect(unknown).toMatchObject({ ok: false, error: { code: "unknown_event" } });
    // They count as invalid: a socket that keeps sending them is cut like one sending garbage.
    const gone = disconnected(socket);
    for (let i = 2; i < INVALID_DISCONNECT_AFTER; i++) await rawCall(socket, "nonsense", {});
    expect(await gone).toBe("io server disconnect");
  });

  it("still runs a whole session afterwards", async () => {
    const fresh = await createSession(server.url, CHALLENGE);
    expectOk(await fresh.command({ type: "start" }));
    const ada = await joinStudent(server.url, fresh.created.code, "Ada");
    const finished = await playRun(ada.socket, honestRun(CHALLENGE, config()));
    expect(finished.status).toBe("verified");
    ada.socket.disconnect();
    fresh.socket.disconnect();
  });
});
