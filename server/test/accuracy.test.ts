// Classification runs carry accuracy beside their loss: the server computes it from its own replay's final
// parameters, and a test accuracy, like a test loss, reaches nobody before the host reveals the final ranking.
import { type ChallengeInput, type SessionResults } from "@downhill/core";
import { describe, expect, it } from "vitest";
import { call, expectOk, httpGet, type TestSocket, waitFor } from "./clients.ts";
import { honestRun, newRunId, playRun, sendProgress } from "./honestRuns.ts";
import { serverForFile } from "./servers.ts";
import { createSession, joinStudent } from "./sessions.ts";

/** Two moons, a logistic model, scored on a held-out 30%. */
const MOONS: ChallengeInput = {
  title: "Moons",
  dataset: { name: "moons", seed: 9_001, testFraction: 0.3 },
  model: { kind: "logistic" },
  optimizers: ["sgd"],
  epochs: 60,
  scoring: "test",
};

const CONFIG = { optimizer: "sgd", lr: 0.5, epochs: 60, batchSize: "full" } as const;

const server = serverForFile();

/** Every [key, value] pair anywhere inside a JSON value. */
function entriesIn(value: unknown, found: [string, unknown][] = []): [string, unknown][] {
  if (Array.isArray(value)) for (const item of value) entriesIn(item, found);
  else if (value !== null && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      found.push([key, inner]);
      entriesIn(inner, found);
    }
  }
  return found;
}

function transcriptOf(socket: TestSocket): unknown[] {
  const received: unknown[] = [];
  socket.onAny((event: string, payload: unknown) => received.push({ event, payload }));
  return received;
}

/** The cells of one column of a CSV export. */
function column(csv: string, name: string): (string | undefined)[] {
  const [header, ...rows] = csv
    .trim()
    .split("\r\n")
    .map((line) => line.split(","));
  const index = header!.indexOf(name);
  expect(index, `column ${name}`).toBeGreaterThanOrEqual(0);
  return rows.map((row) => row[index]);
}

describe("accuracy", () => {
  it("is computed by the server from its replay's final parameters on the training rows; a rejected run has none", async () => {
    const host = await createSession(server.url, MOONS);
    const ada = await joinStudent(server.url, host.created.code, "Ada");
    expectOk(await host.command({ type: "start" }));
    const run = honestRun(ada.joined.state.challenge, CONFIG);
    const full = honestRun(MOONS, CONFIG);
    expect(full.trainAccuracy).toBeGreaterThan(0.7);

    const finished = await playRun(ada.socket, run);
    expect(finished.status).toBe("verified");
    expect(finished.trainAccuracy).toBe(full.trainAccuracy);

    // Forged parameters are rejected, and a rejected run has no accuracy.
    const runId = newRunId();
    expectOk(await call(ada.socket, "run:start", { runId, config: run.config }));
    await sendProgress(ada.socket, runId, run.losses, 20);
    const forged = expectOk(await call(ada.socket, "run:finish", { runId, params: run.params.map((value) => -value) }));
    expect(forged).toMatchObject({ status: "rejected", trainAccuracy: null });

    // A reloaded page reads the same numbers back, with how many epochs the server checked.
    const rejoined = await joinStudent(server.url, host.created.code, "Ada", ada.joined.studentToken);
    const [first, second] = rejoined.joined.runs;
    expect(first).toMatchObject({ attempt: 1, status: "verified", trainAccuracy: full.trainAccuracy });
    expect(first!.verifiedEpochs).toBe(run.losses.length);
    expect(second).toMatchObject({ attempt: 2, status: "rejected", trainAccuracy: null, verifiedEpochs: 0 });
    for (const socket of [ada.socket, rejoined.socket, host.socket]) socket.disconnect();
  });

  it("is null for a regression run, in the finish ack and on the board", async () => {
    const host = await createSession(server.url, { dataset: "seed-line", model: "linear", epochs: 50 });
    const ada = await joinStudent(server.url, host.created.code, "Ada");
    expectOk(await host.command({ type: "start" }));
    const config = { optimizer: "sgd", lr: 0.01, epochs: 50, batchSize: "full" } as const;
    const finished = await playRun(ada.socket, honestRun(ada.joined.state.challenge, config));
    expect(finished).toMatchObject({ status: "verified", trainAccuracy: null });
    const board = await waitFor(ada.socket, "leaderboard:update", (view) => view.total === 1);
    expect(board.entries[0]!.accuracy).toBeNull();
    for (const socket of [ada.socket, host.socket]) socket.disconnect();
  });

  it("keeps the test accuracy off every ack, broadcast, HTTP answer and export until the reveal, then shows it", async () => {
    const host = await createSession(server.url, MOONS);
    const { code, sessionId, shareToken, instructorKey } = host.created;
    const ada = await joinStudent(server.url, code, "Ada");
    const transcript = transcriptOf(ada.socket);
    const hostTranscript = transcriptOf(host.socket);
    expectOk(await host.command({ type: "start" }));
    const run = honestRun(ada.joined.state.challenge, CONFIG);
    const full = honestRun(MOONS, CONFIG);
    transcript.push(await playRun(ada.socket, run));
    const rejoined = await joinStudent(server.url, code, "Ada", ada.joined.studentToken);
    transcript.push(rejoined.joined);
    const live = await waitFor(ada.socket, "leaderboard:update", (view) => view.total === 1);
    // The live board ranks by training loss, with the training accuracy beside it.
    expect(live.entries[0]).toMatchObject({ loss: full.trainLoss, accuracy: full.trainAccuracy });

    expectOk(await host.command({ type: "end" }));
    await waitFor(ada.socket, "leaderboard:update", (view) => view.total === 1 && !view.final);
    const testKeys = (messages: unknown[]) =>
      entriesIn(messages).filter(([key, value]) => (key === "testAccuracy" || key === "testLoss") && value !== null);
    expect(testKeys(transcript)).toEqual([]);
    expect(testKeys(hostTranscript)).toEqual([]);
    expect(entriesIn(transcript).filter(([key, value]) => key === "split" && value === "test")).toEqual([]);

    const asInstructor = { headers: { authorization: `Bearer ${instructorKey}` } };
    const base = `/api/sessions/${sessionId}`;
    const fetchAll = async () => ({
      instructor: await httpGet(server.url, base, asInstructor),
      exportJson: await httpGet(server.url, `${base}/export.json`, asInstructor),
      shared: await httpGet(server.url, `${base}?share=${shareToken}`),
      exportCsv: await httpGet(server.url, `${base}/export.csv`, asInstructor),
      sharedCsv: await httpGet(server.url, `${base}/export.csv?share=${shareToken}`),
    });
    const before = await fetchAll();
    for (const response of [before.instructor, before.exportJson, before.shared]) {
      expect(response.status).toBe(200);
      const results = JSON.parse(response.text) as SessionResults;
      expect(results.runs.map((r) => [r.trainAccuracy, r.testAccuracy])).toEqual([[full.trainAccuracy, null]]);
      expect(results.leaderboards.train.map((entry) => entry.accuracy)).toEqual([full.trainAccuracy]);
      expect(results.leaderboards.test).toBeNull();
    }
    for (const csv of [before.exportCsv.text, before.sharedCsv.text]) {
      expect(column(csv, "train_accuracy")).toEqual([String(full.trainAccuracy)]);
      expect(column(csv, "test_accuracy")).toEqual([""]);
    }

    expectOk(await host.command({ type: "reveal" }));
    const final = await waitFor(ada.socket, "leaderboard:update", (view) => view.final);
    expect(final.split).toBe("test");
    expect(final.entries[0]).toMatchObject({ loss: full.testLoss, accuracy: full.testAccuracy });
    const after = await fetchAll();
    for (const response of [after.instructor, after.exportJson, after.shared]) {
      const results = JSON.parse(response.text) as SessionResults;
      expect(results.runs.map((r) => [r.trainAccuracy, r.testAccuracy])).toEqual([
        [full.trainAccuracy, full.testAccuracy],
      ]);
      expect(results.leaderboards.test!.map((entry) => entry.accuracy)).toEqual([full.testAccuracy]);
    }
    expect(column(after.exportCsv.text, "test_accuracy")).toEqual([String(full.testAccuracy)]);
    for (const socket of [ada.socket, rejoined.socket, host.socket]) socket.disconnect();
  });
});
