// The operator's endpoints: /healthz, /readyz and /metrics, on a real server with a real SQLite file.
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import type { ChallengeInput } from "@downhill/core";
import { handleOperations } from "../ops/operations.ts";
import { call, connect, expectError, expectOk, httpGet } from "./clients.ts";
import { honestRun, playRun } from "./honestRuns.ts";
import { startServer, type TestServer } from "./servers.ts";
import { TestClock } from "./TestClock.ts";
import { createSession, joinStudent } from "./sessions.ts";

const METRICS_TOKEN = "a-metrics-token-of-32-characters";
const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

/** Runs one statement on the PostgreSQL server as its administrator. */
async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

/** The value of one sample line of a Prometheus text body, or undefined when there is none. */
function sample(body: string, series: string): number | undefined {
  const line = body.split("\n").find((text) => text.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("operations endpoints", () => {
  it("/healthz says the process is alive and /readyz that the database answers", async () => {
    server = await startServer();
    const health = await httpGet(server.url, "/healthz");
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text)).toEqual({ ok: true });
    const ready = await httpGet(server.url, "/readyz");
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.text)).toEqual({ ok: true, draining: false, checks: { database: "ok" } });
  });

  it("/readyz answers 503 and names the database when the database is gone", async () => {
    // A PostgreSQL database of its own, dropped under the running server: a real outage, not a closed client.
    const database = `downhill_ready_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
    await admin(`CREATE DATABASE ${database}`);
    try {
      const url = new URL(POSTGRES_URL);
      url.pathname = `/${database}`;
      server = await startServer({ databaseUrl: url.toString() });
      expect((await httpGet(server.url, "/readyz")).status).toBe(200);
      await admin(`DROP DATABASE ${database} WITH (FORCE)`);
      const ready = await httpGet(server.url, "/readyz");
      expect(ready.status).toBe(503);
      const body = JSON.parse(ready.text) as { ok: boolean; checks: { database: string } };
      expect(body.ok).toBe(false);
      expect(body.checks.database).not.toBe("ok");
    } finally {
      await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    }
  });

  it("/readyz answers 503 while the server drains, though every check passes", async () => {
    let draining = false;
    const http: Server = createServer((request, response) => {
      void handleOperations(request, response, {
        metrics: null,
        metricsToken: undefined,
        checks: { database: () => Promise.resolve() },
        draining: () => draining,
      });
    });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    try {
      expect((await httpGet(url, "/readyz")).status).toBe(200);
      draining = true;
      const ready = await httpGet(url, "/readyz");
      expect(ready.status).toBe(503);
      expect(JSON.parse(ready.text)).toEqual({ ok: false, draining: true, checks: { database: "ok" } });
    } finally {
      await new Promise((resolve) => http.close(resolve));
    }
  });

  it("/metrics counts acknowledgements, sockets, sessions and store commits in Prometheus's format", async () => {
    server = await startServer();
    const host = await createSession(server.url, { dataset: "seed-line" });
    const student = await joinStudent(server.url, host.created.code, "Ada");
    const metrics = await httpGet(server.url, "/metrics");
    expect(metrics.status).toBe(200);
    expect(metrics.type).toContain("text/plain");
    const body = metrics.text;
    expect(sample(body, 'downhill_acks_total{event="student:join",outcome="ok"}')).toBe(1);
    expect(sample(body, 'downhill_acks_total{event="host:attach",outcome="ok"}')).toBe(1);
    expect(sample(body, 'downhill_ack_latency_seconds_count{event="student:join"}')).toBe(1);
    expect(sample(body, "downhill_connected_sockets")).toBe(2);
    expect(sample(body, "downhill_live_sessions")).toBe(1);
    expect(sample(body, 'downhill_store_commit_seconds_count{kind="joins"}')).toBe(1);
    expect(sample(body, "downhill_nodejs_eventloop_lag_seconds")).toBeGreaterThanOrEqual(0);
    host.socket.disconnect();
    student.socket.disconnect();
  });

  it("/metrics measures an acknowledgement from the event's arrival, counting its wait for the socket's rate", async () => {
    const clock = new TestClock();
    // Two events at once, then one a second of the test's clock: the third waits until the test moves time.
    server = await startServer({ clock, env: { SOCKET_EVENTS_PER_SECOND: "1" } });
    const socket = await connect(server.url);
    const cancels = Array.from({ length: 3 }, () => call(socket, "run:cancel", { runId: randomUUID() }));
    const waitedMs = 400;
    await new Promise((resolve) => setTimeout(resolve, waitedMs));
    clock.advance(1_000);
    for (const ack of await Promise.all(cancels)) expectError(ack, "not_joined");

    const body = (await httpGet(server.url, "/metrics")).text;
    const series = 'downhill_ack_latency_seconds_{}{event="run:cancel"}';
    expect(sample(body, series.replace("{}", "count"))).toBe(3);
    // The third waited for its token about as long as the test held the clock, and that wait is in its latency
    // (less the few milliseconds its way to the server took on a loaded machine; without the wait it is near 0).
    expect(sample(body, series.replace("{}", "sum"))).toBeGreaterThanOrEqual((0.75 * waitedMs) / 1000);
    expect(sample(body, 'downhill_ack_latency_seconds_bucket{le="0.25",event="run:cancel"}')).toBeLessThanOrEqual(2);
    socket.disconnect();
  });

  it("/metrics shows the verification queue: its length, each replay's wait and duration", async () => {
    server = await startServer();
    const challenge: ChallengeInput = { title: "Metrics", dataset: "seed-line", model: "linear", epochs: 50 };
    const host = await createSession(server.url, challenge);
    expectOk(await host.command({ type: "start" }));
    const student = await joinStudent(server.url, host.created.code, "Ada");
    // The session's three reference runs (PyTorch's defaults) are replayed on the same pool after the attach.
    let before = (await httpGet(server.url, "/metrics")).text;
    for (let tries = 0; (sample(before, "downhill_replay_seconds_count") ?? 0) < 3 && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      before = (await httpGet(server.url, "/metrics")).text;
    }
    expect(sample(before, "downhill_replay_wait_seconds_count")).toBe(3);
    expect(sample(before, "downhill_replay_queue_length")).toBe(0);
    await playRun(student.socket, honestRun(challenge, { optimizer: "sgd", lr: 0.05, epochs: 50, batchSize: "full" }));
    const after = (await httpGet(server.url, "/metrics")).text;
    // One replay per run, taken from the queue at run:start and done by the time run:finish answered.
    expect(sample(after, "downhill_replay_wait_seconds_count")).toBe(4);
    expect(sample(after, "downhill_replay_seconds_count")).toBe(4);
    expect(sample(after, "downhill_replay_seconds_sum")).toBeGreaterThan(0);
    expect(sample(after, "downhill_replay_queue_length")).toBe(0);
    expect(sample(after, "downhill_replays_running")).toBe(0);
    host.socket.disconnect();
    student.socket.disconnect();
  });

  it("/metrics wants the METRICS_TOKEN when one is set, and answers 404 when METRICS is off", async () => {
    server = await startServer({ env: { METRICS_TOKEN } });
    const refused = await httpGet(server.url, "/metrics");
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.text)).toMatchObject({ error: { code: "unauthorized" } });
    const wrong = await httpGet(server.url, "/metrics", { headers: { authorization: "Bearer wrong-token" } });
    expect(wrong.status).toBe(401);
    const allowed = await httpGet(server.url, "/metrics", { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(allowed.status).toBe(200);
    await server.close();

    server = await startServer({ env: { METRICS: "off" } });
    const off = await httpGet(server.url, "/metrics");
    expect(off.status).toBe(404);
    expect(JSON.parse(off.text)).toMatchObject({ error: { code: "not_found" } });
  });
});
