// The Socket.IO boundary. Every inbound event waits for the socket's rate, in arrival order; each event of core's client event table is
// validated with its zod schema, handled by its entry in one handler map and answered with one acknowledgement:
// { ok: true, ... } or { ok: false, error: { code, message } }. Nothing thrown inside a handler reaches Socket.IO,
// and no stack trace reaches a client.
import {
  challengeError,
  challengeIssues,
  CLIENT_EVENTS,
  fail,
  isClientEvent,
  payloadSchema,
  PROTOCOL_VERSION,
  type Ack,
  type AckOf,
  type ClientEvent,
  type EventHandlers,
  type JoinReach,
} from "@downhill/core";
import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import { clientAddress } from "../clientAddress.ts";
import { rooms } from "../live/Broadcaster.ts";
import { SessionError } from "../live/LiveSession.ts";
import type { Logger } from "../log.ts";
import { KeyedRateLimiter, TokenBucket } from "../rateLimit.ts";
import { JoinFailure } from "../sessions/JoinFailure.ts";
import type { SessionGateway } from "../sessions/SessionGateway.ts";
import { MAX_FIELD_ISSUES } from "../live/prepareSession.ts";
import type { ConnectionsWithoutCredential } from "./ConnectionsWithoutCredential.ts";
import { isAckCallback, MAX_BYTES_WAITING, MAX_BYTES_WAITING_WITHOUT_CREDENTIAL, paceEvents } from "./paceEvents.ts";
import type { DownhillServer, DownhillSocket } from "./types.ts";

export { MAX_BYTES_WAITING, MAX_BYTES_WAITING_WITHOUT_CREDENTIAL, MAX_EVENTS_WAITING } from "./paceEvents.ts";
/** The events that may carry a credential: their success proves the socket (see ConnectionsWithoutCredential). */
const CREDENTIAL_EVENTS: ReadonlySet<ClientEvent> = new Set(["host:attach", "host:command", "student:join"]);
/** Events this server no longer handles, and what a client should do instead. */
export const REMOVED_EVENTS: Readonly<Record<string, string>> = {
  "session:create": "session:create was removed: create a session with POST /api/sessions (docs/protocol.md §12)",
};
export const INVALID_DISCONNECT_AFTER = 20;
/** A socket may join (or rejoin) this many times at once, then once a second: a page joins once per connection. */
export const JOIN_BURST = 10;
export const JOIN_EVERY_MS = 1_000;
/**
 * A join past its connection's or address's limit waits its turn, never refused (it may carry a valid token); a
 * socket that keeps more than this many joins waiting is disconnected, unanswered: a page waits for each answer.
 */
export const MAX_JOINS_WAITING = 10;

export interface HandlerDeps {
  readonly io: DownhillServer;
  /** Where the sessions live: in this process, or on whichever server of a cluster owns each one. */
  readonly gateway: SessionGateway;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly config: Pick<
    Config,
    | "JOIN_FAILURES_PER_MINUTE"
    | "JOIN_FAILURES_PER_ADDRESS_PER_MINUTE"
    | "JOINS_PER_ADDRESS_PER_MINUTE"
    | "JOINS_PER_ADDRESS_BURST"
    | "SOCKET_EVENTS_PER_SECOND"
    | "TRUST_PROXY"
  >;
  readonly joinUrlFor: (code: string) => string;
  /** Whether students can open a join link, and the LAN links that would work when they cannot. */
  readonly joinReachFor: (joinUrl: string) => JoinReach;
  /** Records the address (the Origin header) a host's browser used, for that session's join link. */
  readonly rememberHostOrigin: (code: string, origin: string | undefined) => void;
  /** The connections that have not proved a credential yet, counted per address, each with its deadline. */
  readonly withoutCredential: Pick<ConnectionsWithoutCredential, "proved" | "takeIn">;
  /** Told of every acknowledgement: its event, "ok" or the error code, and the seconds since the event arrived. */
  readonly onAck?: (event: string, outcome: string, seconds: number) => void;
}

/** A refused event's acknowledgement: `{ ok: false, error: { code, message } }`. */
type Refusal = Extract<Ack, { ok: false }>;
/** Waits until a dear event may run; resolves false when the socket was cut instead, and nothing is answered. */
type CostHold = () => Promise<boolean>;

export function registerHandlers(deps: HandlerDeps): void {
  const { io, gateway, clock, logger, config } = deps;
  // Guessing join codes is limited per connection, tightly, and per address, loosely: a classroom shares its
  // router's address, and one student's typos must not lock the others out.
  const joinFailuresByAddress = new KeyedRateLimiter(
    config.JOIN_FAILURES_PER_ADDRESS_PER_MINUTE / 60,
    config.JOIN_FAILURES_PER_ADDRESS_PER_MINUTE,
    clock,
  );

  // Dear events are limited by cost, per address too, so that many connections cannot share out a flood. A join
  // may carry a valid token, so past a limit it waits its turn instead of being refused (see protocol §11).
  const joinsByAddress = new KeyedRateLimiter(
    config.JOINS_PER_ADDRESS_PER_MINUTE / 60,
    config.JOINS_PER_ADDRESS_BURST,
    clock,
  );

  io.on("connection", (socket: DownhillSocket) => {
    const address = clientAddress(socket.handshake.address, socket.handshake.headers, config.TRUST_PROXY === "on");
    const joinFailures = new TokenBucket(config.JOIN_FAILURES_PER_MINUTE / 60, config.JOIN_FAILURES_PER_MINUTE, clock);
    const bucket = new TokenBucket(config.SOCKET_EVENTS_PER_SECOND, config.SOCKET_EVENTS_PER_SECOND * 2, clock);
    const joins = new TokenBucket(1000 / JOIN_EVERY_MS, JOIN_BURST, clock);
    let joinsWaiting = 0;
    /** Whether the socket proved a valid credential (a join, an attach or a host command that succeeded). */
    let proved = false;
    let invalidPayloads = 0;
    /** When each event arrived, by its acknowledgement callback (the one its listener receives). */
    const arrivals = new WeakMap<(reply: unknown) => void, number>();
    /** The join code of the session this socket joined or attached to. */
    let sessionCode: string | undefined;

    // Every event, known or not, passes the socket's rate limit first, in the order it arrived (see paceEvents).
    paceEvents(socket, {
      bucket,
      logger,
      address,
      maxBytesWaiting: () => (proved ? MAX_BYTES_WAITING : MAX_BYTES_WAITING_WITHOUT_CREDENTIAL),
      arrived: (ack, at) => arrivals.set(ack, at),
      pass: (packet, next) => {
        if (isClientEvent(String(packet[0]))) next();
        else answerUnknown(packet);
      },
    });

    /** Listens to `event`: validates its payload, runs its handler, and acknowledges exactly once. */
    function listen<E extends ClientEvent>(event: E): void {
      const schema = payloadSchema(event);
      const handle = handlers[event];
      const hold = costHolds[event];
      socket.on<ClientEvent>(event, (...args: unknown[]) => {
        const ack = args[args.length - 1];
        if (!isAckCallback(ack)) {
          strikeInvalid();
          return;
        }
        const arrived = arrivals.get(ack) ?? performance.now();
        // A request that may carry a credential keeps its connection from its deadline until it is answered.
        const settled = CREDENTIAL_EVENTS.has(event) ? deps.withoutCredential.takeIn(socket.conn) : null;
        const reply = (answer: AckOf<E>) => {
          ack(answer);
          // After the answer: a connection past its deadline is closed once its answer is on its way.
          settled?.();
          const outcome = answer.ok ? "ok" : answer.error.code;
          deps.onAck?.(event, outcome, (performance.now() - arrived) / 1000);
        };
        const payload: unknown = args.length > 1 ? args[0] : undefined;
        const parsed = schema.safeParse(payload);
        if (!parsed.success) {
          // A new round's challenge is refused in the same words, field by field, as POST /api/sessions refuses
          // one: an instructor's mistake, not an abuse, so it counts no strike. Only from an attached host: any
          // other socket would otherwise send garbage forever without a strike.
          const refused = event === "host:command" && socket.data.isHost === true ? newRoundRefusal(payload) : null;
          if (refused) {
            reply(refused);
            return;
          }
          const issue = parsed.error.issues[0];
          const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
          // Answer first, so even the payload that gets the socket cut off is told why.
          reply(fail("invalid_payload", `${event}: ${where}${issue?.message ?? "invalid payload"}`));
          strikeInvalid();
          return;
        }
        // An async call: a handler that throws rejects instead, so nothing thrown reaches Socket.IO.
        const run = async () => ((await (hold?.() ?? true)) ? handle(parsed.data) : CUT);
        run().then(
          (data) => {
            if (data !== CUT) reply({ ok: true, ...data });
            else settled?.();
          },
          (error: unknown) => {
            reply(errorReply(event, error));
            if (error instanceof GuessingRefused) {
              logger.warn("disconnecting a socket that guesses past its limit", { socketId: socket.id, address });
              socket.disconnect(true);
            }
          },
        );
      });
    }

    /** Answers an event not in the table, saying what replaced it if it was removed; it counts as invalid. */
    function answerUnknown(packet: unknown[]): void {
      const event = String(packet[0]);
      const ack = packet[packet.length - 1];
      if (isAckCallback(ack)) {
        ack(fail("unknown_event", REMOVED_EVENTS[event] ?? `the server handles no event "${event.slice(0, 40)}"`));
      }
      strikeInvalid();
    }

    function strikeInvalid(): void {
      invalidPayloads++;
      if (invalidPayloads >= INVALID_DISCONNECT_AFTER) {
        logger.warn("disconnecting a socket that keeps sending invalid payloads", { socketId: socket.id, address });
        socket.disconnect(true);
      }
    }

    function errorReply(event: ClientEvent, error: unknown): Refusal {
      if (error instanceof SessionError) {
        return {
          ok: false,
          error: {
            code: error.code,
            message: error.message,
            ...(error.expectedSeq !== undefined ? { expectedSeq: error.expectedSeq } : {}),
          },
        };
      }
      logger.error("handler failed", { event, socketId: socket.id, error });
      return fail("internal", "something went wrong on the server; try again");
    }

    /**
     * Runs a call that names a session by code; a wrong code or token counts as a failed join attempt. A guessing
     * limit never refuses a valid credential: the call is always checked, and only a failure is answered
     * `rate_limited` once the connection or its address is over its limit. Such a failure also cuts the
     * connection, so past the limit each further guess costs a new connection.
     */
    async function byCode<T>(call: () => Promise<T>): Promise<T> {
      const connectionOver = !joinFailures.peek();
      const addressOver = !joinFailuresByAddress.wouldAllow(address);
      try {
        return await call();
      } catch (error) {
        if (!(error instanceof JoinFailure)) throw error;
        joinFailures.take();
        joinFailuresByAddress.take(address);
        if (!connectionOver && !addressOver) throw error;
        // Same answer whether the code or the token was wrong: past the limit nothing tells a guesser which.
        throw new GuessingRefused(
          connectionOver
            ? "too many wrong codes from this page; wait a minute"
            : "too many wrong codes from this network; wait a minute",
        );
      }
    }

    /** The socket carried a valid credential: it no longer counts against its address, and has no deadline. */
    function prove(): void {
      if (proved) return;
      proved = true;
      deps.withoutCredential.proved(socket.conn);
    }

    function requireVersion(version: number): void {
      if (version !== PROTOCOL_VERSION) {
        throw new SessionError(
          "protocol_mismatch",
          `this page speaks protocol ${version}, the server speaks ${PROTOCOL_VERSION}: reload the page`,
        );
      }
    }

    function joinedStudent(): { code: string; studentId: string } {
      const { studentId } = socket.data;
      if (!sessionCode || !studentId) throw new SessionError("not_joined", "join a session first");
      return { code: sessionCode, studentId };
    }

    /** Leaves whatever student this socket was before, so one socket counts once in the roster. */
    function detachStudent(): void {
      const { sessionId, studentId } = socket.data;
      if (sessionCode && sessionId && studentId) {
        // Only the roster's "connected" column depends on it, and the session's owner recounts it regularly.
        gateway.run(sessionCode, "presence", { studentId, change: -1 }).catch((error: unknown) => {
          logger.debug("could not record a student leaving", { socketId: socket.id, error: String(error) });
        });
        void socket.leave(rooms.student(studentId));
        void socket.leave(rooms.session(sessionId));
      }
      socket.data.studentId = undefined;
    }

    // One handler per event of the table (the compiler holds the map to it), each answering its event's reply.
    const handlers: EventHandlers = {
      // The socket joins its rooms before it asks for a snapshot, so no broadcast falls between the two.
      "host:attach": async ({ code, protocolVersion, ...input }) => {
        requireVersion(protocolVersion);
        const attached = await byCode(() => gateway.run(code, "hostAttach", input));
        prove();
        deps.rememberHostOrigin(code, socket.handshake.headers.origin);
        detachStudent();
        sessionCode = code;
        socket.data.sessionId = attached.sessionId;
        socket.data.isHost = true;
        await socket.join([rooms.session(attached.sessionId), rooms.hosts(attached.sessionId)]);
        await gateway.run(code, "snapshot", { socketId: socket.id, role: { host: true } });
        const joinUrl = deps.joinUrlFor(code);
        return { state: { ...attached.state, joinUrl }, joinReach: deps.joinReachFor(joinUrl) };
      },

      "host:command": async ({ code, ...input }) => {
        const done = await byCode(() => gateway.run(code, "hostCommand", input));
        prove();
        return done;
      },

      "student:join": async ({ code, protocolVersion, ...input }) => {
        requireVersion(protocolVersion);
        const { sessionId, ...joined } = await byCode(() => gateway.run(code, "studentJoin", input));
        prove();
        const { studentId } = joined;
        if (socket.disconnected) {
          // Gone while joining: the socket it was counted for will never leave.
          void gateway.run(code, "presence", { studentId, change: -1 }).catch(() => undefined);
          return joined;
        }
        detachStudent();
        sessionCode = code;
        socket.data.sessionId = sessionId;
        socket.data.studentId = studentId;
        socket.data.isHost = false;
        await socket.join([rooms.session(sessionId), rooms.student(studentId)]);
        await gateway.run(code, "snapshot", { socketId: socket.id, role: { host: false, studentId } });
        return joined;
      },

      "run:start": async (payload) => {
        const { code, studentId } = joinedStudent();
        return gateway.run(code, "runStart", { studentId, ...payload });
      },

      "run:progress": async (batch) => {
        const { code, studentId } = joinedStudent();
        return gateway.run(code, "runProgress", { studentId, ...batch });
      },

      "run:finish": async (payload) => {
        const { code, studentId } = joinedStudent();
        return gateway.run(code, "runFinish", { studentId, ...payload });
      },

      "run:cancel": async (payload) => {
        const { code, studentId } = joinedStudent();
        return gateway.run(code, "runCancel", { studentId, ...payload });
      },
    };

    /** The dear events, limited by cost on top of the socket's event rate: held, not refused. */
    const costHolds: Partial<Record<ClientEvent, CostHold>> = {
      "student:join": async () => {
        const own = joins.take();
        if (own && joinsByAddress.takeIfNoneWaiting(address)) return true;
        if (joinsWaiting >= MAX_JOINS_WAITING) {
          logger.warn("disconnecting a socket that keeps too many joins waiting", { socketId: socket.id, address });
          socket.disconnect(true);
          return false;
        }
        joinsWaiting++;
        try {
          const wanted = () => socket.connected;
          if (!own) await joins.turn(wanted);
          await joinsByAddress.turn(address, wanted);
        } finally {
          joinsWaiting--;
        }
        return socket.connected;
      },
    };

    for (const event of CLIENT_EVENTS) listen(event);
    socket.on("disconnect", () => detachStudent());
  });
}

/** What a held event resolves to when its socket was cut while it waited: nothing is answered. */
const CUT = Symbol("cut");

/** A wrong code or token from a connection or address over its guessing limit: answered, then disconnected. */
class GuessingRefused extends SessionError {
  constructor(message: string) {
    super("rate_limited", message);
    this.name = "GuessingRefused";
  }
}

/**
 * The refusal of a `newRound` host command whose challenge the schema refuses, with each field's problem as
 * POST /api/sessions names it; null for any other payload (refused as `invalid_payload`).
 */
function newRoundRefusal(payload: unknown): Ack | null {
  if (typeof payload !== "object" || payload === null || !("command" in payload)) return null;
  const { command } = payload;
  if (typeof command !== "object" || command === null || !("type" in command) || command.type !== "newRound") {
    return null;
  }
  const fields = challengeIssues("challenge" in command ? command.challenge : undefined);
  if (fields.length === 0) return null;
  const error = challengeError(fields);
  return { ok: false, error: { ...error, fields: error.fields.slice(0, MAX_FIELD_ISSUES) } };
}
