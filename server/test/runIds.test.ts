// A run id another run holds, in this session or any other, is answered with one clear refusal that says
// neither where it is nor whose.
import type { ChallengeInput, RunConfigInput } from "@downhill/core";
import { describe, expect, it } from "vitest";
import { call, expectError, expectOk } from "./clients.ts";
import { newRunId } from "./honestRuns.ts";
import { serverForFile } from "./servers.ts";
import { createSession, joinStudent } from "./sessions.ts";

const CHALLENGE: ChallengeInput = { dataset: "seed-line", model: "linear", epochs: 20, lrMin: 0.001, lrMax: 1 };
const CONFIG: RunConfigInput = { optimizer: "sgd", lr: 0.03, epochs: 20, batchSize: "full" };

const server = serverForFile();

describe("run ids", () => {
  it("refuses a run id held in another session with forbidden, the same answer as another student's here", async () => {
    const first = await createSession(server.url, CHALLENGE);
    const second = await createSession(server.url, CHALLENGE);
    expectOk(await first.command({ type: "start" }));
    expectOk(await second.command({ type: "start" }));
    const ada = await joinStudent(server.url, first.created.code, "Ada");
    const bea = await joinStudent(server.url, first.created.code, "Bea");
    const mallory = await joinStudent(server.url, second.created.code, "Mallory");

    const runId = newRunId();
    expectOk(await call(ada.socket, "run:start", { runId, config: CONFIG }));

    const elsewhere = expectError(await call(mallory.socket, "run:start", { runId, config: CONFIG }), "forbidden");
    const here = expectError(await call(bea.socket, "run:start", { runId, config: CONFIG }), "forbidden");
    expect(elsewhere.message).toBe(`run id ${runId} is not yours; start your run with a new random id`);
    expect(here.message).toBe(elsewhere.message);

    // The refusal spent no attempt, and a fresh id starts at once.
    const fresh = expectOk(await call(mallory.socket, "run:start", { runId: newRunId(), config: CONFIG }));
    expect(fresh.run.attempt).toBe(1);
    expect((await server.store.listRuns(second.created.sessionId)).map((run) => run.id)).toEqual([fresh.run.runId]);
  });
});
