// What a DATABASE_URL names: an SQLite file or a PostgreSQL database (and schema).

export type DatabaseTarget =
  | { readonly provider: "sqlite"; readonly path: string }
  | {
      readonly provider: "postgresql";
      /** The URL without its `schema` parameter, which node-postgres does not understand. */
      readonly connectionString: string;
      /** From `?schema=`, as Prisma spells it; null means the server's default (public). */
      readonly schema: string | null;
    };

/**
 * Reads `file:<path>` (relative to the working directory) as SQLite and `postgres://` or `postgresql://` as
 * PostgreSQL; anything else is an error naming the URL's scheme.
 */
export function parseDatabaseUrl(databaseUrl: string): DatabaseTarget {
  if (databaseUrl.startsWith("file:")) {
    const path = databaseUrl.slice("file:".length).split("?")[0] ?? "";
    if (path === "") throw new Error("DATABASE_URL: a file: URL needs a path, e.g. file:./data/downhill.db");
    return { provider: "sqlite", path };
  }
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    // Not new URL() bare: its error carries the input, password and all, into whatever prints it.
    if (!URL.canParse(databaseUrl)) throw new Error("DATABASE_URL: not a valid postgresql:// URL");
    const url = new URL(databaseUrl);
    const schema = url.searchParams.get("schema");
    url.searchParams.delete("schema");
    if (schema !== null && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
      throw new Error(`DATABASE_URL: the schema "${schema}" must be a plain identifier (letters, digits, _)`);
    }
    return { provider: "postgresql", connectionString: url.toString(), schema };
  }
  const scheme = databaseUrl.split(":")[0] ?? "";
  throw new Error(
    `DATABASE_URL: unsupported scheme "${scheme}:"; use file:./data/downhill.db (SQLite) or postgresql://user@host/db`,
  );
}
