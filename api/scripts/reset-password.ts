// `npm run user:reset-password -- --email <address>`: the administrator's way back in for a user when
// the server cannot mail reset links (no SMTP_URL). Opens the database the API would (DATABASE_URL,
// else the embedded data folder: stop the API first, PGlite is one process at a time) and prints a
// single-use link to hand to the user, valid one hour: the same token as a mailed one
// (auth/password-reset.ts), so it voids the user's earlier links and the reset ends every session.
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { appendAudit } from "../src/audit/audit-recorder.ts";
import { createPasswordReset } from "../src/auth/password-reset.ts";
import { resetLink } from "../src/auth/password-reset-mail.ts";
import { ConfigError, loadConfig } from "../src/config.ts";
import { openDatabase } from "../src/db/database.ts";

const USAGE = "usage: npm run user:reset-password -- --email <address>";

let email: string;
try {
  const { values } = parseArgs({ options: { email: { type: "string" } } });
  email = values.email?.trim().toLowerCase() ?? "";
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (!email) {
  console.error(USAGE);
  process.exit(2);
}

let database: Awaited<ReturnType<typeof openDatabase>> | undefined;
try {
  // The web app `npm start` serves is on WEB_PORT, and its API's links follow it
  // (scripts/start-embedded.mjs): so do this one's, unless PUBLIC_WEB_URL says where.
  const config = loadConfig({
    ...process.env,
    ...(!process.env.PUBLIC_WEB_URL && process.env.WEB_PORT
      ? { PUBLIC_WEB_URL: `http://localhost:${process.env.WEB_PORT}` }
      : {}),
  });
  // Opening a folder that is not there would make an empty database, and then fail on its tables.
  if (config.database.kind === "pglite" && !existsSync(config.database.dataDir))
    throw new Error(
      `there is no Levee data folder at ${config.database.dataDir}: run this where the API keeps its data (LEVEE_DATA_DIR), or with its DATABASE_URL`,
    );
  // Not migrated here: the API does that when it starts (or `npm run db:migrate`).
  database = await openDatabase(config.database, { migrate: false });
  const { prisma } = database;
  const user = await prisma.user.findUnique({ where: { email }, select: { id: true, email: true } });
  if (!user) {
    console.error(`No account uses ${email}.`);
    process.exitCode = 1;
  } else {
    const { token, expiresAt } = await prisma.$transaction(async (tx) => {
      const issued = await createPasswordReset(tx, user.id);
      await appendAudit(tx, { type: "SYSTEM", id: null, label: "user:reset-password script" }, null, {
        action: "user.issue-reset-link",
        workspaceId: null,
        target: { type: "User", id: user.id },
      });
      return issued;
    });
    console.log(`Reset link for ${user.email} (single use, until ${expiresAt.toISOString()}):`);
    console.log(resetLink(config.alerts.webUrl, token));
  }
} catch (error) {
  console.error(
    error instanceof ConfigError ? error.message : `reset link not made: ${(error as Error).message}`,
  );
  process.exitCode = 1;
} finally {
  await database?.close();
}
