// The one way the Socket.IO handlers reach live sessions. Every input and output is plain data, so a call can run
// in this process (LocalGateway) or travel to the server that owns the session (cluster/ClusterGateway).
import type { ReplyOf, SessionCreated, ValidPayloadOf } from "@downhill/core";
import type { PreparedSession } from "../live/prepareSession.ts";

/** Who a snapshot is for: the host's screen, or one student's. */
export interface SnapshotRole {
  readonly host: boolean;
  readonly studentId?: string;
}

/** Names the student a socket joined as: every student operation acts for one. */
interface AsStudent {
  readonly studentId: string;
}

/** The fields of an event's payload that reach the session: all but its code (the gateway's own argument). */
type SessionInput<E extends "host:attach" | "host:command" | "student:join"> = Omit<
  ValidPayloadOf<E>,
  "code" | "protocolVersion"
>;

/**
 * Every operation that runs where a session lives: what it takes besides the session's join code, and what it
 * answers. The operations behind a client event take that event's checked payload and answer its reply (plus what
 * the socket needs to join the session's rooms), so a change to the event table reaches them too.
 */
export interface GatewayOps {
  /** Checks the host token; the caller then joins the session's rooms and asks for a snapshot. */
  readonly hostAttach: {
    readonly input: SessionInput<"host:attach">;
    /** Without joinReach: the server the host's socket is on adds it (its own network interfaces). */
    readonly output: Omit<ReplyOf<"host:attach">, "joinReach"> & { readonly sessionId: string };
  };
  readonly hostCommand: { readonly input: SessionInput<"host:command">; readonly output: ReplyOf<"host:command"> };
  /** A new student (no token) or a returning one; counts one more connected socket for them. */
  readonly studentJoin: {
    readonly input: SessionInput<"student:join">;
    readonly output: ReplyOf<"student:join"> & { readonly sessionId: string };
  };
  /** Sends every view to one socket (by id, on whichever server it is connected). */
  readonly snapshot: {
    readonly input: { readonly socketId: string; readonly role: SnapshotRole };
    readonly output: void;
  };
  readonly runStart: { readonly input: AsStudent & ValidPayloadOf<"run:start">; readonly output: ReplyOf<"run:start"> };
  readonly runProgress: {
    readonly input: AsStudent & ValidPayloadOf<"run:progress">;
    readonly output: ReplyOf<"run:progress">;
  };
  readonly runFinish: {
    readonly input: AsStudent & ValidPayloadOf<"run:finish">;
    readonly output: ReplyOf<"run:finish">;
  };
  readonly runCancel: {
    readonly input: AsStudent & ValidPayloadOf<"run:cancel">;
    readonly output: ReplyOf<"run:cancel">;
  };
  /** One socket attached to (+1) or left (-1) a student, for the roster's "connected" column. */
  readonly presence: { readonly input: AsStudent & { readonly change: 1 | -1 }; readonly output: void };
}

/** An operation's name: what a remote call may ask for. */
export type GatewayOp = keyof GatewayOps;
export type GatewayInput<O extends GatewayOp> = GatewayOps[O]["input"];
export type GatewayOutput<O extends GatewayOp> = GatewayOps[O]["output"];

/** One call of an operation on the session with this code, as plain data (what travels between servers). */
export type GatewayCall<O extends GatewayOp = GatewayOp> = {
  [P in O]: { readonly op: P; readonly code: string; readonly input: GatewayInput<P> };
}[O];

/** Every operation's name, for checking a name at run time; the compiler keeps it complete. */
const OPS_PRESENT: Record<GatewayOp, true> = {
  hostAttach: true,
  hostCommand: true,
  studentJoin: true,
  snapshot: true,
  runStart: true,
  runProgress: true,
  runFinish: true,
  runCancel: true,
  presence: true,
};

/** True for the name of a gateway operation (a call from another server may name anything). */
export function isGatewayOp(name: string): name is GatewayOp {
  return Object.hasOwn(OPS_PRESENT, name);
}

/**
 * Every operation names its session by join code. Refusals are SessionErrors (JoinFailure for a wrong code or
 * token); their codes reach the client unchanged wherever the session lives.
 */
export interface SessionGateway {
  /** Creates a session from one prepared off the event loop (prepareSession). */
  create(prepared: PreparedSession, instructorKey: string | undefined): Promise<SessionCreated>;
  /** Runs `op` on the session with this code, wherever it lives. */
  run<O extends GatewayOp>(code: string, op: O, input: GatewayInput<O>): Promise<GatewayOutput<O>>;
  /** Stops background work and lets queued writes commit. */
  close(): Promise<void>;
}
