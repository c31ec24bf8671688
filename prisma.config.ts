import { defineConfig } from "prisma/config";

// Used by `prisma generate` (see scripts/prisma-generate.mjs) and, for operators who
// have Prisma's schema engine, by `prisma migrate deploy` against DATABASE_URL.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
