// Clients for the live server's integration tests: real Socket.IO clients over WebSocket, their calls and
// acknowledgements, the events they wait for, and GETs of the HTTP API.
import type {
  Ack,
  AckOf,
  ClientEvent,
  ClientToServerEvents,
  ErrorCode,
  PayloadOf,
  ServerToClientEvents,
} from "@downhill/core";
import { io, type Socket } from "socket.io-client";

/** How long a test waits for an acknowledgement or an event before failing. */
export const WAIT_MS = 5_000;

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

/** GETs a path of the HTTP API; resolves with the status, the content type and the body as text. */
export async function httpGet(
  url: string,
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; type: string; text: string }> {
  const response = await fetch(new URL(path, url), init);
  return { status: response.status, type: response.headers.get("content-type") ?? "", text: await response.text() };
}
