// One request of the protocol over a socket: an event of core's client-event table out, its acknowledgement back,
// or an error ack when none comes. An observer may watch every call go out and how it ended (the load bench
// counts sends, acks and timeouts with it).
import type { Ack, AckOf, ClientEvent, PayloadOf } from "@downhill/core";
import type { Socket } from "socket.io-client";

/** How long a call waits for its acknowledgement before it counts as lost. */
export const CALL_TIMEOUT_MS = 10_000;

/**
 * How long a join waits for its acknowledgement. The server holds a join past its address's limit until its turn
 * instead of refusing it (docs/protocol.md §11), so in a large class a join may wait far longer than an ordinary
 * call; giving up after CALL_TIMEOUT_MS left such a student out for good (the load bench lost 119 of 5,000).
 */
export const JOIN_TIMEOUT_MS = 120_000;

interface CallOf<E extends ClientEvent = ClientEvent> {
  /** Pairs a call's send with its outcome; unique within the process. */
  readonly id: number;
  readonly event: E;
  readonly payload: PayloadOf<E>;
}

/** The call went out. */
export interface CallSent<E extends ClientEvent = ClientEvent> extends CallOf<E> {
  readonly phase: "send";
}

/**
 * The server answered (a refusal included). Of any event, the acknowledgement is only known to be one; of an
 * event narrowed with `isCallOf`, it is that event's.
 */
export interface CallAcked<E extends ClientEvent = ClientEvent> extends CallOf<E> {
  readonly phase: "ack";
  readonly ack: ClientEvent extends E ? Ack : AckOf<E>;
}

/** No answer: none came in time on a live connection ("timeout"), or the connection dropped first. */
export interface CallUnanswered<E extends ClientEvent = ClientEvent> extends CallOf<E> {
  readonly phase: "timeout" | "disconnected";
}

/** One moment of a call, typed by the event table; narrow it to one event with `isCallOf`. */
export type ObservedCall<E extends ClientEvent = ClientEvent> = CallSent<E> | CallAcked<E> | CallUnanswered<E>;

export type CallObserver = (call: ObservedCall) => void;

/** True when `call` is one of `event`: its payload and acknowledgement then have that event's types. */
export function isCallOf<E extends ClientEvent>(call: ObservedCall, event: E): call is ObservedCall<E> {
  return call.event === event;
}

let lastCallId = 0;

/**
 * Sends an event over `socket` and resolves with its acknowledgement, or with an error ack (code "internal")
 * when it cannot go out, no answer comes within `timeoutMs`, or the connection drops first; never rejects.
 */
export function callOver<E extends ClientEvent>(
  socket: Socket,
  event: E,
  payload: PayloadOf<E>,
  timeoutMs = CALL_TIMEOUT_MS,
  observe?: CallObserver,
): Promise<AckOf<E>> {
  // socket.io-client's typings cannot follow a generic event name through timeout(); core's event table types
  // the payload and the acknowledgement instead.
  return new Promise((resolve) => {
    if (!socket.connected) {
      resolve({
        ok: false,
        error: { code: "internal", message: "not connected to the server; try again once reconnected" },
      });
      return;
    }
    const id = ++lastCallId;
    observe?.({ phase: "send", id, event, payload });
    socket.timeout(timeoutMs).emit(event, payload, (error: Error | null, reply: AckOf<E>) => {
      if (!error) {
        observe?.({ phase: "ack", id, event, payload, ack: reply });
        resolve(reply);
        return;
      }
      // socket.io-client fails every pending call when the connection drops, after marking it disconnected.
      const phase = socket.connected ? "timeout" : "disconnected";
      observe?.({ phase, id, event, payload });
      resolve({
        ok: false,
        error: {
          code: "internal",
          message:
            phase === "timeout"
              ? "the server did not answer in time; check your connection"
              : "the connection dropped before the server answered",
        },
      });
    });
  });
}
