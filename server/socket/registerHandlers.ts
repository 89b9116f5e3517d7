// The Socket.IO boundary. Every inbound event is rate-limited, validated with its zod schema and answered with
// one acknowledgement: { ok: true, ... } or { ok: false, error: { code, message } }. Nothing thrown inside a
// handler reaches Socket.IO, and no stack trace reaches a client.
import {
  fail,
  hostAttachPayload,
  hostCommandPayload,
  PROTOCOL_VERSION,
  runFinishPayload,
  runProgressPayload,
  runStartPayload,
  sessionCreatePayload,
  studentJoinPayload,
  type ClientToServerEvents,
  type ErrorCode,
} from "@downhill/core";
import type { z } from "zod";
import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import type { Logger } from "../log.ts";
import { KeyedRateLimiter, TokenBucket } from "../rateLimit.ts";
import { tokenMatches } from "../tokens.ts";
import type { Broadcaster } from "../live/Broadcaster.ts";
import { rooms } from "../live/Broadcaster.ts";
import type { Classroom } from "../live/Classroom.ts";
import { SessionError, type LiveSession } from "../live/LiveSession.ts";
import type { DownhillServer, DownhillSocket } from "./types.ts";

/** A socket refused this many events in a row for flooding, or this many invalid payloads, is disconnected. */
export const FLOOD_DISCONNECT_AFTER = 100;
export const INVALID_DISCONNECT_AFTER = 20;

export interface HandlerDeps {
  readonly io: DownhillServer;
  readonly classroom: Classroom;
  readonly broadcaster: Broadcaster;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly config: Pick<Config, "JOIN_FAILURES_PER_MINUTE" | "SOCKET_EVENTS_PER_SECOND">;
  readonly joinUrlFor: (code: string) => string;
}

type AckFunction = (reply: unknown) => void;
type Reply = { ok: false; error: { code: ErrorCode; message: string; expectedSeq?: number } } | Record<string, unknown>;

export function registerHandlers(deps: HandlerDeps): void {
  const { io, classroom, broadcaster, clock, logger, config } = deps;
  const joinFailures = new KeyedRateLimiter(
    config.JOIN_FAILURES_PER_MINUTE / 60,
    config.JOIN_FAILURES_PER_MINUTE,
    clock,
  );

  io.on("connection", (socket: DownhillSocket) => {
    const address = socket.handshake.address;
    const bucket = new TokenBucket(config.SOCKET_EVENTS_PER_SECOND, config.SOCKET_EVENTS_PER_SECOND * 2, clock);
    let refusedInARow = 0;
    let invalidPayloads = 0;

    // Every event, known or not, passes the socket's rate limit first.
    socket.use((packet, next) => {
      if (bucket.take()) {
        refusedInARow = 0;
        next();
        return;
      }
      refusedInARow++;
      const ack = packet[packet.length - 1] as unknown;
      if (typeof ack === "function") (ack as AckFunction)(fail("rate_limited", "too many events; slow down"));
      if (refusedInARow >= FLOOD_DISCONNECT_AFTER) {
        logger.warn("disconnecting a flooding socket", { socketId: socket.id, address });
        socket.disconnect(true);
      }
    });

    /** Registers a handler: validates the payload, runs it, and acknowledges exactly once. */
    function on<S extends z.ZodType>(
      event: keyof ClientToServerEvents,
      schema: S,
      handle: (payload: z.output<S>) => Promise<Record<string, unknown>>,
    ): void {
      (socket as unknown as { on(event: string, listener: (...args: unknown[]) => void): void }).on(
        event,
        (...args: unknown[]) => {
          const ack = args[args.length - 1];
          if (typeof ack !== "function") {
            strikeInvalid();
            return;
          }
          const reply = ack as AckFunction;
          const parsed = schema.safeParse(args.length > 1 ? args[0] : undefined);
          if (!parsed.success) {
            const issue = parsed.error.issues[0];
            const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
            // Answer first, so even the payload that gets the socket cut off is told why.
            reply(fail("invalid_payload", `${event}: ${where}${issue?.message ?? "invalid payload"}`));
            strikeInvalid();
            return;
          }
          handle(parsed.data).then(
            (data) => reply({ ok: true, ...data }),
            (error: unknown) => reply(errorReply(event, error)),
          );
        },
      );
    }

    function strikeInvalid(): void {
      invalidPayloads++;
      if (invalidPayloads >= INVALID_DISCONNECT_AFTER) {
        logger.warn("disconnecting a socket that keeps sending invalid payloads", { socketId: socket.id, address });
        socket.disconnect(true);
      }
    }

    function errorReply(event: string, error: unknown): Reply {
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

    async function sessionByCode(code: string): Promise<LiveSession> {
      if (!joinFailures.wouldAllow(address)) {
        throw new SessionError("rate_limited", "too many failed attempts from this address; wait a minute");
      }
      const session = await classroom.byJoinCode(code);
      if (!session) {
        joinFailures.take(address);
        throw new SessionError("not_found", `no session has the code ${code}`);
      }
      return session;
    }

    function requireVersion(version: number): void {
      if (version !== PROTOCOL_VERSION) {
        throw new SessionError(
          "protocol_mismatch",
          `this page speaks protocol ${version}, the server speaks ${PROTOCOL_VERSION}: reload the page`,
        );
      }
    }

    async function authorizeHost(code: string, hostToken: string): Promise<LiveSession> {
      const session = await sessionByCode(code);
      if (!tokenMatches(hostToken, session.record.hostTokenHash)) {
        joinFailures.take(address);
        throw new SessionError("forbidden", "this host token does not open this session");
      }
      return session;
    }

    function joinedStudent(): { session: LiveSession; studentId: string } {
      const { sessionId, studentId } = socket.data;
      const session = sessionId ? classroom.get(sessionId) : undefined;
      if (!session || !studentId) throw new SessionError("not_joined", "join a session first");
      return { session, studentId };
    }

    /** Leaves whatever student this socket was before, so one socket counts once in the roster. */
    function detachStudent(): void {
      const { sessionId, studentId } = socket.data;
      if (sessionId && studentId) {
        classroom.get(sessionId)?.setConnected(studentId, -1);
        void socket.leave(rooms.student(studentId));
        void socket.leave(rooms.session(sessionId));
      }
      socket.data.studentId = undefined;
    }

    on("session:create", sessionCreatePayload, async ({ challenge, instructorKey }) => {
      const created = await classroom.create(challenge, instructorKey, deps.joinUrlFor);
      return { ...created };
    });

    on("host:attach", hostAttachPayload, async ({ code, hostToken, protocolVersion }) => {
      requireVersion(protocolVersion);
      const session = await authorizeHost(code, hostToken);
      detachStudent();
      socket.data.sessionId = session.id;
      socket.data.isHost = true;
      await socket.join([rooms.session(session.id), rooms.hosts(session.id)]);
      broadcaster.sendSnapshot(socket, session, { host: true });
      return { state: broadcaster.stateOf(session) };
    });

    on("host:command", hostCommandPayload, async ({ code, hostToken, command }) => {
      const session = await authorizeHost(code, hostToken);
      await session.command(command);
      return { state: broadcaster.stateOf(session) };
    });

    on("student:join", studentJoinPayload, async ({ code, name, studentToken, protocolVersion }) => {
      requireVersion(protocolVersion);
      const session = await sessionByCode(code);
      let token = studentToken;
      let student;
      if (studentToken) {
        try {
          student = session.studentByToken(studentToken);
        } catch (error) {
          if (error instanceof SessionError && error.code === "forbidden") joinFailures.take(address);
          throw error;
        }
      } else {
        const joined = await session.join(name);
        student = joined.student;
        token = joined.token;
      }
      detachStudent();
      const studentId = student.record.id;
      socket.data.sessionId = session.id;
      socket.data.studentId = studentId;
      socket.data.isHost = false;
      await socket.join([rooms.session(session.id), rooms.student(studentId)]);
      session.setConnected(studentId, 1);
      broadcaster.sendSnapshot(socket, session, { host: false, studentId });
      return {
        studentId,
        studentToken: token,
        name: student.record.name,
        state: broadcaster.stateOf(session),
        runs: session.runsOf(studentId).map((run) => session.ownRunView(run)),
        attemptsLeft: session.attemptsLeft(studentId),
      };
    });

    on("run:start", runStartPayload, async ({ runId, config: runConfig }) => {
      const { session, studentId } = joinedStudent();
      const run = await session.startRun(studentId, runId, runConfig);
      return { run: session.ownRunView(run), attemptsLeft: session.attemptsLeft(studentId) };
    });

    on("run:progress", runProgressPayload, async (batch) => {
      const { session, studentId } = joinedStudent();
      return { ...(await session.progress(studentId, batch)) };
    });

    on("run:finish", runFinishPayload, async ({ runId, params }) => {
      const { session, studentId } = joinedStudent();
      return { ...(await session.finish(studentId, runId, params)) };
    });

    socket.on("disconnect", () => detachStudent());
  });
}
