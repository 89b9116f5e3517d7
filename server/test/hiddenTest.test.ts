// The hidden test split stays hidden: a student, with their own socket.io client, receives the training rows and
// nothing from which the test rows or their losses could be recomputed, on any channel, until the host reveals.
import {
  challengeSchema,
  createProblem,
  loadDataset,
  PROTOCOL_VERSION,
  replayRun,
  runConfigSchema,
  type ChallengeInput,
  type SessionResults,
} from "@downhill/core";
import { describe, expect, it } from "vitest";
import { call, expectOk, httpGet, type TestSocket, waitFor } from "./clients.ts";
import { honestRun, newRunId, playRun, sendProgress } from "./honestRuns.ts";
import { serverForFile } from "./servers.ts";
import { createSession, joinStudent } from "./sessions.ts";

const DATA_SEED = 424_242;

/** A noisy line scored on a held-out 30%, under a seed the instructor chose. */
const HIDDEN: ChallengeInput = {
  title: "Generalize",
  dataset: { name: "line", seed: DATA_SEED, testFraction: 0.3 },
  model: "linear",
  optimizers: ["sgd"],
  epochs: 40,
  scoring: "test",
};

const CONFIG = { optimizer: "sgd", lr: 0.02, epochs: 40, batchSize: "full" } as const;

const server = serverForFile();

/** Everything a socket receives, in order: broadcasts and the acknowledgements the test records. */
function transcriptOf(socket: TestSocket): unknown[] {
  const received: unknown[] = [];
  socket.onAny((event: string, payload: unknown) => received.push({ event, payload }));
  return received;
}

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

/** The test split of the full problem, as each of its x values would be written in JSON. */
function testRowTexts(challenge: ChallengeInput): string[] {
  const parsed = challengeSchema.parse(challenge);
  const test = createProblem({ dataset: parsed.dataset, model: parsed.model }).dataset.test!;
  return Array.from(test.x, (x) => JSON.stringify(x));
}

/**
 * The server's test curve of a run: the loss on the held-out rows at the start of each epoch, as its own replay
 * records it (the engine's replayRun on the whole problem, whose training rows are the students').
 */
function testCurveOf(challenge: ChallengeInput): number[] {
  const parsed = challengeSchema.parse(challenge);
  const problem = createProblem({ dataset: parsed.dataset, model: parsed.model });
  return Array.from(replayRun(problem, runConfigSchema.parse(CONFIG), problem.dataset.test).testLosses!);
}

/** Fails naming what leaked: a recipe field, a test loss, curve or ranking, or one of the test rows. */
function expectNoTestData(messages: readonly unknown[], testRows: readonly string[], testLoss: number): void {
  const entries = entriesIn(messages);
  const recipeOrTest = new Set(["testFraction", "testLoss", "testLosses", "csv", "standardize", "standardization"]);
  expect(entries.filter(([key, value]) => recipeOrTest.has(key) && value !== null)).toEqual([]);
  // Run configurations have their own seed; the dataset's seed is nowhere.
  expect(entries.filter(([key, value]) => key === "seed" && value === DATA_SEED)).toEqual([]);
  expect(entries.filter(([key, value]) => key === "split" && value === "test")).toEqual([]);
  const text = JSON.stringify(messages);
  expect(testRows.filter((row) => text.includes(row))).toEqual([]);
  expect(text).not.toContain(JSON.stringify(testLoss));
  // No point of the test curve either (its first one is the starting parameters' loss on the test rows).
  expect(testCurveOf(HIDDEN).filter((loss) => text.includes(JSON.stringify(loss)))).toEqual([]);
}

describe("a hidden test split", () => {
  it("reaches a student as training rows only: no ack or broadcast carries a seed, a test row or a test loss before the reveal", async () => {
    const host = await createSession(server.url, HIDDEN);
    const { code } = host.created;
    const ada = await joinStudent(server.url, code, "Ada");
    const transcript = transcriptOf(ada.socket);
    transcript.push(ada.joined);
    const { dataset } = ada.joined.state.challenge;
    expect(Object.keys(dataset).sort()).toEqual(["name", "rows"]);
    expect(dataset.rows.title).toBe("A noisy line");
    expect(dataset.rows.rows).toHaveLength(35);

    expectOk(await host.command({ type: "start" }));
    // The student's browser descends on the rows it received; the server replays those very rows.
    const run = honestRun(ada.joined.state.challenge, CONFIG);
    expect(run.testLoss).toBeNull();
    const runId = newRunId();
    transcript.push(expectOk(await call(ada.socket, "run:start", { runId, config: run.config })));
    transcript.push(await sendProgress(ada.socket, runId, run.losses, 10));
    const finished = expectOk(await call(ada.socket, "run:finish", { runId, params: run.params }));
    transcript.push(finished);
    expect(finished.status).toBe("verified");
    const rejoined = await joinStudent(server.url, code, "Ada", ada.joined.studentToken);
    transcript.push(rejoined.joined, ...transcriptOf(rejoined.socket));
    expect(rejoined.joined.state.challenge).toEqual(ada.joined.state.challenge);

    expectOk(await host.command({ type: "end" }));
    await waitFor(ada.socket, "session:state", (view) => view.status === "ended");
    await waitFor(ada.socket, "leaderboard:update", (view) => view.total === 1);
    const testLoss = honestRun(HIDDEN, CONFIG).testLoss!;
    expectNoTestData(transcript, testRowTexts(HIDDEN), testLoss);

    expectOk(await host.command({ type: "reveal" }));
    const final = await waitFor(ada.socket, "leaderboard:update", (view) => view.final);
    expect(final.split).toBe("test");
    expect(final.entries[0]!.loss).toBe(testLoss);
    // The reveal's broadcasts carry the test ranking, never a test curve: those are for the review page.
    expect(entriesIn(transcript).filter(([key]) => key === "testLosses")).toEqual([]);
    for (const socket of [ada.socket, rejoined.socket, host.socket]) socket.disconnect();
  });

  it("keeps test losses, test curves and the test ranking out of the HTTP API, its exports and the share link until the reveal, for the instructor too", async () => {
    const host = await createSession(server.url, HIDDEN);
    const { code, sessionId, shareToken, instructorKey } = host.created;
    const ada = await joinStudent(server.url, code, "Ada");
    expectOk(await host.command({ type: "start" }));
    expect((await playRun(ada.socket, honestRun(ada.joined.state.challenge, CONFIG))).status).toBe("verified");
    expectOk(await host.command({ type: "end" }));
    const testLoss = honestRun(HIDDEN, CONFIG).testLoss!;

    const asInstructor = { headers: { authorization: `Bearer ${instructorKey}` } };
    const base = `/api/sessions/${sessionId}`;
    const fetchAll = async () => ({
      instructor: await httpGet(server.url, base, asInstructor),
      exportJson: await httpGet(server.url, `${base}/export.json`, asInstructor),
      exportCsv: await httpGet(server.url, `${base}/export.csv`, asInstructor),
      curvesCsv: await httpGet(server.url, `${base}/curves.csv`, asInstructor),
      shared: await httpGet(server.url, `${base}?share=${shareToken}`),
      sharedCsv: await httpGet(server.url, `${base}/export.csv?share=${shareToken}`),
      sharedCurvesCsv: await httpGet(server.url, `${base}/curves.csv?share=${shareToken}`),
    });
    const testCurve = testCurveOf(HIDDEN);
    expect(testCurve).toHaveLength(CONFIG.epochs);
    const testLossColumn = (csv: string) => {
      const [header, ...rows] = csv
        .trim()
        .split("\r\n")
        .map((line) => line.split(","));
      const column = header!.indexOf("test_loss");
      return rows.map((row) => row[column]);
    };

    const before = await fetchAll();
    for (const [channel, response] of Object.entries(before)) {
      expect(response.status, channel).toBe(200);
      expect(response.text, channel).not.toContain(JSON.stringify(testLoss));
    }
    for (const response of [before.instructor, before.exportJson, before.shared]) {
      const results = JSON.parse(response.text) as SessionResults;
      expect(results.runs.map((run) => run.testLoss)).toEqual([null]);
      expect(results.runs.map((run) => run.testLosses)).toEqual([null]);
      expect(results.leaderboards.test).toBeNull();
    }
    expect(testLossColumn(before.exportCsv.text)).toEqual([""]);
    expect(testLossColumn(before.sharedCsv.text)).toEqual([""]);
    // The curves' test column is there, and empty: no epoch's test loss leaves before the reveal.
    expect(testLossColumn(before.curvesCsv.text)).toEqual(new Array(CONFIG.epochs).fill(""));
    expect(testLossColumn(before.sharedCurvesCsv.text)).toEqual(new Array(CONFIG.epochs).fill(""));
    for (const [channel, response] of Object.entries(before)) {
      expect(
        testCurve.filter((loss) => response.text.includes(String(loss))),
        channel,
      ).toEqual([]);
    }
    // A share link can reach a student: it carries the training rows, not the recipe.
    const sharedChallenge = (JSON.parse(before.shared.text) as SessionResults).session.challenge;
    expect(Object.keys(sharedChallenge.dataset).sort()).toEqual(["name", "rows"]);
    expectNoTestData([JSON.parse(before.shared.text)], testRowTexts(HIDDEN), testLoss);

    expectOk(await host.command({ type: "reveal" }));
    const after = await fetchAll();
    for (const response of [after.instructor, after.exportJson, after.shared]) {
      const results = JSON.parse(response.text) as SessionResults;
      expect(results.runs.map((run) => run.testLoss)).toEqual([testLoss]);
      expect(results.leaderboards.test!.map((entry) => entry.loss)).toEqual([testLoss]);
      // The server's own test curve, bit for bit, one loss per epoch beside the training curve.
      expect(results.runs.map((run) => run.testLosses)).toEqual([testCurve]);
      expect(results.runs[0]!.losses).toHaveLength(testCurve.length);
    }
    expect(testLossColumn(after.exportCsv.text)).toEqual([String(testLoss)]);
    expect(testLossColumn(after.curvesCsv.text)).toEqual(testCurve.map(String));
    expect(testLossColumn(after.sharedCurvesCsv.text)).toEqual(testCurve.map(String));
    for (const socket of [ada.socket, host.socket]) socket.disconnect();
  });

  it("draws a secret dataset seed for a test-scored challenge that names none, so the default seed rebuilds nothing", async () => {
    const unseeded: ChallengeInput = { ...HIDDEN, dataset: { name: "line", testFraction: 0.3 } };
    const host = await createSession(server.url, unseeded);
    const attached = expectOk(
      await call(host.socket, "host:attach", {
        code: host.created.code,
        hostToken: host.created.hostToken,
        protocolVersion: PROTOCOL_VERSION,
      }),
    );
    const seedOf = (state: { challenge: { dataset: object } }) => (state.challenge.dataset as { seed?: number }).seed;
    const seed = seedOf(attached.state);
    expect(Number.isSafeInteger(seed)).toBe(true);
    // Each session draws its own.
    const other = await createSession(server.url, unseeded);
    const otherSeed = seedOf(expectOk(await other.command({ type: "lock" })).state);
    expect(otherSeed).not.toBe(seed);
    other.socket.disconnect();

    const ada = await joinStudent(server.url, host.created.code, "Ada");
    const received = ada.joined.state.challenge.dataset.rows;
    const defaultSeeded = loadDataset({ name: "line", testFraction: 0.3 }).train;
    expect(received.targets).not.toEqual(Array.from(defaultSeeded.y));
    const secretSeeded = loadDataset({ name: "line", seed, testFraction: 0.3 }).train;
    expect(received.targets).toEqual(Array.from(secretSeeded.y));

    expectOk(await host.command({ type: "start" }));
    expect((await playRun(ada.socket, honestRun(ada.joined.state.challenge, CONFIG))).status).toBe("verified");
    for (const socket of [ada.socket, host.socket]) socket.disconnect();
  });
});
