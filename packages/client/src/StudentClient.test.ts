// The headless client against the real server (in process, or as its own process for the restart), over real
// sockets and a real SQLite file. Where an answer must go missing or arrive twice, the test wraps the client's
// call, the way a flaky network would treat it; the server and the client are the real ones.
import type { AckOf, ChallengeInput, PayloadOf, RunConfigInput } from "@downhill/core";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { expectOk } from "../../../server/test/clients.ts";
import { honestRun, newRunId } from "../../../server/test/honestRuns.ts";
import { serverForFile, spawnServer, tempDatabase } from "../../../server/test/servers.ts";
import { createSession, type Host } from "../../../server/test/sessions.ts";
import type { ServerProcess } from "../../../server/test/serverProcess.ts";
import { isCallOf, type ObservedCall } from "./callOver.ts";
import { RunStream, type CallFn, type StreamEnd } from "./RunStream.ts";
import { StudentClient } from "./StudentClient.ts";

const CHALLENGE: ChallengeInput = { dataset: "seed-line", model: "linear", epochs: 120, timeLimitSeconds: 900 };
const CONFIG: RunConfigInput = { optimizer: "sgd", lr: 0.05, epochs: 120, batchSize: "full" };
const RUN = honestRun(CHALLENGE, CONFIG);

const server = serverForFile();
const clients: StudentClient[] = [];

afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

async function openSession(url: string): Promise<Host> {
  const host = await createSession(url, CHALLENGE);
  expectOk(await host.command({ type: "start" }));
  return host;
}

async function student(url: string, code: string, name: string): Promise<StudentClient> {
  const { client, ack } = await StudentClient.connect({ url, code, name, socket: { reconnectionDelay: 100 } });
  clients.push(client);
  expectOk(ack);
  return client;
}

/** Feeds the honest run to `stream` in chunks of `chunk` epochs, then completes it. */
function feed(stream: RunStream, chunk = 7, upTo = RUN.losses.length): void {
  for (let from = 0; from < upTo; from += chunk)
    stream.append(from, RUN.losses.slice(from, Math.min(from + chunk, upTo)), { flush: true });
  if (upTo === RUN.losses.length) stream.complete(RUN.params);
}

async function storedLosses(client: StudentClient, runId: string): Promise<readonly (number | null)[]> {
  const ack = expectOk(await client.join());
  const run = ack.runs.find((candidate) => candidate.runId === runId);
  if (!run) throw new Error(`the server does not list run ${runId}`);
  return run.losses;
}

function verdictOf(end: StreamEnd): string {
  return end.kind === "verdict" ? end.verdict.status : `stopped: ${end.code} ${end.message}`;
}

async function startStream(client: StudentClient, runId = newRunId()): Promise<RunStream> {
  const started = await client.startRun(runId, CONFIG);
  if (!started.ok) throw new Error(`run:start refused: ${started.error.code}`);
  return started.stream;
}

describe("the headless client", () => {
  it("streams an honest run exactly once and gets it verified", async () => {
    const host = await openSession(server.url);
    const ada = await student(server.url, host.created.code, "Ada");
    const stream = await startStream(ada);
    feed(stream);
    expect(verdictOf(await stream.ended)).toBe("verified");
    expect(await storedLosses(ada, stream.runId)).toEqual(RUN.losses);
  });

  it("keeps unacknowledged batches through a dropped connection and resends them after the rejoin", async () => {
    const host = await openSession(server.url);
    const ada = await student(server.url, host.created.code, "Ada");
    const stream = await startStream(ada);
    feed(stream, 10, 40);
    await until(() => stream.epochsStored === 40);
    const token = ada.studentToken;
    // The transport closes under the client, as a lost network does; socket.io-client reconnects by itself.
    ada.socket.io.engine.close();
    const from = 40;
    stream.append(from, RUN.losses.slice(from), { flush: true });
    stream.complete(RUN.params);
    expect(verdictOf(await stream.ended)).toBe("verified");
    expect(ada.studentToken).toBe(token);
    expect(await storedLosses(ada, stream.runId)).toEqual(RUN.losses);
  });

  it("resends a batch whose acknowledgement was lost, and the server stores it once", async () => {
    const host = await openSession(server.url);
    const ada = await student(server.url, host.created.code, "Ada");
    let dropped = 0;
    // The server stores every second batch, but its answer never comes back.
    const lossy: CallFn = async (event, payload, timeoutMs) => {
      const ack = await ada.call(event, payload, timeoutMs);
      if (event === "run:progress" && dropped < 3 && (payload as PayloadOf<"run:progress">).seq % 2 === 1) {
        dropped++;
        return { ok: false, error: { code: "internal", message: "the answer was lost" } };
      }
      return ack;
    };
    const stream = await startWith(ada, lossy);
    feed(stream, 10);
    expect(verdictOf(await stream.ended)).toBe("verified");
    expect(dropped).toBe(3);
    expect(await storedLosses(ada, stream.runId)).toEqual(RUN.losses);
  });

  it("ignores a duplicated acknowledgement and sends the next batch instead of skipping it", async () => {
    const host = await openSession(server.url);
    const ada = await student(server.url, host.created.code, "Ada");
    let first: AckOf<"run:progress"> | null = null;
    let duplicated = 0;
    // The first batch's acknowledgement arrives again in place of the second's.
    const echoing: CallFn = async (event, payload, timeoutMs) => {
      const ack = await ada.call(event, payload, timeoutMs);
      if (event !== "run:progress") return ack;
      const progress = ack as AckOf<"run:progress">;
      if (!first) first = progress;
      else if (duplicated === 0) {
        duplicated++;
        return first;
      }
      return ack;
    };
    const stream = await startWith(ada, echoing);
    feed(stream, 10);
    expect(verdictOf(await stream.ended)).toBe("verified");
    expect(duplicated).toBe(1);
    expect(await storedLosses(ada, stream.runId)).toEqual(RUN.losses);
  });

  it("after a refused batch (missing_batches) rejoins, resyncs with what the server stored and goes on", async () => {
    const host = await openSession(server.url);
    const ada = await student(server.url, host.created.code, "Ada");
    let skipped = false;
    // One batch vanishes on the way out: the server refuses the next one as skipping ahead.
    const leaky: CallFn = async (event, payload, timeoutMs) => {
      if (event === "run:progress" && !skipped && (payload as PayloadOf<"run:progress">).seq === 1) {
        skipped = true;
        return { ok: true, nextSeq: 2, epochsStored: 20 } as AckOf<typeof event>;
      }
      return ada.call(event, payload, timeoutMs);
    };
    const stream = await startWith(ada, leaky);
    feed(stream, 10);
    expect(verdictOf(await stream.ended)).toBe("verified");
    expect(skipped).toBe(true);
    expect(await storedLosses(ada, stream.runId)).toEqual(RUN.losses);
  });

  it("reports the server's rejection of a dishonest curve, and a session that ended mid-stream", async () => {
    const host = await openSession(server.url);
    const ada = await student(server.url, host.created.code, "Ada");
    const dishonest = await startStream(ada);
    dishonest.append(
      0,
      RUN.losses.map((loss) => (loss === null ? null : loss / 2)),
      { flush: true },
    );
    dishonest.complete(RUN.params);
    expect(verdictOf(await dishonest.ended)).toBe("rejected");

    const unfinished = await startStream(ada);
    feed(unfinished, 10, 30);
    await until(() => unfinished.epochsStored === 30);
    expectOk(await host.command({ type: "end" }));
    unfinished.append(30, RUN.losses.slice(30), { flush: true });
    const end = await unfinished.ended;
    expect(end.kind === "stopped" && end.code).toBe("session_ended");
  });

  it("cancels a run: the server closes it and the stream ends with its answer", async () => {
    const host = await openSession(server.url);
    const ada = await student(server.url, host.created.code, "Ada");
    const stream = await startStream(ada);
    feed(stream, 10, 20);
    expectOk(await stream.cancel());
    const end = await stream.ended;
    expect(end.kind).toBe("verdict");
    const listed = expectOk(await ada.join()).runs.find((run) => run.runId === stream.runId);
    expect(listed?.status).not.toBe("running");
  });
});

describe("the headless client across a server restart", () => {
  const database = tempDatabase();
  let spawned: ServerProcess | null = null;
  afterAll(async () => {
    await spawned?.kill();
    database.remove();
  });

  it("rejoins the restarted server with its token and finishes the run with nothing lost or doubled", async () => {
    const restarting = await spawnServer(database.databaseUrl);
    spawned = restarting;
    const host = await openSession(restarting.url);
    const ada = await student(restarting.url, host.created.code, "Ada");
    const stream = await startStream(ada);
    feed(stream, 10, 50);
    await until(() => stream.epochsStored === 50);
    const studentId = ada.joined?.studentId;
    await restarting.kill();
    stream.append(50, RUN.losses.slice(50), { flush: true });
    stream.complete(RUN.params);
    await restarting.restart();
    expect(verdictOf(await stream.ended)).toBe("verified");
    expect(ada.joined?.studentId).toBe(studentId);
    expect(await storedLosses(ada, stream.runId)).toEqual(RUN.losses);
    host.socket.close();
  });
});

describe("the headless client's call observer", () => {
  const database = tempDatabase();
  let spawned: ServerProcess | null = null;
  afterAll(async () => {
    if (spawned?.running) process.kill(spawned.pid, "SIGCONT");
    await spawned?.kill();
    database.remove();
  });

  it("sees every call go out and how it ended: acknowledged, timed out, or cut off by a dropped connection", async () => {
    const observed = await spawnServer(database.databaseUrl);
    spawned = observed;
    const host = await openSession(observed.url);
    const seen: ObservedCall[] = [];
    const storedByAcks: number[] = [];
    const { client: ada, ack } = await StudentClient.connect({
      url: observed.url,
      code: host.created.code,
      name: "Ada",
      socket: { reconnectionDelay: 100 },
      onCall: (call) => {
        seen.push(call);
        // Narrowed to one event, the acknowledgement has that event's type.
        if (isCallOf(call, "run:progress") && call.phase === "ack" && call.ack.ok)
          storedByAcks.push(call.ack.epochsStored);
      },
    });
    clients.push(ada);
    expectOk(ack);
    const stream = await startStream(ada);
    feed(stream, 30);
    expect(verdictOf(await stream.ended)).toBe("verified");
    expect(storedByAcks).toEqual([30, 60, 90, 120]);
    expect(seen.map((call) => `${call.event} ${call.phase}`)).toEqual([
      "student:join send",
      "student:join ack",
      "run:start send",
      "run:start ack",
      ...Array.from({ length: 4 }, () => ["run:progress send", "run:progress ack"]).flat(),
      "run:finish send",
      "run:finish ack",
    ]);
    for (let i = 0; i < seen.length; i += 2) expect(seen[i]?.id).toBe(seen[i + 1]?.id);

    // A stopped server process keeps the connection open and cannot answer.
    seen.length = 0;
    process.kill(observed.pid, "SIGSTOP");
    const timedOut = await ada.call("run:cancel", { runId: stream.runId }, 100);
    expect(timedOut.ok).toBe(false);
    const cutOff = ada.call("run:cancel", { runId: stream.runId });
    ada.socket.io.engine.close();
    expect((await cutOff).ok).toBe(false);
    process.kill(observed.pid, "SIGCONT");
    expect(seen.map((call) => `${call.event} ${call.phase}`)).toEqual([
      "run:cancel send",
      "run:cancel timeout",
      "run:cancel send",
      "run:cancel disconnected",
    ]);
    host.socket.close();
  });
});

/** A stream of a run started over `call` instead of the client's own (a network that loses or repeats answers). */
async function startWith(client: StudentClient, call: CallFn): Promise<RunStream> {
  const runId = newRunId();
  expectOk(await client.call("run:start", { runId, config: CONFIG }));
  const stream = new RunStream({ runId, call, requestRejoin: () => void rejoin(client, stream), retryMs: 50 });
  return stream;
}

async function rejoin(client: StudentClient, stream: RunStream): Promise<void> {
  const ack = await client.join();
  if (ack.ok) stream.onRejoined(ack.runs);
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
