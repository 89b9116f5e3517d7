// Two owners of one session, in-process on one PostgreSQL schema and the Redis at 6379: node A stands still on a
// TestClock (a server paused in a long GC or cut off from Redis) and so still believes it holds the lease after it
// has run out; node B takes the session over. A's next write carries its old fencing token and is refused: A
// answers `unavailable`, forgets the session, and the client's retry through A reaches B.
import { PROTOCOL_VERSION } from "@downhill/core";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, connect, expectError, expectOk, type TestSocket } from "../test/clients.ts";
import { startServer, type TestServer } from "../test/servers.ts";
import { joinStudent, postChallenge } from "../test/sessions.ts";
import { TestClock } from "../test/TestClock.ts";
import { ClusterGateway } from "./ClusterGateway.ts";
import { freshSchema, lineChallenge, requireClusterServices, skipCluster } from "./clusterHarness.ts";
import { leaseKey } from "./Leases.ts";

const redisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

describe.skipIf(skipCluster)("fencing: a store write made under a lost lease", () => {
  let schema: ReturnType<typeof freshSchema>;
  let a: TestServer;
  let b: TestServer;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    await requireClusterServices();
    schema = freshSchema();
    const env = (nodeId: string) => ({ REDIS_URL: redisUrl, NODE_ID: nodeId });
    // A's leases are never refreshed nor expired: its time (and its interval timers) move only if the test says.
    a = await startServer({
      databaseUrl: schema.databaseUrl,
      env: env("fence-a"),
      clock: new TestClock({ intervals: "virtual" }),
    });
    b = await startServer({ databaseUrl: schema.databaseUrl, env: env("fence-b") });
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await a?.close();
    await b?.close();
    await schema?.drop();
  });

  it("is refused: the stale owner answers unavailable and drops the session, and nothing it wrote is stored", async () => {
    const created = await postChallenge(a.url, lineChallenge(20));
    const { code, hostToken, sessionId } = created;
    const gatewayA = a.app.gateway;
    if (!(gatewayA instanceof ClusterGateway)) throw new Error("node A is not in cluster mode");
    expect(gatewayA.leases.owns(code)).toBe(true);
    const hostOnA = await connect(a.url);
    sockets.push(hostOnA);
    const attach = { code, hostToken, protocolVersion: PROTOCOL_VERSION };
    expectOk(await call(hostOnA, "host:attach", attach));

    // A's lease runs out in Redis while A stands still; B takes the session over when its host attaches there.
    const redis = createClient({ url: redisUrl });
    await redis.connect();
    await redis.del(leaseKey(code));
    await redis.close();
    const hostOnB = await connect(b.url);
    sockets.push(hostOnB);
    expectOk(await call(hostOnB, "host:attach", attach));
    expect(b.app.classroom.loaded(code)).toBeDefined();
    // A has not noticed: by its own clock the lease is still good.
    expect(gatewayA.leases.owns(code)).toBe(true);

    // Without fencing, A would lock the session beside its new owner.
    const lock = { code, hostToken, command: { type: "lock" } } as const;
    expectError(await call(hostOnA, "host:command", lock), "unavailable");
    expect((await a.store.getSession(sessionId))?.locked).toBe(false);
    expect(a.app.classroom.loaded(code)).toBeUndefined();
    expect(gatewayA.leases.owns(code)).toBe(false);

    // The client tries again through A, which now forwards to B; B's memory and the store agree.
    expectOk(await call(hostOnA, "host:command", lock));
    expect((await b.store.getSession(sessionId))?.locked).toBe(true);
    expect(b.app.classroom.loaded(code)?.record.locked).toBe(true);

    // A student joining through A (once B has unlocked) is admitted by B, once.
    expectOk(await call(hostOnA, "host:command", { code, hostToken, command: { type: "unlock" } }));
    const ada = await joinStudent(a.url, code, "Ada");
    sockets.push(ada.socket);
    expect((await b.store.listStudents(sessionId)).map((student) => student.name)).toEqual(["Ada"]);
  });
});
