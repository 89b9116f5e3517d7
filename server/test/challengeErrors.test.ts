// A challenge the server refuses says what to change in words for the instructor, field by field, so the builder
// can show each message beside its input.
import { challengeIssues, type ChallengeInput } from "@downhill/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, connect, expectError, expectOk, startServer, type TestServer, type TestSocket } from "./harness.ts";

let server: TestServer;
let socket: TestSocket;

beforeAll(async () => {
  server = await startServer();
  socket = await connect(server.url);
});

afterAll(async () => {
  socket?.disconnect();
  await server?.close();
});

describe("session:create refuses a challenge with invalid_challenge and its fields", () => {
  it("answers each problem in words with the field it is in, never zod's wording", async () => {
    const challenge = {
      title: "",
      dataset: { name: "line", size: 2 },
      timeLimitSeconds: 6,
    } satisfies ChallengeInput;
    const error = expectError(await call(socket, "session:create", { challenge }), "invalid_challenge");
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

  it("keeps invalid_payload for a payload that is not a challenge's problem, and creates a valid one", async () => {
    const bad = expectError(
      await call(socket, "session:create", { challenge: { dataset: "seed-line" }, instructorKey: "short" }),
      "invalid_payload",
    );
    expect(bad.fields).toBeUndefined();
    expectError(await call(socket, "session:create", 42 as never), "invalid_payload");
    expectOk(await call(socket, "session:create", { challenge: { dataset: "seed-line" } }));
  });

  it("answers a challenge that passes its schema but cannot run as before: invalid_challenge with its reason", async () => {
    const error = expectError(
      await call(socket, "session:create", {
        challenge: { dataset: { name: "line", testFraction: 0 }, scoring: "test" },
      }),
      "invalid_challenge",
    );
    expect(error.message).toMatch(/no test split/);
  });
});
