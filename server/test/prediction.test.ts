// Predict, then run: a prediction sent with run:start is stored with the run, comes back to the student who made
// it, and reaches the results API and its CSV export beside whether it held.
import { describePrediction, lossDecade, type SessionResults } from "@downhill/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, expectError, expectOk, httpGet } from "./clients.ts";
import { honestRun, newRunId, playRun } from "./honestRuns.ts";
import { startServer, type TestServer } from "./servers.ts";
import { createSession, joinStudent } from "./sessions.ts";

const CHALLENGE = { dataset: "seed-line", model: "linear", epochs: 50, lrMax: 10 } as const;
const CONVERGES = { optimizer: "sgd", lr: 0.05, epochs: 50, batchSize: "full" } as const;
/** Past seed-line's edge of stability (about 0.0845). */
const DIVERGES = { ...CONVERGES, lr: 1 } as const;

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.close();
});

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

describe("predictions", () => {
  it("are stored with their runs, read back on rejoin, and set against each result in the results API and CSV", async () => {
    const host = await createSession(server.url, CHALLENGE);
    const { code, sessionId, instructorKey } = host.created;
    const ada = await joinStudent(server.url, code, "Ada");
    const bob = await joinStudent(server.url, code, "Bob");
    expectOk(await host.command({ type: "start" }));

    const good = honestRun(ada.joined.state.challenge, CONVERGES);
    expect(good.status).toBe("finished");
    const rightDecade = { outcome: "finishes", decade: lossDecade(good.trainLoss) } as const;
    expect((await playRun(ada.socket, good, { prediction: rightDecade })).status).toBe("verified");
    // The same run, predicted to diverge: it did not.
    expect((await playRun(ada.socket, good, { prediction: { outcome: "diverges" } })).status).toBe("verified");
    const bad = honestRun(bob.joined.state.challenge, DIVERGES);
    expect(bad.status).toBe("diverged");
    expect((await playRun(bob.socket, bad, { prediction: { outcome: "diverges" } })).status).toBe("diverged");
    // No prediction at all is fine too.
    expect((await playRun(bob.socket, good)).status).toBe("verified");

    const rejoined = await joinStudent(server.url, code, "Ada", ada.joined.studentToken);
    expect(rejoined.joined.runs.map((run) => run.prediction)).toEqual([rightDecade, { outcome: "diverges" }]);

    const asInstructor = { headers: { authorization: `Bearer ${instructorKey}` } };
    const answer = await httpGet(server.url, `/api/sessions/${sessionId}`, asInstructor);
    expect(answer.status).toBe(200);
    const results = JSON.parse(answer.text) as SessionResults;
    expect(results.runs.map(({ name, prediction, predictionHeld }) => ({ name, prediction, predictionHeld }))).toEqual([
      { name: "Ada", prediction: rightDecade, predictionHeld: true },
      { name: "Ada", prediction: { outcome: "diverges" }, predictionHeld: false },
      { name: "Bob", prediction: { outcome: "diverges" }, predictionHeld: true },
      { name: "Bob", prediction: null, predictionHeld: null },
    ]);

    const exported = await httpGet(server.url, `/api/sessions/${sessionId}/export.csv`, asInstructor);
    expect(exported.status).toBe(200);
    expect(column(exported.text, "prediction")).toEqual([
      describePrediction(rightDecade),
      "it diverges",
      "it diverges",
      "",
    ]);
    expect(column(exported.text, "prediction_held")).toEqual(["true", "false", "true", ""]);
    for (const socket of [ada.socket, bob.socket, rejoined.socket, host.socket]) socket.disconnect();
  });

  it("refuses a prediction outside the offered decades with invalid_payload, and starts no run", async () => {
    const host = await createSession(server.url, CHALLENGE);
    const ada = await joinStudent(server.url, host.created.code, "Ada");
    expectOk(await host.command({ type: "start" }));
    const start = { runId: newRunId(), config: honestRun(CHALLENGE, CONVERGES).config };
    const tooLow = await call(ada.socket, "run:start", { ...start, prediction: { outcome: "finishes", decade: -99 } });
    expect(expectError(tooLow, "invalid_payload").message).toMatch(/prediction/);
    const started = expectOk(await call(ada.socket, "run:start", start));
    expect(started.run).toMatchObject({ attempt: 1, prediction: null });
    for (const socket of [ada.socket, host.socket]) socket.disconnect();
  });
});
