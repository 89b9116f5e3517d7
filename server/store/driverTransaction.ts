// SQL run straight on the driver adapter under Prisma, past its query layer: for a write whose parameter is too
// large for that layer to be cheap. A session's challenge (up to about 1 MB of JSON with an uploaded CSV) costs
// Prisma's query compiler tens of milliseconds of the event loop to carry, and the driver a fraction of that.
import type { SqlDriverAdapterFactory } from "@prisma/client/runtime/client";
import type { Prisma } from "../../generated/sqlite/client.ts";

/** How the adapters type a parameter on its way to the database (driver-adapter-utils' ArgType). */
interface ArgType {
  readonly scalarType: "string" | "int" | "float" | "boolean" | "datetime" | "unknown";
  readonly arity: "scalar";
}

interface DriverQuery {
  readonly sql: string;
  readonly args: unknown[];
  readonly argTypes: ArgType[];
}

/** What driverTransaction uses of a connected adapter; Prisma's SQLite and PostgreSQL adapters both satisfy it. */
export interface Driver {
  readonly provider: string;
  startTransaction(): Promise<DriverTransaction>;
}

interface DriverTransaction {
  /** Whether the adapter ends the transaction itself; if not, COMMIT or ROLLBACK is the caller's to send. */
  readonly options: { readonly usePhantomQuery: boolean };
  executeRaw(query: DriverQuery): Promise<number>;
  commit(): Promise<void>;
  /** Ends the adapter's transaction: on PostgreSQL, returns its connection to the pool for the next query. */
  rollback(): Promise<void>;
}

/** pg's PoolClient, as far as it is used here: released with an error, the pool closes it instead of keeping it. */
interface PooledConnection {
  release(error: Error): void;
}

/**
 * Connects once, and gives Prisma a factory whose every connection is that one, so that Prisma's queries and
 * driverTransaction's share it: SQLite has a single connection, and a second one would wait on the first's locks.
 */
export async function connectShared(factory: SqlDriverAdapterFactory) {
  const driver = await factory.connect();
  const adapter: SqlDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => Promise.resolve(driver),
  };
  return { adapter, driver };
}

/**
 * Runs `statements` (built with Prisma.sql) in one transaction, the way Prisma runs a batch: in the adapter's
 * transaction (on SQLite it holds the adapter's lock, so Prisma's transactions wait for it), then COMMIT; on an
 * error, ROLLBACK and that error. On PostgreSQL a connection whose ROLLBACK failed is closed, not pooled: it may
 * still be inside the transaction, and the next query given it would run there, never committed.
 */
export async function driverTransaction(driver: Driver, statements: readonly Prisma.Sql[]): Promise<void> {
  const transaction = await driver.startTransaction();
  const sendsEnd = !transaction.options.usePhantomQuery;
  try {
    for (const statement of statements) await transaction.executeRaw(queryOf(driver, statement));
    if (sendsEnd) await transaction.executeRaw(bare("COMMIT"));
  } catch (error) {
    // A ROLLBACK that fails must not hide why the transaction failed.
    const rollbackFailure = sendsEnd
      ? await transaction.executeRaw(bare("ROLLBACK")).then(
          () => null,
          (failure: unknown) => (failure instanceof Error ? failure : new Error(String(failure))),
        )
      : null;
    const connection = rollbackFailure === null ? null : pooledConnectionOf(driver, transaction);
    if (rollbackFailure !== null && connection !== null) connection.release(rollbackFailure);
    else await transaction.rollback();
    throw error;
  }
  await transaction.commit();
}

/**
 * The pool's connection a PostgreSQL transaction holds, so that it can be released with an error: Prisma's pg
 * adapter keeps it in the transaction's `client` field, and its `rollback()` releases it as healthy. Null on
 * SQLite, whose transaction holds the adapter's lock and must end with `rollback()`.
 */
function pooledConnectionOf(driver: Driver, transaction: DriverTransaction): PooledConnection | null {
  if (driver.provider !== "postgres" || !("client" in transaction)) return null;
  const { client } = transaction;
  const pooled =
    typeof client === "object" && client !== null && "release" in client && typeof client.release === "function";
  return pooled ? (client as PooledConnection) : null;
}

/** PostgreSQL numbers its placeholders ($1); SQLite takes them in order (?). */
function queryOf(driver: Driver, statement: Prisma.Sql): DriverQuery {
  return {
    sql: driver.provider === "postgres" ? statement.text : statement.sql,
    args: statement.values,
    argTypes: statement.values.map(argType),
  };
}

function bare(sql: string): DriverQuery {
  return { sql, args: [], argTypes: [] };
}

/** A parameter's type, as Prisma's raw queries infer it from the value. */
function argType(value: unknown): ArgType {
  const scalar = (scalarType: ArgType["scalarType"]): ArgType => ({ scalarType, arity: "scalar" });
  if (value === null) return scalar("unknown");
  if (typeof value === "string") return scalar("string");
  if (typeof value === "boolean") return scalar("boolean");
  if (typeof value === "number") return scalar(Number.isInteger(value) ? "int" : "float");
  if (value instanceof Date) return scalar("datetime");
  throw new Error(`driverTransaction takes strings, numbers, booleans, dates and null, not a ${typeof value}`);
}
