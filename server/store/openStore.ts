// Opens the Store a DATABASE_URL names: migrates the database first, then connects Prisma through its driver adapter.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresPrismaClient } from "../../generated/postgresql/client.ts";
import { PrismaClient as SqlitePrismaClient } from "../../generated/sqlite/client.ts";
import { createLogger, type Logger } from "../log.ts";
import { parseDatabaseUrl } from "./databaseUrl.ts";
import { applyMigrations } from "./migrate.ts";
import { connectShared } from "./driverTransaction.ts";
import { PrismaStore } from "./PrismaStore.ts";
import type { Store } from "./Store.ts";

/** How long an SQLite write waits for another connection's lock before failing. */
const SQLITE_BUSY_TIMEOUT_MS = 5_000;

/**
 * `file:<path>` opens (creating it, and its folder, if missing) an SQLite database in WAL mode with
 * synchronous = NORMAL: a committed write survives a killed process. `postgresql://...[?schema=name]`
 * opens PostgreSQL, in the named schema if given. Stored rows that fail the schemas are reported to `logger`.
 */
export async function openStore(databaseUrl: string, logger: Logger = createLogger("error")): Promise<Store> {
  const target = parseDatabaseUrl(databaseUrl);
  await applyMigrations(databaseUrl);
  if (target.provider === "sqlite") {
    const { adapter, driver } = await connectShared(
      new PrismaBetterSQLite3({ url: target.path, timeout: SQLITE_BUSY_TIMEOUT_MS }),
    );
    const prisma = new SqlitePrismaClient({ adapter });
    // PRAGMAs that set a value still answer with a row, so they go through queryRaw. All but journal_mode
    // (stored in the file) are per connection, and the adapter holds exactly one.
    await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await prisma.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
    await prisma.$queryRawUnsafe(`PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    await prisma.$queryRawUnsafe("PRAGMA foreign_keys = ON");
    return new PrismaStore(prisma, logger, driver);
  }
  // search_path also points the raw SQL of appendChunks at the schema; Prisma's own queries name it.
  const { adapter, driver } = await connectShared(
    new PrismaPg(
      {
        connectionString: target.connectionString,
        ...(target.schema === null ? {} : { options: `-c search_path="${target.schema}"` }),
      },
      target.schema === null ? undefined : { schema: target.schema },
    ),
  );
  const prisma = new PostgresPrismaClient({ adapter });
  return new PrismaStore(prisma, logger, driver);
}
