// The Prisma CLI's configuration. It runs the JavaScript engine through a driver adapter, because the
// native engines cannot be downloaded on our machines (see prisma/README.md). DATABASE_URL picks the
// provider: a postgres:// or postgresql:// URL selects prisma/postgresql, anything else prisma/sqlite.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";

const url = process.env.DATABASE_URL ?? "file:./data/downhill.db";
const provider = /^postgres(ql)?:\/\//.test(url) ? "postgresql" : "sqlite";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: `prisma/${provider}/schema.prisma`,
  migrations: { path: `prisma/${provider}/migrations` },
  adapter() {
    if (provider === "postgresql") return Promise.resolve(new PrismaPg({ connectionString: url }));
    const path = url.replace(/^file:/, "");
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    return Promise.resolve(new PrismaBetterSQLite3({ url }));
  },
});
