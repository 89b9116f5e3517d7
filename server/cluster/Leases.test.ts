// Session leases against a real Redis (REDIS_URL of the tests, 127.0.0.1:6379 by default), on a TestClock: the
// leases' timers and deadlines run on the test's time, so expiry is exact and nothing sleeps.
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "../log.ts";
import { TestClock } from "../test/TestClock.ts";
import { fenceKey, LEASE_REFRESH_MS, LEASE_SAFETY_MS, LEASE_TTL_MS, leaseKey, Leases } from "./Leases.ts";
import { createRedisClient, type RedisClient } from "./redis.ts";

const redisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const logger = createLogger("silent");

let clock: TestClock;
let clients: RedisClient[] = [];
let leases: Leases[] = [];
const codes: string[] = [];

/** A server's leases on its own Redis connection; `lost` collects the codes it gave up. */
async function node(nodeId: string) {
  const redis = createRedisClient(redisUrl, logger, clock, nodeId, true);
  await redis.connect();
  clients.push(redis);
  const lost: string[] = [];
  const held = new Leases(redis, nodeId, logger, clock, (code) => lost.push(code));
  leases.push(held);
  await held.start();
  return { leases: held, lost, redis };
}

function newCode(): string {
  const code = `T${randomUUID().slice(0, 8)}`;
  codes.push(code);
  return code;
}

beforeEach(() => {
  clock = new TestClock({ intervals: "virtual" });
  // Past the wait after a Redis (re)start, whenever the Redis under test started.
  clock.advance(LEASE_TTL_MS + 60_000);
});

afterEach(async () => {
  for (const held of leases) held.stop();
  await Promise.all(clients.filter((client) => client.isOpen).map((client) => client.close()));
  leases = [];
  clients = [];
});

afterAll(async () => {
  const redis = createRedisClient(redisUrl, logger, new TestClock(), "cleanup", true);
  await redis.connect();
  if (codes.length > 0) await redis.del(codes.flatMap((code) => [leaseKey(code), fenceKey(code)]));
  await redis.close();
});

describe("session leases", () => {
  it("a lease another server holds is not taken, and its holder is named", async () => {
    const a = await node("node-a");
    const b = await node("node-b");
    const code = newCode();
    expect(await a.leases.acquire(code)).toBe(true);
    expect(await b.leases.acquire(code)).toBe(false);
    expect(a.leases.owns(code)).toBe(true);
    expect(b.leases.owns(code)).toBe(false);
    expect(await b.leases.ownerOf(code)).toBe("node-a");
  });

  it("an owner that cannot confirm its lease stops acting LEASE_TTL_MS - LEASE_SAFETY_MS after it asked, not before", async () => {
    const a = await node("node-a");
    const code = newCode();
    expect(await a.leases.acquire(code)).toBe(true);
    // Redis goes away for this server: every refresh from now on fails.
    await a.redis.close();
    clock.advance(LEASE_TTL_MS - LEASE_SAFETY_MS - 1);
    expect(a.leases.owns(code)).toBe(true);
    expect(a.lost).toEqual([]);
    clock.advance(1);
    expect(a.leases.owns(code)).toBe(false);
    clock.advance(100);
    expect(a.lost).toEqual([code]);
  });

  it("an owner whose lease another server has taken in Redis gives it up at its next refresh", async () => {
    const a = await node("node-a");
    const code = newCode();
    expect(await a.leases.acquire(code)).toBe(true);
    await a.redis.set(leaseKey(code), "node-b");
    clock.advance(LEASE_REFRESH_MS);
    await vi.waitFor(() => expect(a.lost).toEqual([code]));
    expect(a.leases.owns(code)).toBe(false);
  });

  it("a confirmed refresh keeps the lease past its first lifetime", async () => {
    const a = await node("node-a");
    const code = newCode();
    expect(await a.leases.acquire(code)).toBe(true);
    for (let elapsed = 0; elapsed < 3 * LEASE_TTL_MS; elapsed += LEASE_REFRESH_MS) {
      clock.advance(LEASE_REFRESH_MS);
      // One connection answers in order: once a PING is answered, so is the refresh sent before it.
      await a.redis.ping();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(a.leases.owns(code)).toBe(true);
    expect(a.lost).toEqual([]);
  });

  it("fencing tokens: each one the holder draws is larger, and only the holder in Redis draws any", async () => {
    const a = await node("node-a");
    const b = await node("node-b");
    const code = newCode();
    expect(await a.leases.acquire(code)).toBe(true);
    const first = await a.leases.nextFence(code);
    const second = await a.leases.nextFence(code);
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first!);
    expect(await b.leases.nextFence(code)).toBeNull();

    // Taken over in Redis while this server still believes it holds the lease: Redis refuses it a token.
    await a.redis.set(leaseKey(code), "node-b");
    expect(a.leases.owns(code)).toBe(true);
    expect(await a.leases.nextFence(code)).toBeNull();
  });

  it("a token drawn above one the store holds (Redis forgot its counter) is past it, and the next one above that", async () => {
    const a = await node("node-a");
    const code = newCode();
    expect(await a.leases.acquire(code)).toBe(true);
    expect(await a.leases.nextFence(code, 41)).toBe(42);
    expect(await a.leases.nextFence(code)).toBe(43);
  });

  it("a released lease is free at once, and the next holder's tokens are above the last holder's", async () => {
    const a = await node("node-a");
    const b = await node("node-b");
    const code = newCode();
    expect(await a.leases.acquire(code)).toBe(true);
    const before = await a.leases.nextFence(code);
    await a.leases.release(code);
    expect(a.leases.owns(code)).toBe(false);
    expect(await b.leases.acquire(code)).toBe(true);
    expect(await b.leases.nextFence(code)).toBeGreaterThan(before!);
  });
});
