// What one address can make the server hold without a credential: starts the real server as its own process, opens
// as many connections from this one address as it admits without a credential (CONNECTIONS_WITHOUT_CREDENTIAL_PER_
// ADDRESS, by default 400), measures the server's RSS before and after, and checks that one more is refused. Run with
// `npm run bench:connections -- [limit]`; prints figures, not pass/fail.
import os from "node:os";
import { rssMb } from "../bench/load/procStats.ts";
import { MAX_BYTES_WAITING_WITHOUT_CREDENTIAL } from "../server/socket/paceEvents.ts";
import { connect, type TestSocket } from "../server/test/clients.ts";
import { tempDatabase } from "../server/test/servers.ts";
import { ServerProcess } from "../server/test/serverProcess.ts";

const LIMIT = Number(process.argv[2] ?? 400);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** RSS once it has stopped moving: sampled every 2 s until two samples differ by under 1%, at most 20 s. */
async function settledRss(pid: number): Promise<number> {
  const deadline = Date.now() + 20_000;
  let previous = rssMb(pid)!;
  for (;;) {
    await sleep(2_000);
    const now = rssMb(pid)!;
    if (Math.abs(now - previous) < previous * 0.01 || Date.now() > deadline) return now;
    previous = now;
  }
}

const database = tempDatabase();
const server = await ServerProcess.start({
  databaseUrl: database.databaseUrl,
  env: { CONNECTIONS_WITHOUT_CREDENTIAL_PER_ADDRESS: String(LIMIT) },
});
const sockets: TestSocket[] = [];
try {
  // One connection first, so the idle figure includes what any first connection loads.
  sockets.push(await connect(server.url));
  const idle = await settledRss(server.pid);
  while (sockets.length < LIMIT) sockets.push(await connect(server.url));
  const held = await settledRss(server.pid);
  const refused = await connect(server.url).then(
    (socket) => {
      sockets.push(socket);
      return false;
    },
    () => true,
  );

  const perConnectionKb = ((held - idle) * 1024) / (LIMIT - 1);
  const waitingMb = (LIMIT * MAX_BYTES_WAITING_WITHOUT_CREDENTIAL) / 1024 / 1024;
  console.log(
    `machine: ${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.cpus().length} cores, node ${process.version}, ` +
      `load average ${os.loadavg()[0]!.toFixed(2)}`,
  );
  console.log(
    `${LIMIT} connections without a credential from one address: server RSS ${idle.toFixed(0)} MB -> ` +
      `${held.toFixed(0)} MB (about ${perConnectionKb.toFixed(0)} KB each); connection ${LIMIT + 1} refused: ` +
      `${refused ? "yes" : "NO"}; their waiting events add at most ${waitingMb.toFixed(1)} MB ` +
      `(${MAX_BYTES_WAITING_WITHOUT_CREDENTIAL / 1024} KiB each)`,
  );
} finally {
  for (const socket of sockets) socket.disconnect();
  await server.stop();
  database.remove();
}
