import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll } from "vitest";
import { openStore } from "./openStore.ts";
import { describeFenceContract } from "./fenceContract.ts";
import { describeStoreContract, type OpenedStore } from "./storeContract.ts";

const dir = mkdtempSync(join(tmpdir(), "downhill-store-"));
const databaseUrl = `file:${join(dir, "nested", "downhill.db")}`;

async function openSqlite(): Promise<OpenedStore> {
  const store = await openStore(databaseUrl);
  return {
    store,
    cleanup: () => store.close(),
    overwrite: (table, column, id, value) => {
      const database = new Database(databaseUrl.slice("file:".length));
      try {
        database.prepare(`UPDATE "${table}" SET "${column}" = ? WHERE "id" = ?`).run(value, id);
      } finally {
        database.close();
      }
      return Promise.resolve();
    },
  };
}

describeStoreContract("SQLite", openSqlite);
describeFenceContract("SQLite", openSqlite);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});
