// Whether the generated Prisma client (api/src/generated) was generated from today's
// prisma/schema.prisma. `npm ci` regenerates it (postinstall), but `git pull` onto an existing
// checkout followed by `npm start` did not: the API then ran a client without the new columns and
// failed on the first query naming one ("Unknown argument accessPasswordHash", seen December 6).
// scripts/prisma-generate.mjs writes the stamp after a successful generate; `npm start` reads it.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** @param {string} root the repository root */
export const schemaFileOf = (root) => join(root, "prisma", "schema.prisma");
/** @param {string} root the repository root */
export const clientFileOf = (root) => join(root, "api", "src", "generated", "prisma", "client.ts");
/** @param {string} root the repository root */
export const stampFileOf = (root) => join(root, "api", "src", "generated", "schema.sha256");

/** @param {string} root */
const schemaDigest = (root) =>
  createHash("sha256")
    .update(readFileSync(schemaFileOf(root)))
    .digest("hex");

/**
 * True when the stamp names today's schema. A missing stamp or client (never generated, or
 * generated before stamps existed) counts as stale: a needless generate costs a few seconds, a
 * stale client costs every query that names a new field.
 * @param {string} root
 */
export function clientIsCurrent(root) {
  try {
    return (
      existsSync(clientFileOf(root)) && readFileSync(stampFileOf(root), "utf8").trim() === schemaDigest(root)
    );
  } catch {
    return false;
  }
}

/** @param {string} root */
export function writeStamp(root) {
  writeFileSync(stampFileOf(root), `${schemaDigest(root)}\n`);
}
