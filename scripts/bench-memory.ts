// Does a server give back the memory of the sessions it hosted? Starts the real server as its own process on a
// fresh SQLite file, measures its RSS while idle, hosts N whole sessions (create, host attach, start, students
// join and play a short run each, end), waits for the ended sessions' grace period and the V8 memory reducer, and
// measures again. Run with `npm run bench:memory -- [sessions] [studentsPerSession]`; prints figures, not pass/fail.
import os from "node:os";
import type { ChallengeInput } from "@downhill/core";
import { rssMb } from "../bench/load/procStats.ts";
import { expectOk } from "../server/test/clients.ts";
import { honestRun, playRun } from "../server/test/honestRuns.ts";
import { tempDatabase } from "../server/test/servers.ts";
import { createSession, joinStudent } from "../server/test/sessions.ts";
import { ServerProcess } from "../server/test/serverProcess.ts";

const SESSIONS = Number(process.argv[2] ?? 1_000);
const STUDENTS = Number(process.argv[3] ?? 3);
const CONCURRENT = 20;
/** Seconds an ended session stays in memory: short, so the bench does not wait ten minutes. */
const GRACE_SECONDS = 2;
const SETTLE_MS = 30_000;

const CHALLENGE: ChallengeInput = { title: "Memory", dataset: "seed-line", model: "linear", epochs: 30 };
const RUN = honestRun(CHALLENGE, { optimizer: "sgd", lr: 0.05, epochs: 30, batchSize: "full" });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** RSS once it has stopped falling: sampled every second until two samples 5 s apart differ by under 1%. */
async function settledRss(pid: number): Promise<number> {
  const deadline = Date.now() + SETTLE_MS;
  let previous = rssMb(pid)!;
  for (;;) {
    await sleep(5_000);
    const now = rssMb(pid)!;
    if (Math.abs(now - previous) < previous * 0.01 || Date.now() > deadline) return now;
    previous = now;
  }
}

async function hostOne(url: string, index: number): Promise<void> {
  const host = await createSession(url, { ...CHALLENGE, title: `Memory ${index}` });
  expectOk(await host.command({ type: "start" }));
  const students = await Promise.all(
    Array.from({ length: STUDENTS }, (_, i) => joinStudent(url, host.created.code, `s${i}`)),
  );
  await Promise.all(students.map((student) => playRun(student.socket, RUN)));
  expectOk(await host.command({ type: "end" }));
  for (const socket of [host.socket, ...students.map((student) => student.socket)]) socket.disconnect();
}

const database = tempDatabase();
const server = await ServerProcess.start({
  databaseUrl: database.databaseUrl,
  env: {
    ENDED_SESSION_GRACE_SECONDS: String(GRACE_SECONDS),
    // The bench creates every session from one address, like a whole school behind one router.
    SESSION_CREATES_PER_ADDRESS_PER_MINUTE: "100000",
    SESSION_CREATES_PER_ADDRESS_BURST: "100000",
    JOINS_PER_ADDRESS_PER_MINUTE: "1000000",
  },
});
try {
  // One session first, so the idle figure includes what any first session loads (the engine, the query plans).
  await hostOne(server.url, 0);
  await sleep(GRACE_SECONDS * 1000);
  const idle = await settledRss(server.pid);

  const started = performance.now();
  let next = 1;
  let peak = 0;
  await Promise.all(
    Array.from({ length: CONCURRENT }, async () => {
      while (next <= SESSIONS) {
        await hostOne(server.url, next++);
        peak = Math.max(peak, rssMb(server.pid) ?? 0);
      }
    }),
  );
  const hostedSeconds = (performance.now() - started) / 1000;
  await sleep(GRACE_SECONDS * 1000);
  const after = await settledRss(server.pid);

  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  console.log(
    `machine: ${cpu}, ${os.cpus().length} cores, node ${process.version}, load average ${os.loadavg()[0]!.toFixed(2)}`,
  );
  console.log(
    `${SESSIONS} sessions x ${STUDENTS} students hosted in ${hostedSeconds.toFixed(1)} s; ` +
      `server RSS idle ${idle.toFixed(0)} MB, peak ${peak.toFixed(0)} MB, after ${after.toFixed(0)} MB ` +
      `(${(((after - idle) / idle) * 100).toFixed(1)}% over idle; target ≤ 20%: ${after <= idle * 1.2 ? "met" : "not met"})`,
  );
} finally {
  await server.stop();
  database.remove();
}
