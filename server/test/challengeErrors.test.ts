// A challenge the server refuses says what to change in words for the instructor, field by field, so the builder
// can show each message beside its input.
import { challengeIssues, type ChallengeInput } from "@downhill/core";
import { describe, expect, it } from "vitest";
import { serverForFile } from "./servers.ts";
import { postChallenge, postSession } from "./sessions.ts";

const server = serverForFile();

interface Refusal {
  readonly error: { readonly code: string; readonly message: string; readonly fields?: unknown };
}

/** POSTs a body that must be refused with 400; its error. */
async function refused(body: unknown): Promise<Refusal["error"]> {
  const answer = await postSession(server.url, body);
  expect(answer.status).toBe(400);
  return (answer.body as Refusal).error;
}

describe("POST /api/sessions refuses a challenge with invalid_challenge and its fields", () => {
  it("answers each problem in words with the field it is in, never zod's wording", async () => {
    const challenge = {
      title: "",
      dataset: { name: "line", size: 2 },
      timeLimitSeconds: 6,
    } satisfies ChallengeInput;
    const error = await refused({ challenge });
    expect(error.code).toBe("invalid_challenge");
    expect(error.fields).toEqual([
      { field: "title", message: "Give the challenge a title." },
      { field: "dataset.size", message: "The number of rows must be at least 4." },
      { field: "timeLimitSeconds", message: "The time limit must be at least 30 seconds." },
    ]);
    expect(error.fields).toEqual(challengeIssues(challenge));
    expect(error.message).toBe(
      "Give the challenge a title. The number of rows must be at least 4. The time limit must be at least 30 seconds.",
    );
    expect(error.message).not.toMatch(/Too small|expected|>=/);
  });

  it("keeps invalid_payload for a body that is not a challenge's problem, and creates a valid one", async () => {
    const notAnObject = await refused(42);
    expect(notAnObject.code).toBe("invalid_payload");
    expect(notAnObject.fields).toBeUndefined();
    const created = await postChallenge(server.url, { dataset: "seed-line" });
    expect(created.code).toMatch(/^[A-Z0-9]+$/);
  });

  it("answers a challenge that passes its schema but cannot run as before: invalid_challenge with its reason", async () => {
    const error = await refused({ challenge: { dataset: { name: "line", testFraction: 0 }, scoring: "test" } });
    expect(error.code).toBe("invalid_challenge");
    expect(error.message).toMatch(/no test split/);
  });
});
