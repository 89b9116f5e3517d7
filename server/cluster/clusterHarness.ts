// Helpers for the cluster tests: a private redis-server on a free port, a fresh PostgreSQL schema, and server
// processes (`server/main.ts`) that share both. PostgreSQL and redis-server are required: when either is
// missing the tests fail saying so, unless DOWNHILL_SKIP_CLUSTER=1.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { connect as tcpConnect } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, onTestFailed } from "vitest";
import { call, connect, expectOk, type OkAck, type TestSocket } from "../test/clients.ts";
import { spawnServer } from "../test/servers.ts";
import { PROTOCOL_VERSION, type AckOf, type ChallengeInput, type ClientEvent, type PayloadOf } from "@downhill/core";
import { freePort } from "../test/freePort.ts";
import type { ServerProcess } from "../test/serverProcess.ts";
import { LEASE_TTL_MS } from "./Leases.ts";

export const skipCluster = process.env.DOWNHILL_SKIP_CLUSTER === "1";
const postgresUrl = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

/** Throws, naming what is missing, when PostgreSQL or redis-server is not available. */
export async function requireClusterServices(): Promise<void> {
  const problems: string[] = [];
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    problems.push(`PostgreSQL at ${postgresUrl} (or TEST_DATABASE_URL): ${String(error)}`);
  } finally {
    await client.end().catch(() => undefined);
  }
  const redis = spawnSync("redis-server", ["--version"], { encoding: "utf8" });
  if (redis.error || redis.status !== 0) problems.push(`a redis-server binary on PATH: ${String(redis.error ?? "")}`);
  if (problems.length > 0) {
    throw new Error(`the cluster tests need ${problems.join(" and ")}; set DOWNHILL_SKIP_CLUSTER=1 to skip them`);
  }
}

/** A DATABASE_URL naming a new schema (the migration runner creates it); drop() removes it. */
export function freshSchema(): { databaseUrl: string; drop: () => Promise<void> } {
  const schema = `downhill_cluster_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  const url = new URL(postgresUrl);
  url.searchParams.set("schema", schema);
  return {
    databaseUrl: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).finally(() => client.end());
    },
  };
}

/** Resolves once something accepts TCP connections on the port. */
async function listening(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = tcpConnect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on port ${port} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A redis-server of the test's own, without persistence: a restart forgets everything. */
export class PrivateRedis {
  private child: ChildProcess | null = null;
  private startedAt = 0;

  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.restart();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts it (again) on the same port. */
  async restart(): Promise<void> {
    this.startedAt = Date.now();
    this.child = spawn(
      "redis-server",
      ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      { stdio: "ignore" },
    );
    await listening(this.port);
  }

  /**
   * Resolves once this Redis has been up for longer than a session lease lives (plus its one-second uptime
   * granularity): before that, servers refuse to take free leases, as one might still be held from before a restart.
   */
  async settled(): Promise<void> {
    const wait = this.startedAt + LEASE_TTL_MS + 1_500 - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }

  /** SIGKILLs it and resolves once it has exited. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  }
}

/** Starts `server/main.ts` in cluster mode as one process and resolves once it logs "listening". */
export function startNode(nodeId: string, databaseUrl: string, redisUrl: string): Promise<ServerProcess> {
  return spawnServer(databaseUrl, { REDIS_URL: redisUrl, NODE_ID: nodeId });
}

/** Prints the servers' logs when the current test fails. */
export function printLogsOnFailure(nodes: readonly ServerProcess[]): void {
  onTestFailed(() => {
    for (const node of nodes) process.stderr.write(`---- ${node.url}\n${node.lines.join("\n")}\n`);
  });
}

/** Polls `check` until it returns a value other than undefined; throws its last error after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 20_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms; last error: ${String(last)}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/**
 * Sends an event until it is acknowledged with anything but `unavailable` (the session is changing servers),
 * as a client does; resolves with that acknowledgement.
 */
export function callThrough<E extends ClientEvent>(
  socket: TestSocket,
  event: E,
  payload: PayloadOf<E>,
  timeoutMs = 20_000,
): Promise<AckOf<E>> {
  return eventually(
    `${event} acknowledged`,
    async () => {
      const ack = await call(socket, event, payload, 8_000);
      if (!ack.ok && ack.error.code === "unavailable") throw new Error(`${event}: unavailable`);
      return ack;
    },
    timeoutMs,
  );
}

/** Connects to `url` and joins (or, with a token, rejoins) as a student, retrying while the session moves. */
export async function joinThrough(
  url: string,
  code: string,
  name: string,
  studentToken?: string,
): Promise<{ socket: TestSocket; joined: OkAck<AckOf<"student:join">> }> {
  const socket = await connect(url);
  const ack = await callThrough(socket, "student:join", {
    code,
    name,
    protocolVersion: PROTOCOL_VERSION,
    ...(studentToken ? { studentToken } : {}),
  });
  return { socket, joined: expectOk(ack) };
}

/** The challenge the cluster tests play: the source text's line y = 2x, with room for a few attempts. */
export function lineChallenge(epochs: number): ChallengeInput {
  return {
    title: "Fit y = 2x",
    dataset: "seed-line",
    model: "linear",
    optimizers: ["sgd", "adam"],
    lrMin: 1e-4,
    lrMax: 2,
    epochs,
    attempts: 3,
    timeLimitSeconds: 600,
  };
}

/** Two nodes, A and B, sharing a private Redis and a fresh PostgreSQL schema, for one test file. */
export interface TwoNodeCluster {
  /** A and B, then any node a test starts and pushes (stopped with the rest). */
  readonly nodes: ServerProcess[];
  /** Sockets a test opens and pushes, disconnected after the file. */
  readonly sockets: TestSocket[];
  readonly redis: () => PrivateRedis;
  readonly databaseUrl: () => string;
}

/** Starts the cluster before the file's tests and stops everything after them. */
export function useTwoNodeCluster(): TwoNodeCluster {
  let redis: PrivateRedis | undefined;
  let schema: ReturnType<typeof freshSchema> | undefined;
  const cluster: TwoNodeCluster = {
    nodes: [],
    sockets: [],
    redis: () => redis!,
    databaseUrl: () => schema!.databaseUrl,
  };
  beforeAll(async () => {
    if (skipCluster) return;
    await requireClusterServices();
    redis = await PrivateRedis.start();
    schema = freshSchema();
    cluster.nodes.push(...(await Promise.all(["A", "B"].map((id) => startNode(id, schema!.databaseUrl, redis!.url)))));
    // A Redis that has just started hands out no leases yet; let the session's creator take its lease at once.
    await redis.settled();
  });
  afterAll(async () => {
    for (const socket of cluster.sockets) socket.disconnect();
    await Promise.all(cluster.nodes.map((node) => node.kill()));
    await redis?.kill();
    await schema?.drop();
  });
  return cluster;
}
