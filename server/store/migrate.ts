// Applies prisma/<provider>/migrations/*/migration.sql in name order, each once, each in a transaction.
// We run the SQL ourselves because `prisma migrate deploy` fails on PostgreSQL through a driver adapter
// (prisma/prisma#27403) and the native engines cannot be downloaded here; see prisma/README.md.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import pg from "pg";
import { parseDatabaseUrl } from "./databaseUrl.ts";

export interface Migration {
  /** The folder's name, e.g. "0001_init". */
  readonly name: string;
  readonly sql: string;
  /** SHA-256 (hex) of the SQL, line endings normalized to \n. */
  readonly checksum: string;
}

export interface MigrateOptions {
  /** Defaults to prisma/<provider>/migrations of this repository. */
  readonly migrationsDir?: string;
}

const PRISMA_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "prisma");
/** Any fixed number: serializes concurrent migrators on one PostgreSQL database. */
const PG_LOCK_KEY = 7_357_001;

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS downhill_migrations (
  name TEXT PRIMARY KEY,
  checksum TEXT NOT NULL,
  applied_at TEXT NOT NULL
)`;

/** The migrations found in a folder, sorted by name. */
export function readMigrations(migrationsDir: string): Migration[] {
  if (!existsSync(migrationsDir)) throw new Error(`no migrations folder at ${migrationsDir}`);
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(migrationsDir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(migrationsDir, name, "migration.sql"), "utf8").replace(/\r\n/g, "\n");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/**
 * Brings the database at `databaseUrl` up to date and returns the names of the migrations it applied.
 * Throws, applying nothing, when an applied migration's file changed or disappeared: a database must
 * never silently diverge from the schema the code expects.
 */
export async function applyMigrations(databaseUrl: string, options: MigrateOptions = {}): Promise<string[]> {
  const target = parseDatabaseUrl(databaseUrl);
  const migrations = readMigrations(options.migrationsDir ?? join(PRISMA_DIR, target.provider, "migrations"));
  if (target.provider === "sqlite") return applySqlite(target.path, migrations);
  return applyPostgres(target.connectionString, target.schema, migrations);
}

function applySqlite(path: string, migrations: readonly Migration[]): string[] {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  // foreign_keys stays off (SQLite's default) on this connection: Prisma's scripts that redefine a table rely on
  // it, and their own PRAGMA foreign_keys=OFF is ignored inside our transaction.
  const db = new Database(path, { timeout: 5_000 });
  try {
    db.pragma("journal_mode = WAL");
    db.exec(CREATE_TABLE);
    const select = db.prepare<[], { name: string; checksum: string }>("SELECT name, checksum FROM downhill_migrations");
    const insert = db.prepare("INSERT INTO downhill_migrations (name, checksum, applied_at) VALUES (?, ?, ?)");
    checkApplied(select.all(), migrations);
    const applied: string[] = [];
    for (const migration of migrations) {
      // IMMEDIATE takes the write lock first, so a concurrent migrator waits and then sees our row.
      const apply = db.transaction(() => {
        if (select.all().some((row) => row.name === migration.name)) return false;
        db.exec(migration.sql);
        insert.run(migration.name, migration.checksum, new Date().toISOString());
        return true;
      });
      if (apply.immediate()) applied.push(migration.name);
    }
    return applied;
  } finally {
    db.close();
  }
}

async function applyPostgres(
  connectionString: string,
  schema: string | null,
  migrations: readonly Migration[],
): Promise<string[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PG_LOCK_KEY]);
    try {
      if (schema !== null) {
        await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
        await client.query(`SET search_path TO "${schema}"`);
      }
      await client.query(CREATE_TABLE);
      const { rows } = await client.query<{ name: string; checksum: string }>(
        "SELECT name, checksum FROM downhill_migrations",
      );
      checkApplied(rows, migrations);
      const appliedNames = new Set(rows.map((row) => row.name));
      const applied: string[] = [];
      for (const migration of migrations) {
        if (appliedNames.has(migration.name)) continue;
        await client.query("BEGIN");
        try {
          await client.query(migration.sql);
          await client.query("INSERT INTO downhill_migrations (name, checksum, applied_at) VALUES ($1, $2, $3)", [
            migration.name,
            migration.checksum,
            new Date().toISOString(),
          ]);
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK");
          throw new Error(`migration ${migration.name} failed: ${String(error)}`, { cause: error });
        }
        applied.push(migration.name);
      }
      return applied;
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [PG_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}

function checkApplied(rows: readonly { name: string; checksum: string }[], migrations: readonly Migration[]): void {
  const byName = new Map(migrations.map((migration) => [migration.name, migration]));
  for (const row of rows) {
    const migration = byName.get(row.name);
    if (migration === undefined) {
      throw new Error(
        `the database has migration ${row.name} applied, but this code does not know it: ` +
          "is the code older than the database?",
      );
    }
    if (migration.checksum !== row.checksum) {
      throw new Error(
        `migration ${row.name} changed after it was applied (checksum ${row.checksum.slice(0, 12)}… in the ` +
          `database, ${migration.checksum.slice(0, 12)}… on disk): never edit an applied migration, add a new one`,
      );
    }
  }
}
