import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { openStore } from "./openStore.ts";
import { describeStoreContract } from "./storeContract.ts";

const dir = mkdtempSync(join(tmpdir(), "downhill-store-"));
const databaseUrl = `file:${join(dir, "nested", "downhill.db")}`;

describeStoreContract("SQLite", async () => {
  const store = await openStore(databaseUrl);
  return { store, cleanup: () => store.close() };
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});
