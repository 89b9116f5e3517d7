// A session stored by another version, in a shape this one refuses, is reported with a clear error when it is
// needed, and never crashes the server or keeps the other sessions from resuming.
import Database from "better-sqlite3";
import { PROTOCOL_VERSION, type ChallengeInput } from "@downhill/core";
import { afterEach, describe, expect, it } from "vitest";
import { UNREADABLE_MESSAGE } from "../store/storedShapes.ts";
import { call, connect, expectError, expectOk, httpGet } from "./clients.ts";
import { startServer, tempDatabase, type TestServer } from "./servers.ts";
import { createSession } from "./sessions.ts";

const CHALLENGE: ChallengeInput = { title: "Stored", dataset: "seed-line", model: "linear", epochs: 20 };
const KEY = "stored-instructor-key-0123456789";

const database = tempDatabase();
let server: TestServer | undefined;

afterEach(async () => {
  await server?.close();
  database.remove();
});

describe("sessions read back after a deploy", () => {
  it("a live session whose stored challenge fails the schema is refused with a clear error; the others resume", async () => {
    server = await startServer({ databaseUrl: database.databaseUrl });
    const broken = await createSession(server.url, CHALLENGE, KEY);
    const fine = await createSession(server.url, CHALLENGE, KEY);
    for (const host of [broken, fine]) host.socket.disconnect();
    await server.close();

    // As if an older version had stored it: a field of a type this version does not accept.
    const sqlite = new Database(database.databaseUrl.slice("file:".length));
    const stored = JSON.parse(
      (
        sqlite.prepare(`SELECT challenge FROM "Session" WHERE id = ?`).get(broken.created.sessionId) as {
          challenge: string;
        }
      ).challenge,
    ) as Record<string, unknown>;
    sqlite
      .prepare(`UPDATE "Session" SET challenge = ? WHERE id = ?`)
      .run(JSON.stringify({ ...stored, epochs: "twenty" }), broken.created.sessionId);
    sqlite.close();

    server = await startServer({ databaseUrl: database.databaseUrl });
    expect(server.app.classroom.get(fine.created.sessionId)).toBeDefined();
    expect(server.app.classroom.get(broken.created.sessionId)).toBeUndefined();

    const socket = await connect(server.url);
    const attach = (created: typeof broken.created) =>
      call(socket, "host:attach", {
        code: created.code,
        hostToken: created.hostToken,
        protocolVersion: PROTOCOL_VERSION,
      });
    expect(expectError(await attach(broken.created), "internal").message).toBe(UNREADABLE_MESSAGE);
    const join = { code: broken.created.code, name: "Ada", protocolVersion: PROTOCOL_VERSION };
    expect(expectError(await call(socket, "student:join", join), "internal").message).toBe(UNREADABLE_MESSAGE);
    expectOk(await attach(fine.created));

    const results = await httpGet(server.url, `/api/sessions/${broken.created.sessionId}`, {
      headers: { authorization: `Bearer ${KEY}` },
    });
    expect(results.status).toBe(500);
    expect(JSON.parse(results.text)).toEqual({ error: { code: "internal", message: UNREADABLE_MESSAGE } });
    socket.disconnect();
  });
});
