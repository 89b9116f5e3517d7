// How long a whole class takes to get in when everyone presses Join at once: N sockets connect to a real server
// (in this process, on a fresh SQLite file, or on DATABASE_URL when set: give PostgreSQL a ?schema=name of its own,
// which the bench leaves behind), then all send student:join together.
// Run with `npx tsx scripts/bench-joins.ts [students]`; prints the time until the last acknowledgement and the
// acknowledgements' latency percentiles. Figures, not pass/fail.
import os from "node:os";
import { PROTOCOL_VERSION, type ChallengeInput } from "@downhill/core";
import { call, connect } from "../server/test/clients.ts";
import { startServer } from "../server/test/servers.ts";
import { createSession } from "../server/test/sessions.ts";

const STUDENTS = Number(process.argv[2] ?? 1_000);
const CHALLENGE: ChallengeInput = {
  title: "Everyone joins",
  dataset: "seed-line",
  model: "linear",
  optimizers: ["sgd"],
  lrMin: 1e-4,
  lrMax: 1,
  epochs: 50,
  attempts: 3,
  timeLimitSeconds: 600,
};

const server = await startServer({
  ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}),
  // Every student joins from this one address, as a whole school behind one router.
  env: { BROADCAST_INTERVAL_MS: "100", JOINS_PER_ADDRESS_BURST: String(Math.max(400, Math.ceil((STUDENTS * 4) / 3))) },
});
const host = await createSession(server.url, CHALLENGE);
const sockets = await Promise.all(Array.from({ length: STUDENTS }, () => connect(server.url)));

const started = performance.now();
const latencies = await Promise.all(
  sockets.map(async (socket, i) => {
    const sent = performance.now();
    const ack = await call(
      socket,
      "student:join",
      { code: host.created.code, name: `student ${i}`, protocolVersion: PROTOCOL_VERSION },
      120_000,
    );
    if (!ack.ok) throw new Error(`join ${i} failed: ${ack.error.message}`);
    return performance.now() - sent;
  }),
);
const totalMs = performance.now() - started;
latencies.sort((a, b) => a - b);
const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(0);

const cpu = os.cpus()[0]?.model ?? "unknown CPU";
console.log(
  `machine: ${cpu}, ${os.cpus().length} cores, node ${process.version}; server and clients share one process`,
);
console.log(`database: ${server.databaseUrl.startsWith("file:") ? "SQLite (fresh file)" : "PostgreSQL"}`);
console.log(
  `${STUDENTS} students joining at once: all in after ${totalMs.toFixed(0)} ms ` +
    `(${Math.round((STUDENTS * 1000) / totalMs)} joins/s); ack latency p50 ${at(0.5)} ms, p99 ${at(0.99)} ms`,
);

for (const socket of [...sockets, host.socket]) socket.disconnect();
await server.close();
