// Helpers for the live server's integration tests: a real server (in process, or as its own process), a real
// SQLite file in a temporary folder, real Socket.IO clients over WebSocket, and honest runs computed with the engine.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  challengeSchema,
  CREATE_SESSION_PATH,
  createProblem,
  evaluateAccuracy,
  evaluateLoss,
  PROTOCOL_VERSION,
  runConfigSchema,
  Trainer,
  type Ack,
  type AckOf,
  type ChallengeInput,
  type ClientEvent,
  type ClientToServerEvents,
  type ErrorCode,
  type PayloadOf,
  type Problem,
  type RunConfig,
  type RunConfigInput,
  type RunPrediction,
  type ServerToClientEvents,
  type SessionCreated,
} from "@downhill/core";
import { callOver, RunStream } from "@downhill/client";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll } from "vitest";
import { createApp, type App } from "../app.ts";
import { systemClock, type Clock } from "../clock.ts";
import { loadConfig } from "../config.ts";
import { createLogger } from "../log.ts";
import { openStore } from "../store/openStore.ts";
import type { Store } from "../store/Store.ts";
import { ServerProcess } from "./serverProcess.ts";

export { TestClock } from "./TestClock.ts";

/** How long a test waits for an acknowledgement or an event before failing. */
export const WAIT_MS = 5_000;
/**
 * What every test server runs with, in process or as its own process: fast broadcasts, NODE_ENV=test, and room for
 * the many sessions a test file creates from its one address (the tests of that limit set their own).
 */
const TEST_ENV = {
  BROADCAST_INTERVAL_MS: "50",
  NODE_ENV: "test",
  SESSION_CREATES_PER_ADDRESS_PER_MINUTE: "1000",
  SESSION_CREATES_PER_ADDRESS_BURST: "1000",
} as const;

/** A fresh folder and a `file:` URL for an SQLite database inside it. */
export function tempDatabase(): { databaseUrl: string; dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "downhill-it-"));
  return {
    dir,
    databaseUrl: `file:${join(dir, "downhill.db")}`,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Servers started one after another on one temporary database file, as a restart is: `start` starts the next one,
 * `closeAll` closes every one started and removes the file.
 */
export function serversOnOneDatabase(): { start: () => Promise<TestServer>; closeAll: () => Promise<void> } {
  const database = tempDatabase();
  const servers: TestServer[] = [];
  return {
    start: async () => {
      const server = await startServer({ databaseUrl: database.databaseUrl });
      servers.push(server);
      return server;
    },
    closeAll: async () => {
      for (const server of servers) await server.close();
      database.remove();
    },
  };
}

// ---- time ----

// ---- servers ----

export interface TestServer {
  readonly url: string;
  readonly port: number;
  readonly app: App;
  readonly store: Store;
  readonly databaseUrl: string;
  /** Closes the app and the store, and removes the database folder when this server made it. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** Defaults to a new SQLite file in a temporary folder. */
  readonly databaseUrl?: string;
  /** Extra environment for loadConfig, e.g. { JOIN_FAILURES_PER_MINUTE: "5" }. */
  readonly env?: Record<string, string>;
  readonly clock?: Clock;
}

/** Starts the composition root on a free port with a real store. */
export async function startServer(options: StartOptions = {}): Promise<TestServer> {
  const temp = options.databaseUrl ? null : tempDatabase();
  const databaseUrl = options.databaseUrl ?? temp!.databaseUrl;
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    DATABASE_URL: databaseUrl,
    PAGES: "off",
    LOG_LEVEL: "silent",
    ...TEST_ENV,
    ...options.env,
  });
  const store = await openStore(databaseUrl);
  const app = await createApp({
    store,
    clock: options.clock ?? systemClock,
    logger: createLogger(config.LOG_LEVEL),
    config,
  });
  // Loopback only, unless a test asks for every interface with HOST.
  const port = await app.listen(0, options.env?.["HOST"] ?? "127.0.0.1");
  let closed = false;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    app,
    store,
    databaseUrl,
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      await store.close();
      temp?.remove();
    },
  };
}

/**
 * Starts `server/main.ts` as its own process (PAGES=off, a port it picks, the tests' settings plus `env`), for the
 * tests that kill it or run several; resolves once it logs "listening".
 */
export function spawnServer(databaseUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  return ServerProcess.start({ databaseUrl, env: { ...TEST_ENV, ...env } });
}

// ---- clients ----

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type ServerEvent = keyof ServerToClientEvents;
type ServerPayload<E extends ServerEvent> = Parameters<ServerToClientEvents[E]>[0];
export type OkAck<A> = Extract<A, { ok: true }>;

/** The latest payload of each event every socket received, so waitFor never misses one that came early. */
const latestEvents = new WeakMap<TestSocket, Map<string, unknown>>();

/**
 * Connects a Socket.IO client over WebSocket only, without reconnection, and resolves once connected. `headers`
 * go with the handshake (for example the X-Forwarded-For a reverse proxy would add).
 */
export async function connect(url: string, headers?: Record<string, string>): Promise<TestSocket> {
  const socket: TestSocket = io(url, {
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
    ...(headers ? { extraHeaders: headers } : {}),
  });
  const latest = new Map<string, unknown>();
  latestEvents.set(socket, latest);
  socket.onAny((event: string, payload: unknown) => latest.set(event, payload));
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  return socket;
}

/** Sends an event and resolves with its acknowledgement; rejects when none arrives within `timeoutMs`. */
export function call<E extends ClientEvent>(
  socket: TestSocket,
  event: E,
  payload: PayloadOf<E>,
  timeoutMs = WAIT_MS,
): Promise<AckOf<E>> {
  // Socket.IO's typings cannot follow a generic event name; the table types the payload and the answer instead.
  const untyped: Socket = socket;
  return new Promise((resolve, reject) => {
    untyped.timeout(timeoutMs).emit(event, payload, (error: Error | null, ack: AckOf<E>) => {
      if (error) reject(error);
      else resolve(ack);
    });
  });
}

/** Sends anything at all under any event name, as a hostile client would. */
export function rawCall(socket: Socket, event: string, payload: unknown, timeoutMs = WAIT_MS): Promise<unknown> {
  return new Promise((resolve, reject) => {
    socket.timeout(timeoutMs).emit(event, payload, (error: Error | null, ack: unknown) => {
      if (error) reject(error);
      else resolve(ack);
    });
  });
}

/** The acknowledgement's data; throws with the error's code and message when it is a refusal. */
export function expectOk<A extends Ack>(ack: A): OkAck<A> {
  if (!ack.ok) throw new Error(`expected ok, got ${ack.error.code}: ${ack.error.message}`);
  return ack as OkAck<A>;
}

export interface AckError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly expectedSeq?: number;
  readonly fields?: readonly { readonly field: string; readonly message: string }[];
}

/** The refusal's error; throws when the acknowledgement is not a refusal with `code`. */
export function expectError(ack: Ack, code: ErrorCode): AckError {
  if (ack.ok) throw new Error(`expected ${code}, got ok: ${JSON.stringify(ack).slice(0, 300)}`);
  const { error } = ack;
  if (error.code !== code) throw new Error(`expected ${code}, got ${error.code}: ${error.message}`);
  return error;
}

/**
 * Resolves with the first payload of `event` that satisfies `predicate`: the latest one already received,
 * else the next ones. Views are whole snapshots, so the latest one is as good as the next.
 */
export function waitFor<E extends ServerEvent>(
  socket: TestSocket,
  event: E,
  predicate: (payload: ServerPayload<E>) => boolean = () => true,
  timeoutMs = WAIT_MS,
): Promise<ServerPayload<E>> {
  const latest = latestEvents.get(socket);
  if (latest?.has(event)) {
    const payload = latest.get(event) as ServerPayload<E>;
    if (predicate(payload)) return Promise.resolve(payload);
  }
  return new Promise((resolve, reject) => {
    let last: unknown;
    const listener = (eventName: string, payload: unknown) => {
      if (eventName !== event) return;
      last = payload;
      if (!predicate(payload as ServerPayload<E>)) return;
      clearTimeout(timer);
      socket.offAny(listener);
      resolve(payload as ServerPayload<E>);
    };
    const timer = setTimeout(() => {
      socket.offAny(listener);
      reject(new Error(`no matching ${event} within ${timeoutMs} ms; last: ${JSON.stringify(last)?.slice(0, 500)}`));
    }, timeoutMs);
    socket.onAny(listener);
  });
}

/** Resolves with the reason once the socket is disconnected. */
export function disconnected(socket: TestSocket, timeoutMs = WAIT_MS): Promise<string> {
  if (socket.disconnected) return Promise.resolve("already disconnected");
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`socket still connected after ${timeoutMs} ms`)), timeoutMs);
    socket.once("disconnect", (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

// ---- sessions ----

export interface Host {
  readonly socket: TestSocket;
  readonly created: SessionCreated;
  /** Sends a host command with the session's host token and resolves with the acknowledgement. */
  command(command: PayloadOf<"host:command">["command"]): Promise<AckOf<"host:command">>;
}

/** What `POST /api/sessions` answered: its status, headers and JSON body (null when the body is not JSON). */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

/**
 * POSTs a body to `/api/sessions` as a hand-written client would: `body` is sent as it is when it is a string,
 * as JSON otherwise; `headers` go over the JSON content type (and the instructor key as a Bearer token).
 */
export async function postSession(
  url: string,
  body: unknown,
  options: { instructorKey?: string; headers?: Record<string, string> } = {},
): Promise<HttpAnswer> {
  const response = await fetch(new URL(CREATE_SESSION_PATH, url), {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(options.instructorKey ? { authorization: `Bearer ${options.instructorKey}` } : {}),
      ...options.headers,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    // Not JSON: the test sees null.
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

/** Creates a session over HTTP; throws with the server's error when it is not created. */
export async function postChallenge(
  url: string,
  challenge: ChallengeInput,
  options: { instructorKey?: string; headers?: Record<string, string> } = {},
): Promise<SessionCreated> {
  const answer = await postSession(url, { challenge }, options);
  if (answer.status !== 201) throw new Error(`expected 201, got ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body as SessionCreated;
}

/** Creates a session (POST /api/sessions) and attaches a host socket to it. */
export async function createSession(url: string, challenge: ChallengeInput, instructorKey?: string): Promise<Host> {
  const created = await postChallenge(url, challenge, instructorKey ? { instructorKey } : {});
  const socket = await connect(url);
  expectOk(
    await call(socket, "host:attach", {
      code: created.code,
      hostToken: created.hostToken,
      protocolVersion: PROTOCOL_VERSION,
    }),
  );
  return {
    socket,
    created,
    command: (command) => call(socket, "host:command", { code: created.code, hostToken: created.hostToken, command }),
  };
}

export interface Student {
  readonly socket: TestSocket;
  readonly joined: OkAck<AckOf<"student:join">>;
}

/** Connects a student and joins the session with this code (with a token: rejoins as that student). */
export async function joinStudent(url: string, code: string, name: string, studentToken?: string): Promise<Student> {
  const socket = await connect(url);
  const joined = expectOk(
    await call(socket, "student:join", {
      code,
      name,
      protocolVersion: PROTOCOL_VERSION,
      ...(studentToken ? { studentToken } : {}),
    }),
  );
  return { socket, joined };
}

// ---- honest runs ----

export interface HonestRun {
  readonly config: RunConfig;
  /** losses[i]: the training loss at the start of epoch i, null where not finite; shorter when the run diverged. */
  readonly losses: (number | null)[];
  readonly params: number[];
  readonly status: "finished" | "diverged";
  readonly divergedAt: number | null;
  /** Training and test loss of the final parameters, as the server recomputes them. */
  readonly trainLoss: number;
  readonly testLoss: number | null;
  /** Accuracy of the final parameters on each split (classification only), as the server recomputes it. */
  readonly trainAccuracy: number | null;
  readonly testAccuracy: number | null;
}

const problems = new Map<string, Problem>();

function problemOf(challengeInput: ChallengeInput): Problem {
  const challenge = challengeSchema.parse(challengeInput);
  const key = JSON.stringify([challenge.dataset, challenge.model]);
  let problem = problems.get(key);
  if (!problem) {
    problem = createProblem({ dataset: challenge.dataset, model: challenge.model });
    problems.set(key, problem);
  }
  return problem;
}

/** What a student's browser computes for a configuration: the same engine, run to the end. */
export function honestRun(challenge: ChallengeInput, configInput: RunConfigInput): HonestRun {
  const problem = problemOf(challenge);
  const config = runConfigSchema.parse(configInput);
  const trainer = new Trainer(problem, config);
  const status = trainer.runToEnd();
  return {
    config,
    losses: trainer.recordedLosses(),
    params: Array.from(trainer.params),
    status: status === "diverged" ? "diverged" : "finished",
    divergedAt: trainer.divergedAt,
    trainLoss: evaluateLoss(problem, trainer.params, "train"),
    testLoss: problem.dataset.test ? evaluateLoss(problem, trainer.params, "test") : null,
    trainAccuracy: evaluateAccuracy(problem, trainer.params, "train"),
    testAccuracy: evaluateAccuracy(problem, trainer.params, "test"),
  };
}

/** A run id as a client makes one. */
export function newRunId(): string {
  return crypto.randomUUID();
}

/**
 * Streams `losses` as progress batches of `batchSize` epochs starting at batch `fromSeq` (epoch `fromSeq *
 * batchSize`), waiting for each acknowledgement; returns the last one.
 */
export async function sendProgress(
  socket: TestSocket,
  runId: string,
  losses: readonly (number | null)[],
  batchSize: number,
  fromSeq = 0,
): Promise<OkAck<AckOf<"run:progress">>> {
  let last: OkAck<AckOf<"run:progress">> | null = null;
  for (let seq = fromSeq; seq * batchSize < losses.length; seq++) {
    const fromEpoch = seq * batchSize;
    last = expectOk(
      await call(socket, "run:progress", {
        runId,
        seq,
        fromEpoch,
        losses: losses.slice(fromEpoch, fromEpoch + batchSize),
      }),
    );
  }
  if (!last) throw new Error("no batch to send");
  return last;
}

/**
 * Starts one honest run, streams it through the headless client's RunStream in batches of `batchSize` epochs, and
 * finishes it; resolves with the finish acknowledgement, and throws when the stream stops short of a verdict.
 */
export async function playRun(
  socket: TestSocket,
  run: HonestRun,
  options: { runId?: string; batchSize?: number; prediction?: RunPrediction } = {},
): Promise<OkAck<AckOf<"run:finish">>> {
  const runId = options.runId ?? newRunId();
  expectOk(await call(socket, "run:start", { runId, config: run.config, prediction: options.prediction }));
  const stream: RunStream = new RunStream({
    runId,
    call: (event, payload, timeoutMs) => callOver(socket, event, payload, timeoutMs ?? WAIT_MS),
    // A test's socket never joins again by itself: a stream that lost track of the server fails the test.
    requestRejoin: () => stream.stop(null, "the server and the stream disagree on what is stored"),
  });
  const batchSize = options.batchSize ?? 10;
  for (let from = 0; from < run.losses.length; from += batchSize)
    stream.append(from, run.losses.slice(from, from + batchSize), { flush: true });
  stream.complete(run.params);
  const end = await stream.ended;
  if (end.kind === "stopped") throw new Error(`the stream stopped: ${end.code ?? "no code"}: ${end.message}`);
  return { ok: true, ...end.verdict };
}

/** GETs a path of the HTTP API; resolves with the status, the content type and the body as text. */
export async function httpGet(
  url: string,
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; type: string; text: string }> {
  const response = await fetch(new URL(path, url), init);
  return { status: response.status, type: response.headers.get("content-type") ?? "", text: await response.text() };
}

// ---- one server, or one running session, for a whole test file ----

/**
 * Stands for the object `current` returns once a beforeAll hook has made it, so a file can name it at the top and use
 * it in every test; reading a field before then throws with `what`.
 */
function madeBeforeAll<T extends object>(what: string, current: () => T | undefined): T {
  return new Proxy<T>({} as T, {
    get(_target, field) {
      const made = current();
      if (!made) throw new Error(`${what} is made in beforeAll: read it inside a test`);
      return Reflect.get(made, field);
    },
  });
}

/** One server for every test of the file: started before the first test, closed after the last. */
export function serverForFile(options: StartOptions = {}): TestServer {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startServer(options);
  });
  afterAll(async () => {
    await server?.close();
  });
  return madeBeforeAll("the file's server", () => server);
}

export interface RunningSession {
  readonly server: TestServer;
  /** The host of the one session, already started. */
  readonly host: Host;
  /** Joins a student under a name not used before in the file, so each test has its own attempts. */
  readonly student: () => Promise<Student>;
}

/**
 * A server for every test of the file with one session of `challenge` on it (created with `instructorKey` when
 * given), started before the first test, as a classroom is once the host pressed Start.
 */
export function runningSession(
  challenge: ChallengeInput,
  options: StartOptions & { readonly instructorKey?: string } = {},
): RunningSession {
  const server = serverForFile(options);
  let host: Host | undefined;
  let joined = 0;
  beforeAll(async () => {
    host = await createSession(server.url, challenge, options.instructorKey);
    expectOk(await host.command({ type: "start" }));
  });
  const madeHost = madeBeforeAll("the file's session", () => host);
  return {
    server,
    host: madeHost,
    student: () => joinStudent(server.url, madeHost.created.code, `Student${++joined}`),
  };
}
