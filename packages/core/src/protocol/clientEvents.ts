// The one table of client-to-server events: per event, the zod schema its payload must pass and the type of the
// data its acknowledgement carries. Everything else is derived from it: the Socket.IO event map, the server's
// handler map, the gateway's operations and the clients' `call`, so adding a row here makes the compiler ask for
// the rest.
import type { z } from "zod";
import type { Ack } from "./errors.ts";
import {
  hostAttachPayload,
  hostCommandPayload,
  runCancelPayload,
  runFinishPayload,
  runProgressPayload,
  runStartPayload,
  sessionCreatePayload,
  studentJoinPayload,
  type CommandApplied,
  type HostAttached,
  type ProgressAcked,
  type RunFinished,
  type RunStarted,
  type SessionCreated,
  type StudentJoined,
} from "./events.ts";

/**
 * Names the type of an acknowledgement's data in the table. Replies are built by the server, never parsed, so
 * they carry a type and no schema; the property is never set.
 */
export interface ReplyType<T extends object> {
  readonly replyType?: T;
}

/** The table's marker for replies of type `T`. */
function reply<T extends object>(): ReplyType<T> {
  return {};
}

/** One event's row: what the client sends, and what it gets back when the event succeeds. */
export interface ClientEventSpec {
  readonly payload: z.ZodType;
  readonly reply: ReplyType<object>;
}

/** Every event a client sends, one row each: adding a row is how an event is added (see server/README.md). */
export const clientEventTable = {
  "session:create": { payload: sessionCreatePayload, reply: reply<SessionCreated>() },
  "host:attach": { payload: hostAttachPayload, reply: reply<HostAttached>() },
  "host:command": { payload: hostCommandPayload, reply: reply<CommandApplied>() },
  "student:join": { payload: studentJoinPayload, reply: reply<StudentJoined>() },
  "run:start": { payload: runStartPayload, reply: reply<RunStarted>() },
  "run:progress": { payload: runProgressPayload, reply: reply<ProgressAcked>() },
  "run:finish": { payload: runFinishPayload, reply: reply<RunFinished>() },
  "run:cancel": { payload: runCancelPayload, reply: reply<RunFinished>() },
} as const satisfies Record<string, ClientEventSpec>;

type ClientEventTable = typeof clientEventTable;

/** The name of an event a client sends. */
export type ClientEvent = keyof ClientEventTable;

/** What a client sends with `E`, before the schema's defaults and transforms. */
export type PayloadOf<E extends ClientEvent> = z.input<ClientEventTable[E]["payload"]>;

/** What the server's handler of `E` receives: the payload once its schema passed it. */
export type ValidPayloadOf<E extends ClientEvent> = z.output<ClientEventTable[E]["payload"]>;

/** The data of a successful acknowledgement of `E`. */
export type ReplyOf<E extends ClientEvent> = ClientEventTable[E]["reply"] extends ReplyType<infer T> ? T : never;

/** The acknowledgement of `E`: `{ ok: true, ...ReplyOf<E> }` or a refusal. */
export type AckOf<E extends ClientEvent> = Ack<ReplyOf<E>>;

/** The events a client sends, for Socket.IO's typings. Every one takes an acknowledgement callback. */
export type ClientToServerEvents = {
  [E in ClientEvent]: (payload: PayloadOf<E>, ack: (ack: AckOf<E>) => void) => void;
};

/**
 * The server's answer to a valid `E`: resolves with the reply's data, or rejects with the refusal (the server
 * turns both into the one acknowledgement).
 */
export type EventHandler<E extends ClientEvent> = (payload: ValidPayloadOf<E>) => Promise<ReplyOf<E>>;

/** One handler per event, each typed by its row: a missing one, or one of the wrong shape, fails to compile. */
export type EventHandlers = { readonly [E in ClientEvent]: EventHandler<E> };

/** Every event's row seen through its types, so that for a generic `E` the compiler still pairs a schema with `E`. */
type TypedTable = {
  readonly [E in ClientEvent]: { readonly payload: z.ZodType<ValidPayloadOf<E>, PayloadOf<E>> };
};
const typedTable: TypedTable = clientEventTable;

/** The schema that checks the payload of `event`. */
export function payloadSchema<E extends ClientEvent>(event: E): z.ZodType<ValidPayloadOf<E>, PayloadOf<E>> {
  return typedTable[event].payload;
}

/** True for the name of an event of the table. */
export function isClientEvent(name: string): name is ClientEvent {
  return Object.hasOwn(clientEventTable, name);
}

/** Every event's name, in the table's order. */
export const CLIENT_EVENTS: readonly ClientEvent[] = Object.keys(clientEventTable).filter(isClientEvent);
