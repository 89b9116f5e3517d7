// driverTransaction on a real PostgreSQL server, through Prisma's pg adapter over a real pg pool: a connection whose
// ROLLBACK failed leaves the pool. PostgreSQL is required, unless DOWNHILL_SKIP_POSTGRES=1.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { Prisma } from "../../generated/postgresql/client.ts";
import { driverTransaction } from "./driverTransaction.ts";

const serverUrl = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const skip = process.env.DOWNHILL_SKIP_POSTGRES === "1";

let pool: pg.Pool | null = null;
afterEach(async () => {
  await pool?.end();
  pool = null;
});

/** Whether a query on the pool runs inside a transaction some earlier user left open, and on which connection. */
async function probe(on: pg.Pool): Promise<{ pid: number; inOpenTransaction: boolean }> {
  // Outside a transaction block, now() is this statement's start; inside one, the (earlier) transaction's start.
  const { rows } = await on.query<{ pid: number; in_open_transaction: boolean }>(
    "SELECT pg_backend_pid() AS pid, now() <> statement_timestamp() AS in_open_transaction",
  );
  return { pid: rows[0]!.pid, inOpenTransaction: rows[0]!.in_open_transaction };
}

describe.skipIf(skip)("driverTransaction on PostgreSQL", () => {
  it("closes a connection whose ROLLBACK failed instead of pooling it inside the abandoned transaction", async () => {
    // One connection, and pg's own client-side timeout: a statement still running on the server when it fires
    // fails here, and the ROLLBACK queued behind it on the connection times out in turn, as on a stalled network.
    const timeoutMs = 200;
    const sleepSeconds = 0.8;
    pool = new pg.Pool({ connectionString: serverUrl, max: 1, query_timeout: timeoutMs });
    const driver = await new PrismaPg(pool).connect();
    const before = await probe(pool);
    expect(before.inOpenTransaction).toBe(false);

    await expect(driverTransaction(driver, [Prisma.sql`SELECT pg_sleep(${sleepSeconds})`])).rejects.toThrow();
    // The server finishes the statement, still inside the transaction the failed ROLLBACK never ended.
    await new Promise((resolve) => setTimeout(resolve, sleepSeconds * 1000));

    // The next query gets a fresh connection, in no transaction; the old one was closed, not lent out again.
    const after = await probe(pool);
    expect(after.inOpenTransaction).toBe(false);
    expect(after.pid).not.toBe(before.pid);
    expect(pool.totalCount).toBe(1);
  });
});
