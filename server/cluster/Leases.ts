// Which live sessions this server owns. Ownership is a lease in Redis (SET NX PX), refreshed by its holder; a
// server acts as owner only while it is sure of its lease, so two servers never run one session at once. Its
// holder also draws the session's fencing tokens from Redis (nextFence), which the store checks on every write: a
// server that lost a lease without noticing yet cannot write beside the new owner.
import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import { withTimeout, type RedisClient } from "./redis.ts";

/** How long a lease lives without a refresh: the longest a dead owner blocks its sessions. */
export const LEASE_TTL_MS = 5_000;
/** How often the owner refreshes its leases. */
export const LEASE_REFRESH_MS = 1_500;
/**
 * The owner stops acting this long before its lease could expire in Redis (it counts from the moment it sent
 * the command that set the lease): room for clock drift and for an operation already under way.
 */
export const LEASE_SAFETY_MS = 1_000;

/** Extends the lease only when this server still holds it. */
const REFRESH_SCRIPT = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;
/** Deletes the lease only when this server still holds it. */
const RELEASE_SCRIPT = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

/**
 * Draws the next fencing token, only for the lease's holder, and above ARGV[2] (a token the store already holds:
 * a Redis that restarted without persistence has forgotten its counters, and they start again from 0).
 */
const NEXT_FENCE_SCRIPT = `if redis.call("get", KEYS[1]) ~= ARGV[1] then return 0 end
local fence = redis.call("incr", KEYS[2])
if fence <= tonumber(ARGV[2]) then
  fence = tonumber(ARGV[2]) + 1
  redis.call("set", KEYS[2], fence)
end
return fence`;

export const leaseKey = (code: string) => `downhill:owner:${code}`;
/** The counter of a session's fencing tokens; it outlives the leases. */
export const fenceKey = (code: string) => `downhill:fence:${code}`;

export class Leases {
  /** Held leases: join code -> the monotonic time after which this server must not act as owner. */
  private readonly held = new Map<string, number>();
  private refreshTimer: unknown = null;
  private expiryTimer: unknown = null;
  private refreshing = false;
  /**
   * No free lease is taken before this monotonic time: one lease lifetime after Redis (re)started. A Redis that
   * restarted without persistence has forgotten every lease, but their holders act on them until they fail to
   * refresh or they run out; waiting out LEASE_TTL_MS from Redis's start means none of them still does.
   */
  private takeFreeAfter = Number.POSITIVE_INFINITY;

  constructor(
    private readonly redis: RedisClient,
    readonly nodeId: string,
    private readonly logger: Logger,
    private readonly clock: Clock,
    /** Called once when a lease is lost (taken, expired or not confirmed in time): forget the session. */
    private readonly onLost: (code: string) => void,
  ) {}

  /** Starts refreshing; call once the Redis client is connected. */
  async start(): Promise<void> {
    this.redis.on("ready", () => void this.onRedisReady());
    await this.onRedisReady();
    this.refreshTimer ??= this.clock.setInterval(() => void this.refreshAll(), LEASE_REFRESH_MS);
    this.expiryTimer ??= this.clock.setInterval(() => this.expireOverdue(), 100);
  }

  /** After every (re)connection: learns how long Redis has been up, and checks the leases held at once. */
  private async onRedisReady(): Promise<void> {
    try {
      const info = await withTimeout(this.clock, this.redis.info("server"));
      const uptimeSeconds = Number(/uptime_in_seconds:(\d+)/.exec(info)?.[1] ?? "0");
      // Uptime counts whole seconds: one more second of margin.
      const wait = Math.max(0, LEASE_TTL_MS + 1_000 - uptimeSeconds * 1_000);
      this.takeFreeAfter = this.clock.monotonic() + wait;
      if (wait > 0) this.logger.warn("redis has just started: waiting before taking sessions over", { waitMs: wait });
    } catch (error) {
      this.logger.warn("could not ask redis how long it has been up", { error: String(error) });
    }
    void this.refreshAll();
  }

  /** True while this server holds the lease and is sure of it. */
  owns(code: string): boolean {
    const until = this.held.get(code);
    return until !== undefined && this.clock.monotonic() < until;
  }

  /** Join codes of every lease held. */
  codes(): string[] {
    return [...this.held.keys()];
  }

  /** The node that holds the lease, or null when nobody does. Throws when Redis does not answer. */
  async ownerOf(code: string): Promise<string | null> {
    return withTimeout(this.clock, this.redis.get(leaseKey(code)));
  }

  /** Takes the lease when it is free (or already this server's in Redis); false when another server holds it. */
  async acquire(code: string): Promise<boolean> {
    if (this.owns(code)) return true;
    const sent = this.clock.monotonic();
    const set =
      sent < this.takeFreeAfter
        ? null
        : await withTimeout(
            this.clock,
            this.redis.set(leaseKey(code), this.nodeId, {
              condition: "NX",
              expiration: { type: "PX", value: LEASE_TTL_MS },
            }),
          );
    if (set === "OK" || (await this.refresh(code))) {
      this.held.set(code, sent + LEASE_TTL_MS - LEASE_SAFETY_MS);
      return true;
    }
    return false;
  }

  /**
   * A new fencing token for a session whose lease this server holds, above `past` when given (the token the store
   * holds); null when the lease is not (or no longer) this server's in Redis. Every claim takes a new one.
   */
  async nextFence(code: string, past = 0): Promise<number | null> {
    if (!this.owns(code)) return null;
    const fence = await withTimeout(
      this.clock,
      this.redis.eval(NEXT_FENCE_SCRIPT, {
        keys: [leaseKey(code), fenceKey(code)],
        arguments: [this.nodeId, String(past)],
      }),
    );
    return typeof fence === "number" && fence > 0 ? fence : null;
  }

  /** Forgets a lease whose session another server has claimed since (a write was refused for its fence). */
  lost(code: string): void {
    if (!this.held.has(code)) return;
    this.logger.warn("another server has claimed a session this server held", { code, nodeId: this.nodeId });
    this.lose(code);
  }

  /** Gives a lease back, so another server may take the session at once. */
  async release(code: string): Promise<void> {
    if (!this.held.delete(code)) return;
    await withTimeout(
      this.clock,
      this.redis.eval(RELEASE_SCRIPT, { keys: [leaseKey(code)], arguments: [this.nodeId] }),
    ).catch((error: unknown) => this.logger.warn("could not release a session lease", { code, error: String(error) }));
  }

  async releaseAll(): Promise<void> {
    await Promise.all(this.codes().map((code) => this.release(code)));
  }

  stop(): void {
    this.clock.clearInterval(this.refreshTimer);
    this.clock.clearInterval(this.expiryTimer);
    this.refreshTimer = this.expiryTimer = null;
  }

  /** Extends the lease when Redis still says it is this server's. */
  private async refresh(code: string): Promise<boolean> {
    const extended = await withTimeout(
      this.clock,
      this.redis.eval(REFRESH_SCRIPT, { keys: [leaseKey(code)], arguments: [this.nodeId, String(LEASE_TTL_MS)] }),
    );
    return extended === 1;
  }

  private async refreshAll(): Promise<void> {
    if (this.refreshing) return;
    this.refreshing = true;
    try {
      await Promise.all(
        this.codes().map(async (code) => {
          const sent = this.clock.monotonic();
          try {
            if (await this.refresh(code)) {
              if (this.held.has(code)) this.held.set(code, sent + LEASE_TTL_MS - LEASE_SAFETY_MS);
            } else if (this.held.has(code)) {
              this.logger.warn("lost a session lease (another server took it, or redis forgot it)", {
                code,
                nodeId: this.nodeId,
              });
              this.lose(code);
            }
          } catch (error) {
            // Keep serving until the lease could expire; expireOverdue stops us then.
            this.logger.warn("could not refresh a session lease", { code, error: String(error) });
          }
        }),
      );
    } finally {
      this.refreshing = false;
    }
  }

  private expireOverdue(): void {
    const now = this.clock.monotonic();
    for (const [code, until] of this.held) {
      if (now < until) continue;
      this.logger.warn("giving up a session whose lease could not be confirmed", { code, nodeId: this.nodeId });
      this.lose(code);
    }
  }

  private lose(code: string): void {
    this.held.delete(code);
    this.onLost(code);
  }
}
