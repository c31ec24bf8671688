import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { appendAudit } from "../audit/audit-recorder.ts";
import { issueToken } from "../auth/credentials.ts";
import type { Database } from "../db/database.ts";

/**
 * Embedded mode (`npm start`) enrols an agent on the machine itself. The API hands the start
 * script a one-time enrolment token for the first workspace through a file only this user can
 * read (LEVEE_LOCAL_AGENT_TOKEN_FILE); the script exchanges it with `levee-agent enroll` and
 * deletes it. Nothing is written when the file already exists or no workspace exists yet.
 */
export async function issueLocalEnrollmentToken(database: Database, file: string): Promise<boolean> {
  if (existsSync(file)) return false;
  const { prisma } = database;
  const workspace = await prisma.workspace.findFirst({ orderBy: { createdAt: "asc" } });
  if (!workspace) return false;
  const { token, prefix, hash } = issueToken("enrollment");
  await prisma.$transaction(async (tx) => {
    const created = await tx.enrollmentToken.create({
      data: {
        workspaceId: workspace.id,
        prefix,
        tokenHash: hash,
        expiresAt: new Date(Date.now() + 10 * 60_000),
      },
    });
    await appendAudit(tx, { type: "SYSTEM", id: null, label: "levee embedded start" }, null, {
      action: "enrollment.create",
      workspaceId: workspace.id,
      target: { type: "EnrollmentToken", id: created.id },
      summary: { after: { prefix, purpose: "local agent of the embedded platform" } },
    });
  });
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, token, { mode: 0o600 });
  return true;
}
