// What leaves the server about students: while names are hidden no channel carries a real one, and the CSV exports
// are safe to open in a spreadsheet.
import type { ChallengeInput, RunConfigInput } from "@downhill/core";
import { describe, expect, it } from "vitest";
import { expectOk, httpGet, waitFor } from "./clients.ts";
import { honestRun, playRun } from "./honestRuns.ts";
import { serverForFile } from "./servers.ts";
import { createSession, joinStudent } from "./sessions.ts";

const CHALLENGE: ChallengeInput = {
  dataset: "seed-line",
  model: "linear",
  epochs: 30,
  lrMin: 0.001,
  lrMax: 1,
};
const CONFIG: RunConfigInput = {
  optimizer: "sgd",
  lr: 0.03,
  epochs: 30,
  batchSize: "full",
};

const server = serverForFile();

/** The fields of one CSV line (RFC 4180 quoting), unquoted. */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  const pattern = /(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g;
  for (const match of line.matchAll(pattern)) fields.push(match[1]?.replaceAll('""', '"') ?? match[2] ?? "");
  return fields;
}

describe("anonymized sessions", () => {
  it("while names are hidden, no broadcast, share link or shared export carries a real name", async () => {
    const host = await createSession(server.url, CHALLENGE);
    const { code, sessionId, shareToken } = host.created;
    const zelda = await joinStudent(server.url, code, "Zelda");
    const quentin = await joinStudent(server.url, code, "Quentin");
    expectOk(await host.command({ type: "anonymize", on: true }));

    const sent: string[] = [];
    for (const socket of [host.socket, zelda.socket, quentin.socket]) {
      socket.onAny((event: string, payload: unknown) => sent.push(`${event} ${JSON.stringify(payload)}`));
    }
    expectOk(await host.command({ type: "start" }));
    expect((await playRun(zelda.socket, honestRun(CHALLENGE, CONFIG))).status).toBe("verified");
    expectOk(await host.command({ type: "kick", studentId: quentin.joined.studentId }));
    await waitFor(host.socket, "roster:update", (roster) =>
      roster.students.some((student) => student.studentId === quentin.joined.studentId && student.kicked),
    );
    await waitFor(host.socket, "leaderboard:update", (board) => board.entries.length === 1);

    expect(sent.length).toBeGreaterThan(0);
    const shared = (file = "") => httpGet(server.url, `/api/sessions/${sessionId}${file}?share=${shareToken}`);
    const channels = [
      ...sent,
      (await shared()).text,
      (await shared("/export.csv")).text,
      (await shared("/curves.csv")).text,
    ];
    for (const text of channels) {
      expect(text).not.toContain("Zelda");
      expect(text).not.toContain("Quentin");
    }
    const results = JSON.parse((await shared()).text) as {
      events: { kind: string; data: { name?: string } }[];
    };
    const named = results.events.flatMap(({ kind, data }) => (data.name === undefined ? [] : [[kind, data.name]]));
    expect(named).toEqual([
      ["joined", "Student 1"],
      ["joined", "Student 2"],
      ["kicked", "Student 2"],
    ]);
    for (const socket of [host.socket, zelda.socket, quentin.socket]) socket.disconnect();
  });
});

describe("CSV exports", () => {
  it("neutralise every text cell a spreadsheet would run as a formula, and keep numbers numbers", async () => {
    const host = await createSession(server.url, CHALLENGE);
    const { code, sessionId, instructorKey } = host.created;
    const names = ['=HYPERLINK("//e.vil")', "@SUM(A1)", "-2+3", "+cmd"];
    const students = [];
    for (const name of names) students.push(await joinStudent(server.url, code, name));
    expectOk(await host.command({ type: "start" }));
    for (const student of students) {
      expect((await playRun(student.socket, honestRun(CHALLENGE, CONFIG))).status).toBe("verified");
    }

    const auth = { headers: { authorization: `Bearer ${instructorKey}` } };
    for (const file of ["export.csv", "curves.csv"]) {
      const csv = await httpGet(server.url, `/api/sessions/${sessionId}/${file}`, auth);
      expect(csv.status).toBe(200);
      const rows = csv.text.trimEnd().split("\r\n").slice(1).map(csvFields);
      expect(rows.length).toBeGreaterThanOrEqual(names.length);
      const studentColumn = rows.map((row) => row[1]!);
      expect(new Set(studentColumn)).toEqual(new Set(names.map((name) => `'${name}`)));
      for (const row of rows) {
        for (const field of row) expect(field, `${file}: ${row.join(" | ")}`).not.toMatch(/^[=+\-@\t\r]/);
      }
      // The loss column holds plain numbers.
      const lossColumn = file === "export.csv" ? 13 : 3;
      for (const row of rows) expect(Number.isFinite(Number(row[lossColumn]))).toBe(true);
    }
    for (const socket of [host.socket, ...students.map((student) => student.socket)]) socket.disconnect();
  });
});
