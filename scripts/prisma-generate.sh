#!/bin/sh
# Generates both Prisma clients (generated/sqlite, generated/postgresql). `prisma generate` needs a
# DATABASE_URL of the schema's kind, else it tries to download a query engine; any placeholder will do.
set -e
cd "$(dirname "$0")/.."
DATABASE_URL="file:./data/downhill.db" npx prisma generate --schema prisma/sqlite/schema.prisma
DATABASE_URL="postgresql://placeholder@localhost:5432/placeholder" npx prisma generate --schema prisma/postgresql/schema.prisma
