// "Beat PyTorch's defaults": the host and every student receive, once per join or attach, the runs of torch.optim's
// defaults on the session's training rows, the same curves core's referenceRuns draws, and nothing of the test split.
import {
  createProblem,
  PROTOCOL_VERSION,
  referenceCurve,
  referenceRuns,
  type ChallengeInput,
  type ReferencesView,
  type StudentProblemSpec,
} from "@downhill/core";
import { describe, expect, it } from "vitest";
import { call, connect, expectOk, type TestSocket, waitFor } from "./clients.ts";
import { serverForFile } from "./servers.ts";
import { createSession, joinStudent } from "./sessions.ts";

/** A noisy line scored on a held-out 30%: the references must come from the other 70% alone. */
const DATASET = { name: "line", seed: 7_777, testFraction: 0.3 } as const;
const CHALLENGE: ChallengeInput = {
  title: "Beat the defaults",
  dataset: DATASET,
  model: "linear",
  epochs: 300,
  batchSizes: [8, "full"],
  scoring: "test",
};

/** Every `session:references` a socket receives, from the moment it connected. */
function collectReferences(socket: TestSocket): ReferencesView[] {
  const received: ReferencesView[] = [];
  socket.on("session:references", (view) => received.push(view));
  return received;
}

const server = serverForFile();

describe("reference runs", () => {
  it("sends the host and a joined student the three runs of PyTorch's defaults on the training rows, once each", async () => {
    const host = await createSession(server.url, CHALLENGE);
    const student = await joinStudent(server.url, host.created.code, "Ada");
    const { sessionId, challenge } = student.joined.state;
    const forHost = await waitFor(host.socket, "session:references");
    const forStudent = await waitFor(student.socket, "session:references");

    // Core's own reference runs on the rows the student received: the first batch size, the epoch budget.
    const spec: StudentProblemSpec = { dataset: challenge.dataset, model: challenge.model };
    const expected = referenceRuns(createProblem(spec), 300, 8).map((run) => referenceCurve(run));
    expect(expected.map((curve) => curve.label)).toEqual([
      "SGD, lr 0.01",
      "SGD + momentum 0.9, lr 0.01",
      "Adam, lr 0.001 (its default)",
    ]);
    expect(forStudent).toEqual({ sessionId, round: 1, curves: expected });
    expect(forHost).toEqual(forStudent);
    expect(expected[0]!.epochs.length).toBeGreaterThan(100);

    // Those rows are the training split alone: the test split the server holds never reached the references.
    const whole = createProblem({ dataset: DATASET, model: { kind: "linear" } });
    expect(whole.dataset.test?.n ?? 0).toBeGreaterThan(0);
    expect(whole.dataset.train.n).toBe(challenge.dataset.rows.targets.length);
  });

  it("sends a later socket the curves computed once for the session, and each socket only once", async () => {
    const host = await createSession(server.url, CHALLENGE);
    const first = await joinStudent(server.url, host.created.code, "Ben");
    const sent = await waitFor(first.socket, "session:references");
    const later = await connect(server.url);
    const received = collectReferences(later);
    expectOk(
      await call(later, "student:join", { code: host.created.code, name: "Cy", protocolVersion: PROTOCOL_VERSION }),
    );
    await waitFor(later, "session:references");
    // Anything sent twice would have arrived by the next broadcasts.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received).toEqual([sent]);
  });

  it("never sends a round's curves once the host has started the next round", async () => {
    // Round 1's references take about a second to replay (2,000 rows one at a time), so they finish long after the
    // host ends the round and starts round 2 on seed-line, whose references take milliseconds.
    const slow: ChallengeInput = {
      dataset: { name: "line", size: 2_000 },
      model: "linear",
      epochs: 600,
      batchSizes: [1],
      attempts: 1,
    };
    const host = await createSession(server.url, slow);
    const { code, sessionId } = host.created;
    const ada = await joinStudent(server.url, code, "Ada");
    const roundOne = server.app.classroom.get(sessionId)!.references();
    let roundOneReplayed = false;
    void roundOne.then(() => (roundOneReplayed = true));
    // Everything Ada's socket receives, in order, as the student page reads it.
    const received: { event: string; round: number | undefined }[] = [];
    ada.socket.onAny((event: string, payload: { round?: number }) => received.push({ event, round: payload.round }));
    expectOk(await host.command({ type: "end" }));
    expectOk(
      await host.command({ type: "newRound", challenge: { dataset: "seed-line", model: "linear", epochs: 50 } }),
    );
    // The race this test is about: round 1's curves were still being replayed when round 2 began.
    expect(roundOneReplayed).toBe(false);
    // Ada's page follows the new round: it joins again with its token, on the same socket.
    const back = expectOk(
      await call(ada.socket, "student:join", {
        code,
        name: "Ada",
        studentToken: ada.joined.studentToken,
        protocolVersion: PROTOCOL_VERSION,
      }),
    );
    expect(back.state.round).toBe(2);
    const roundTwo = await waitFor(ada.socket, "session:references", (view) => view.round === 2);
    expect(roundTwo.curves[0]!.epochs.at(-1)).toBeLessThan(50);
    // Round 1's replays end after round 2 began; by the next broadcasts anything they sent has arrived.
    expect((await roundOne).round).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const references = received.filter((seen) => seen.event === "session:references");
    expect(references).toEqual([{ event: "session:references", round: 2 }]);
  });
});
