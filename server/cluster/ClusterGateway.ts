// Several servers serving sessions together. Each live session has one owner at a time, the server holding its
// lease in Redis: it keeps the session in memory, runs its timer and broadcasts it. Every other server forwards
// calls to the owner over Redis. Memory is only a cache of PostgreSQL, so a new owner loads the session from the
// store and nothing acknowledged is lost when an owner dies.
import type { PreparedSession } from "../live/prepareSession.ts";
import type { Clock } from "../clock.ts";
import { rooms } from "../live/Broadcaster.ts";
import type { Classroom } from "../live/Classroom.ts";
import { SessionError } from "../live/LiveSession.ts";
import type { Logger } from "../log.ts";
import type { DownhillServer } from "../socket/types.ts";
import type { Store } from "../store/Store.ts";
import { JoinFailure } from "../sessions/JoinFailure.ts";
import type { LocalGateway } from "../sessions/LocalGateway.ts";
import {
  isGatewayOp,
  type GatewayCall,
  type GatewayInput,
  type GatewayOp,
  type GatewayOutput,
  type SessionGateway,
} from "../sessions/SessionGateway.ts";
import { Leases } from "./Leases.ts";
import type { RedisClient } from "./redis.ts";
import { Rpc, type RpcAnswer, type WireError } from "./Rpc.ts";

/** How long a call may look for a session's owner (or wait for a dead owner's lease to expire) before `unavailable`. */
export const ROUTE_DEADLINE_MS = 6_000;
/**
 * How long one forwarded call waits for the owner's answer. An owner admitting a whole class at once answers in
 * seconds, not milliseconds (at 1.5 s, 551 of 5,000 joins over two nodes timed out), and the pages wait 10 s for
 * an acknowledgement. A dead owner is not found by this timeout but by its lease, which stops being renewed.
 */
export const RPC_TIMEOUT_MS = 5_000;
/** Pause between two attempts to find or become the owner. */
const RETRY_MS = 150;
/** How often a server adopts live sessions that nobody owns, and recounts who is connected to the ones it owns. */
export const SWEEP_MS = 5_000;

export interface ClusterGatewayDeps {
  readonly io: DownhillServer;
  readonly classroom: Classroom;
  readonly local: LocalGateway;
  readonly store: Store;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly nodeId: string;
  /** Commands: fails fast while Redis is down. */
  readonly redis: RedisClient;
  /** Pub/sub for the calls between servers. */
  readonly subscriber: RedisClient;
}

export class ClusterGateway implements SessionGateway {
  readonly leases: Leases;
  private readonly rpc: Rpc;
  private sweepTimer: unknown = null;
  private closing = false;

  constructor(private readonly deps: ClusterGatewayDeps) {
    this.leases = new Leases(deps.redis, deps.nodeId, deps.logger, deps.clock, (code) => deps.classroom.drop(code));
    this.rpc = new Rpc(deps.redis, deps.subscriber, deps.nodeId, deps.logger, deps.clock, (call) => this.serve(call));
    // A session is claimed in the store with a fencing token drawn under its lease, and one refused write (for a
    // stale token) gives the lease up here.
    deps.classroom.useClaims({
      tokenFor: async (code, past) => {
        const fence = await this.leases.nextFence(code, past);
        if (fence === null) throw unavailable();
        return fence;
      },
      lost: (code) => this.leases.lost(code),
    });
  }

  async start(): Promise<void> {
    await this.rpc.start();
    await this.leases.start();
    await this.sweep();
    this.sweepTimer = this.deps.clock.setInterval(() => void this.sweep(), SWEEP_MS);
  }

  async create(prepared: PreparedSession, instructorKey: string | undefined) {
    const created = await this.deps.local.create(prepared, instructorKey);
    // A fresh code is unknown to everyone else, so its lease is free; if Redis is down, the session waits in the
    // store for the first server that can take it. Once the lease is held, the session is claimed under it.
    const claimed = await this.leases
      .acquire(created.code)
      .then(async (owned) => {
        const fence = owned ? await this.leases.nextFence(created.code) : null;
        if (fence !== null) await this.deps.classroom.claim(created.code, fence);
        return fence !== null;
      })
      .catch(() => false);
    if (!claimed) this.deps.classroom.drop(created.code);
    return created;
  }

  run<O extends GatewayOp>(code: string, op: O, input: GatewayInput<O>): Promise<GatewayOutput<O>> {
    return this.route(code, op, input);
  }

  /** Lets queued writes commit, then hands every lease back so other servers take the sessions at once. */
  async close(): Promise<void> {
    this.closing = true;
    this.deps.clock.clearInterval(this.sweepTimer);
    this.leases.stop();
    await this.deps.local.close();
    await this.leases.releaseAll();
  }

  /** Runs `op` where the session lives: here when this server owns it (or can take it), else at its owner. */
  private async route<O extends GatewayOp>(code: string, op: O, input: GatewayInput<O>): Promise<GatewayOutput<O>> {
    // A server shutting down hands its sessions over; it takes none.
    if (this.closing) throw unavailable();
    const { clock } = this.deps;
    const deadline = clock.monotonic() + ROUTE_DEADLINE_MS;
    for (;;) {
      if (this.leases.owns(code)) return this.runHere(code, op, input);
      let owner: string | null | undefined;
      try {
        owner = await this.leases.ownerOf(code);
        if (owner === null || owner === this.deps.nodeId) {
          if (await this.leases.acquire(code)) return this.runHere(code, op, input);
        }
      } catch (error) {
        this.deps.logger.warn("cannot reach redis to find a session's owner", { code, op, error: String(error) });
        owner = undefined;
      }
      if (owner && owner !== this.deps.nodeId) {
        const call: GatewayCall<O> = { op, code, input };
        const outcome = await this.rpc.call(
          owner,
          call,
          Math.max(0, Math.min(RPC_TIMEOUT_MS, deadline - clock.monotonic())),
        );
        if (outcome.kind === "value") return outcome.value;
        if (outcome.kind === "error") throw reviveError(outcome.error);
        if (outcome.kind === "timeout") {
          this.deps.logger.warn("a session's owner did not answer", { code, op, owner });
          // The call went out: repeating an operation that is not idempotent could apply it twice.
          throw unavailable();
        }
        // "moved" or "undelivered": ask again who owns it; a dead owner's lease runs out within LEASE_TTL_MS.
      }
      if (clock.monotonic() + RETRY_MS >= deadline) throw unavailable();
      await clock.sleep(RETRY_MS);
    }
  }

  /** Runs an operation on a session this server owns, loading it from the store on first use. */
  private async runHere<O extends GatewayOp>(code: string, op: O, input: GatewayInput<O>): Promise<GatewayOutput<O>> {
    await this.ensureLoaded(code);
    return this.deps.local.run(code, op, input);
  }

  /** Loads a session whose lease this server just took; a JoinFailure (and the lease given back) when none exists. */
  private async ensureLoaded(code: string): Promise<void> {
    if (this.deps.classroom.loaded(code)) return;
    const session = await this.deps.classroom.byJoinCode(code);
    if (!session) {
      await this.leases.release(code);
      throw new JoinFailure("not_found", `no session has the code ${code}`);
    }
    if (!this.leases.owns(code)) {
      // The lease ran out while the store was read.
      this.deps.classroom.drop(code);
      throw unavailable();
    }
    this.deps.logger.info("took over a session", { code, nodeId: this.deps.nodeId });
    void this.recountPresence(code);
  }

  /** Answers a call from another server (which may run another version: its call is checked before it runs). */
  private async serve(call: GatewayCall): Promise<RpcAnswer> {
    const { op, code } = call;
    if (!isGatewayOp(op) || typeof code !== "string") {
      return { kind: "error", error: { code: "internal", message: "unknown cluster call" } };
    }
    if (this.closing || !this.leases.owns(code)) return { kind: "moved" };
    try {
      return { kind: "value", value: await this.runHere(code, call.op, call.input) };
    } catch (error) {
      if (error instanceof SessionError) {
        return {
          kind: "error",
          error: {
            code: error.code,
            message: error.message,
            ...(error.expectedSeq !== undefined ? { expectedSeq: error.expectedSeq } : {}),
            ...(error instanceof JoinFailure ? { joinFailure: true } : {}),
          },
        };
      }
      this.deps.logger.error("cluster call failed", { op, code, error });
      return { kind: "error", error: { code: "internal", message: "something went wrong on the server; try again" } };
    }
  }

  /**
   * Adopts live sessions nobody owns (their owner died and no client has asked since), so their timers and
   * broadcasts run again; and recounts the connected sockets of the sessions this server owns.
   */
  private async sweep(): Promise<void> {
    if (this.closing) return;
    try {
      const live = await this.deps.store.listLiveSessions();
      for (const record of live) {
        if (this.closing) return;
        if (this.leases.owns(record.code)) continue;
        if ((await this.leases.ownerOf(record.code)) !== null) continue;
        if (!(await this.leases.acquire(record.code))) continue;
        await this.ensureLoaded(record.code);
      }
    } catch (error) {
      this.deps.logger.warn("could not adopt unowned sessions", { error: String(error) });
    }
    for (const code of this.leases.codes()) void this.recountPresence(code);
  }

  /**
   * Sets each student's connected-socket count from the sockets of every server: a new owner starts from the
   * truth, and sockets of a server that died stop counting.
   */
  private async recountPresence(code: string): Promise<void> {
    const session = this.deps.classroom.loaded(code);
    if (!session) return;
    try {
      const sockets = await this.deps.io.in(rooms.session(session.id)).fetchSockets();
      const counts = new Map<string, number>();
      for (const socket of sockets) {
        const { studentId, sessionId } = socket.data;
        if (studentId && sessionId === session.id) counts.set(studentId, (counts.get(studentId) ?? 0) + 1);
      }
      for (const [studentId, student] of session.students) {
        const count = counts.get(studentId) ?? 0;
        if (student.sockets === count) continue;
        student.sockets = count;
        session.dirty.roster = true;
        session.dirty.counts = true;
      }
    } catch (error) {
      // A server that just died keeps answering nobody until the adapter stops waiting for it; try next sweep.
      this.deps.logger.debug("could not recount connected sockets", { code, error: String(error) });
    }
  }
}

function unavailable(): SessionError {
  return new SessionError("unavailable", "the session is moving to another server; try again");
}

function reviveError(error: WireError): SessionError {
  return error.joinFailure
    ? new JoinFailure(error.code, error.message)
    : new SessionError(error.code, error.message, error.expectedSeq);
}
