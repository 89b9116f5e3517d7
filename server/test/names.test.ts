// A class holds one student per name as people read it: names are normalised, invisible tricks are refused, and
// names that differ only by case, width or a lookalike letter of another script count as one, across a restart.
import { PROTOCOL_VERSION, type ChallengeInput } from "@downhill/core";
import { afterAll, describe, expect, it } from "vitest";
import { call, connect, expectError } from "./clients.ts";
import { serversOnOneDatabase } from "./servers.ts";
import { createSession, joinStudent } from "./sessions.ts";

const CHALLENGE: ChallengeInput = { dataset: "seed-line", model: "linear" };
const { start, closeAll } = serversOnOneDatabase();

async function tryJoin(url: string, code: string, name: string) {
  const socket = await connect(url);
  const reply = await call(socket, "student:join", { code, name, protocolVersion: PROTOCOL_VERSION });
  socket.disconnect();
  return reply;
}

afterAll(closeAll);

describe("student names", () => {
  it("refuses lookalikes of a taken name with name_taken and invisible tricks with a reason, across a restart", async () => {
    const first = await start();
    const host = await createSession(first.url, CHALLENGE);
    const { code, sessionId } = host.created;

    const ada = await joinStudent(first.url, code, "  Ａda ");
    expect(ada.joined.name).toBe("Ada");
    for (const lookalike of ["ada", "ADA", "\u0410da", "\u0391DA", "Ａｄａ"]) {
      expectError(await tryJoin(first.url, code, lookalike), "name_taken");
    }
    for (const hidden of ["Ada\u200B", "\u202Eada", "\u3164"]) {
      const error = expectError(await tryJoin(first.url, code, hidden), "invalid_payload");
      expect(error.message).toMatch(/^student:join: name: a name (may not hold|needs a visible)/);
    }
    // A name of spaces is refused as blank, not as missing: the spaces were typed.
    expect(expectError(await tryJoin(first.url, code, "   "), "invalid_payload").message).toBe(
      "student:join: name: a name of spaces only is blank; type a letter, digit or symbol",
    );
    const al = await joinStudent(first.url, code, "A1");
    expect(expectError(await tryJoin(first.url, code, "al"), "name_taken").message).toContain('"al"');
    expect((await first.store.listStudents(sessionId)).map((student) => student.name)).toEqual(["Ada", "A1"]);

    for (const socket of [host.socket, ada.socket, al.socket]) socket.disconnect();
    await first.close();
    const second = await start();
    // The reloaded session rebuilds the skeletons from the stored names.
    expectError(await tryJoin(second.url, code, "\u0430DA"), "name_taken");
    expectError(await tryJoin(second.url, code, "AI"), "name_taken");
    expect((await tryJoin(second.url, code, "Ben")).ok).toBe(true);
  });
});
