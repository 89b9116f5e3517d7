// The Store contract and the migration runner on PostgreSQL, each run in a fresh schema dropped afterwards.
// PostgreSQL is required: an unreachable server fails this file, unless DOWNHILL_SKIP_POSTGRES=1.
import { randomUUID } from "node:crypto";
import { appendFileSync, cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { applyMigrations, readMigrations } from "./migrate.ts";
import { openStore } from "./openStore.ts";
import { describeFenceContract } from "./fenceContract.ts";
import { describeStoreContract, type OpenedStore } from "./storeContract.ts";

const serverUrl = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const skip = process.env.DOWNHILL_SKIP_POSTGRES === "1";
const schemas: string[] = [];

function freshSchemaUrl(): string {
  const schema = `downhill_test_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  schemas.push(schema);
  const url = new URL(serverUrl);
  url.searchParams.set("schema", schema);
  return url.toString();
}

/** null when the server answers, else why not. */
async function unreachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return null;
  } catch (error) {
    return String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const problem = skip ? null : await unreachable();

if (skip) {
  describe.skip("PostgreSQL store (skipped because DOWNHILL_SKIP_POSTGRES=1)", () => {
    it("needs a PostgreSQL server", () => undefined);
  });
} else if (problem !== null) {
  describe("PostgreSQL store", () => {
    it("needs a reachable PostgreSQL server", () => {
      throw new Error(
        `cannot reach PostgreSQL at ${serverUrl} (${problem}). These tests need a PostgreSQL server whose user may ` +
          "create schemas: start one (e.g. `docker run -e POSTGRES_HOST_AUTH_METHOD=trust -e POSTGRES_DB=test " +
          "-p 5432:5432 postgres:16`), or point TEST_DATABASE_URL at one, or set DOWNHILL_SKIP_POSTGRES=1 to skip them.",
      );
    });
  });
} else {
  afterAll(async () => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    } finally {
      await client.end();
    }
  });

  const storeUrl = freshSchemaUrl();
  const openPostgres = async (): Promise<OpenedStore> => {
    const store = await openStore(storeUrl);
    const schema = new URL(storeUrl).searchParams.get("schema")!;
    return {
      store,
      cleanup: () => store.close(),
      overwrite: async (table, column, id, value) => {
        const client = new pg.Client({ connectionString: serverUrl });
        await client.connect();
        try {
          await client.query(`UPDATE "${schema}"."${table}" SET "${column}" = $1 WHERE "id" = $2`, [value, id]);
        } finally {
          await client.end();
        }
      },
    };
  };
  describeStoreContract("PostgreSQL", openPostgres);
  describeFenceContract("PostgreSQL", openPostgres);

  describe("applyMigrations on PostgreSQL", () => {
    const PG_MIGRATIONS = join(import.meta.dirname, "..", "..", "prisma", "postgresql", "migrations");
    const dir = mkdtempSync(join(tmpdir(), "downhill-pg-migrate-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("applies every migration once, inside the URL's schema: a second run applies nothing", async () => {
      const url = freshSchemaUrl();
      const names = readMigrations(PG_MIGRATIONS).map((migration) => migration.name);
      expect(await applyMigrations(url)).toEqual(names);
      expect(await applyMigrations(url)).toEqual([]);

      const schema = new URL(url).searchParams.get("schema");
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        const { rows } = await client.query<{ table_name: string }>(
          "SELECT table_name FROM information_schema.tables WHERE table_schema = $1",
          [schema],
        );
        expect(rows.map((row) => row.table_name)).toEqual(
          expect.arrayContaining(["Session", "Student", "Run", "RunChunk", "SessionEvent", "downhill_migrations"]),
        );
      } finally {
        await client.end();
      }
    });

    it("refuses to start when an applied migration's file changed", async () => {
      const migrations = join(dir, "edited");
      cpSync(PG_MIGRATIONS, migrations, { recursive: true });
      const url = freshSchemaUrl();
      await applyMigrations(url, { migrationsDir: migrations });
      appendFileSync(join(migrations, "0001_init", "migration.sql"), "\n-- an innocent-looking edit\n");
      await expect(applyMigrations(url, { migrationsDir: migrations })).rejects.toThrow(
        /migration 0001_init changed after it was applied/,
      );
    });
  });
}
