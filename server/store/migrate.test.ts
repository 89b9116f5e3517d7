import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { runConfigSchema } from "@downhill/core";
import { afterAll, describe, expect, it } from "vitest";
import { applyMigrations, readMigrations } from "./migrate.ts";
import { openStore } from "./openStore.ts";

const dir = mkdtempSync(join(tmpdir(), "downhill-migrate-"));
const SQLITE_MIGRATIONS = join(import.meta.dirname, "..", "..", "prisma", "sqlite", "migrations");

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function tables(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    const rows = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all();
    return rows.map((row) => row.name).sort();
  } finally {
    db.close();
  }
}

describe("applyMigrations on SQLite", () => {
  it("applies every migration once: a second run applies nothing", async () => {
    const path = join(dir, "twice.db");
    const names = readMigrations(SQLITE_MIGRATIONS).map((migration) => migration.name);
    expect(names[0]).toBe("0001_init");
    expect(await applyMigrations(`file:${path}`)).toEqual(names);
    expect(await applyMigrations(`file:${path}`)).toEqual([]);
    expect(tables(path)).toEqual(
      expect.arrayContaining(["Session", "Student", "Run", "RunChunk", "SessionEvent", "downhill_migrations"]),
    );
  });

  it("applies only the migrations added since the last run, in name order", async () => {
    const migrations = join(dir, "growing");
    cpSync(SQLITE_MIGRATIONS, migrations, { recursive: true });
    const url = `file:${join(dir, "growing.db")}`;
    await applyMigrations(url, { migrationsDir: migrations });
    for (const [name, sql] of [
      ["0003_second", 'ALTER TABLE "Probe" ADD COLUMN "b" INTEGER;'],
      ["0002_first", 'CREATE TABLE "Probe" ("a" INTEGER);'],
    ] as const) {
      mkdirSync(join(migrations, name));
      writeFileSync(join(migrations, name, "migration.sql"), sql);
    }
    expect(await applyMigrations(url, { migrationsDir: migrations })).toEqual(["0002_first", "0003_second"]);
  });

  it("refuses to start when an applied migration's file changed", async () => {
    const migrations = join(dir, "edited");
    cpSync(SQLITE_MIGRATIONS, migrations, { recursive: true });
    const url = `file:${join(dir, "edited.db")}`;
    await applyMigrations(url, { migrationsDir: migrations });
    appendFileSync(join(migrations, "0001_init", "migration.sql"), "\n-- an innocent-looking edit\n");
    await expect(applyMigrations(url, { migrationsDir: migrations })).rejects.toThrow(
      /migration 0001_init changed after it was applied/,
    );
  });

  it("refuses to start when the database has a migration the code does not know", async () => {
    const migrations = join(dir, "shrinking");
    cpSync(SQLITE_MIGRATIONS, migrations, { recursive: true });
    mkdirSync(join(migrations, "0002_extra"));
    writeFileSync(join(migrations, "0002_extra", "migration.sql"), 'CREATE TABLE "Extra" ("a" INTEGER);');
    const url = `file:${join(dir, "shrinking.db")}`;
    await applyMigrations(url, { migrationsDir: migrations });
    rmSync(join(migrations, "0002_extra"), { recursive: true });
    await expect(applyMigrations(url, { migrationsDir: migrations })).rejects.toThrow(/0002_extra applied/);
  });

  it("a failing migration is rolled back whole and not recorded", async () => {
    const migrations = join(dir, "failing");
    cpSync(SQLITE_MIGRATIONS, migrations, { recursive: true });
    mkdirSync(join(migrations, "0002_broken"));
    writeFileSync(join(migrations, "0002_broken", "migration.sql"), 'CREATE TABLE "Half" ("a" INTEGER);\nNOT SQL;');
    const path = join(dir, "failing.db");
    await expect(applyMigrations(`file:${path}`, { migrationsDir: migrations })).rejects.toThrow();
    expect(tables(path)).not.toContain("Half");
    const db = new Database(path, { readonly: true });
    const names = db.prepare<[], { name: string }>("SELECT name FROM downhill_migrations").all();
    db.close();
    expect(names.map((row) => row.name)).toEqual(["0001_init"]);
  });

  it("0002 closes the runs left running in sessions that had ended, and no others", async () => {
    const initOnly = join(dir, "init-only");
    mkdirSync(initOnly);
    cpSync(join(SQLITE_MIGRATIONS, "0001_init"), join(initOnly, "0001_init"), { recursive: true });
    const path = join(dir, "unfinished.db");
    await applyMigrations(`file:${path}`, { migrationsDir: initOnly });
    const db = new Database(path);
    const addSession = db.prepare(
      `INSERT INTO "Session" ("id", "code", "hostTokenHash", "instructorKeyHash", "shareToken", "challenge", "status",
        "createdAt", "endedAt") VALUES (?, ?, 'h', 'k', ?, '{}', ?, 1000, ?)`,
    );
    addSession.run("ended", "AAAAAA", "share-1", "ended", 9000);
    addSession.run("live", "BBBBBB", "share-2", "running", null);
    const addStudent = db.prepare(
      `INSERT INTO "Student" ("id", "sessionId", "name", "tokenHash", "joinedAt") VALUES (?, ?, 'Ada', ?, 2000)`,
    );
    addStudent.run("ada-ended", "ended", "t1");
    addStudent.run("ada-live", "live", "t2");
    const addRun = db.prepare(
      `INSERT INTO "Run" ("id", "sessionId", "studentId", "attempt", "config", "status", "startedAt")
        VALUES (?, ?, ?, ?, '{}', ?, 3000)`,
    );
    addRun.run("stale", "ended", "ada-ended", 1, "running");
    addRun.run("done", "ended", "ada-ended", 2, "verified");
    addRun.run("streaming", "live", "ada-live", 1, "running");
    db.prepare(`INSERT INTO "RunChunk" ("runId", "seq", "fromEpoch", "losses") VALUES ('done', 0, 0, ?)`).run(
      Buffer.from(Float64Array.from([1, 0.5]).buffer),
    );
    db.close();

    expect(await applyMigrations(`file:${path}`)).toEqual([
      "0002_close_runs_of_ended_sessions",
      "0003_run_accuracy",
      "0004_session_fence",
      "0005_run_prediction",
      "0006_session_rounds",
      "0007_test_curves_batch_arrivals",
    ]);
    const after = new Database(path, { readonly: true });
    const runs = after
      .prepare<[], { id: string; status: string; reason: string | null; finishedAt: number | null }>(
        `SELECT "id", "status", "reason", "finishedAt" FROM "Run" ORDER BY "id"`,
      )
      .all();
    after.close();
    expect(runs).toEqual([
      { id: "done", status: "verified", reason: null, finishedAt: null },
      { id: "stale", status: "unfinished", reason: "the round ended before this run was verified", finishedAt: 9000 },
      { id: "streaming", status: "running", reason: null, finishedAt: null },
    ]);
    // 0004 adds the fencing token to the sessions already stored, at 0 (no owner has claimed them yet).
    const fences = new Database(path, { readonly: true });
    expect(fences.prepare(`SELECT "id", "fence" FROM "Session" ORDER BY "id"`).all()).toEqual([
      { id: "ended", fence: 0 },
      { id: "live", fence: 0 },
    ]);
    // 0006 puts the sessions and runs already stored in round 1.
    expect(fences.prepare(`SELECT "id", "round" FROM "Session" ORDER BY "id"`).all()).toEqual([
      { id: "ended", round: 1 },
      { id: "live", round: 1 },
    ]);
    expect(fences.prepare(`SELECT DISTINCT "round" FROM "Run"`).all()).toEqual([{ round: 1 }]);
    fences.close();
    // 0005 adds the runs' predictions: none for the runs stored before it.
    const predictions = new Database(path, { readonly: true });
    expect(predictions.prepare(`SELECT "id", "prediction" FROM "Run" ORDER BY "id"`).all()).toEqual([
      { id: "done", prediction: null },
      { id: "stale", prediction: null },
      { id: "streaming", prediction: null },
    ]);
    // 0007 adds test curves and batch arrival times: none for the runs and batches stored before it.
    expect(predictions.prepare(`SELECT DISTINCT "testLosses" FROM "Run"`).all()).toEqual([{ testLosses: null }]);
    expect(predictions.prepare(`SELECT "runId", "fromEpoch", "receivedAt" FROM "RunChunk"`).all()).toEqual([
      { runId: "done", fromEpoch: 0, receivedAt: null },
    ]);
    predictions.close();
  });

  it("0003 adds the runs' accuracies, null for the runs stored before it", async () => {
    const upTo2 = join(dir, "up-to-0002");
    mkdirSync(upTo2);
    for (const name of ["0001_init", "0002_close_runs_of_ended_sessions"]) {
      cpSync(join(SQLITE_MIGRATIONS, name), join(upTo2, name), { recursive: true });
    }
    const path = join(dir, "accuracy.db");
    await applyMigrations(`file:${path}`, { migrationsDir: upTo2 });
    const db = new Database(path);
    db.prepare(
      `INSERT INTO "Session" ("id", "code", "hostTokenHash", "instructorKeyHash", "shareToken", "challenge", "status",
        "createdAt") VALUES ('s', 'CCCCCC', 'h', 'k', 'share-3', '{}', 'ended', 1000)`,
    ).run();
    db.prepare(
      `INSERT INTO "Student" ("id", "sessionId", "name", "tokenHash", "joinedAt") VALUES ('st', 's', 'Ada', 't3', 2000)`,
    ).run();
    db.prepare(
      `INSERT INTO "Run" ("id", "sessionId", "studentId", "attempt", "config", "status", "startedAt", "trainLoss")
        VALUES ('old', 's', 'st', 1, '{}', 'verified', 3000, 0.25)`,
    ).run();
    db.close();

    // Only up to 0003, so that later migrations do not change what this test reads.
    cpSync(join(SQLITE_MIGRATIONS, "0003_run_accuracy"), join(upTo2, "0003_run_accuracy"), { recursive: true });
    expect(await applyMigrations(`file:${path}`, { migrationsDir: upTo2 })).toEqual(["0003_run_accuracy"]);
    const after = new Database(path, { readonly: true });
    const run = after
      .prepare<[], { trainLoss: number; trainAccuracy: number | null; testAccuracy: number | null }>(
        `SELECT "trainLoss", "trainAccuracy", "testAccuracy" FROM "Run"`,
      )
      .get();
    after.close();
    expect(run).toEqual({ trainLoss: 0.25, trainAccuracy: null, testAccuracy: null });
  });

  it("0007 leaves a run stored before it without a test curve and its batches without an arrival time, read through the store", async () => {
    const upTo6 = join(dir, "up-to-0006");
    mkdirSync(upTo6);
    for (const migration of readMigrations(SQLITE_MIGRATIONS).filter((m) => m.name < "0007")) {
      cpSync(join(SQLITE_MIGRATIONS, migration.name), join(upTo6, migration.name), { recursive: true });
    }
    const path = join(dir, "before-0007.db");
    await applyMigrations(`file:${path}`, { migrationsDir: upTo6 });
    const db = new Database(path);
    db.prepare(
      `INSERT INTO "Session" ("id", "code", "hostTokenHash", "instructorKeyHash", "shareToken", "challenge", "status",
        "createdAt") VALUES ('s', 'DDDDDD', 'h', 'k', 'share-4', '{}', 'ended', 1000)`,
    ).run();
    db.prepare(
      `INSERT INTO "Student" ("id", "sessionId", "name", "tokenHash", "joinedAt") VALUES ('st', 's', 'Ada', 't4', 2000)`,
    ).run();
    const config = runConfigSchema.parse({ optimizer: "sgd", lr: 0.1, epochs: 2, batchSize: "full" });
    db.prepare(
      `INSERT INTO "Run" ("id", "sessionId", "studentId", "attempt", "config", "status", "startedAt", "trainLoss")
        VALUES ('old', 's', 'st', 1, ?, 'verified', 3000, 0.25)`,
    ).run(JSON.stringify(config));
    db.prepare(`INSERT INTO "RunChunk" ("runId", "seq", "fromEpoch", "losses") VALUES ('old', 0, 0, ?)`).run(
      Buffer.from(Float64Array.from([1, 0.5]).buffer),
    );
    db.close();

    // openStore applies 0007 and reads the rows stored before it.
    const store = await openStore(`file:${path}`);
    try {
      expect((await store.listRuns("s")).map((run) => [run.id, run.trainLoss, run.testLosses])).toEqual([
        ["old", 0.25, null],
      ]);
      expect(await store.listChunks("s")).toEqual([
        { runId: "old", seq: 0, fromEpoch: 0, losses: [1, 0.5], receivedAt: null },
      ]);
    } finally {
      await store.close();
    }
  });

  it("openStore leaves the SQLite database in WAL mode, creating its folder", async () => {
    const path = join(dir, "new", "folder", "wal.db");
    const store = await openStore(`file:${path}`);
    await store.close();
    const db = new Database(path, { readonly: true });
    try {
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    } finally {
      db.close();
    }
  });
});

describe("DATABASE_URL", () => {
  it("an unsupported scheme is refused with a message naming it", async () => {
    await expect(openStore("mysql://root@localhost/downhill")).rejects.toThrow(/unsupported scheme "mysql:"/);
  });
});
