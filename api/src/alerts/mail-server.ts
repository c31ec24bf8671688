// A workspace's own SMTP relay. An MSP's customers should get alert e-mails and invitations from the
// MSP's domain, through a relay that signs for it (SPF, DKIM), not from the platform's SMTP_FROM;
// a customer workspace without a relay of its own uses its nearest MSP parent's, as it does its
// branding, and the platform's SMTP_URL when none has one. The password is sealed at rest and
// never returned; the host is checked as alert channel URLs are (no private or metadata address
// unless ALERTS_ALLOW_PRIVATE_TARGETS), when saved and again on the address each send connects to.
import { isIP } from "node:net";
import { z } from "zod";
import type { AppServices, GraphQLContext } from "../context.ts";
import { type FieldError, NotFoundError, ValidationError } from "../errors.ts";
import { SecretKeyMissingError, SecretOpenError } from "../secrets/secret-box.ts";
import type { MailRelay, MailSecurity } from "./mail-relay.ts";
import { checkTargetHost } from "./target-guard.ts";

export interface MailServerInput {
  workspaceId: string;
  host: string;
  port: number;
  security: MailSecurity;
  username?: string | null;
  /** Left out: the stored one is kept (for the same user name). Null or "": none. */
  password?: string | null;
  fromAddress: string;
}

const MAX_DEPTH = 8;
const HOST_NAME =
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const email = z.email();
const hasControlCharacter = (text: string) =>
  [...text].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
const passwordContext = (workspaceId: string) => `workspace-mail-server:${workspaceId}:password`;

/**
 * Every problem of an input, path by path; pure apart from the host's resolution. Judged on the
 * input alone: a stored password is kept only for the very same server (passwordKept), so one
 * kept over NONE cannot exist.
 */
export async function mailServerProblems(
  input: MailServerInput,
  allowPrivate: boolean,
): Promise<FieldError[]> {
  const problems: FieldError[] = [];
  const at = (field: string, message: string) => problems.push({ path: `input.${field}`, message });
  const host = input.host.trim();
  if (!(HOST_NAME.test(host) || isIP(host))) at("host", "must be a host name or an IP address");
  if (!Number.isInteger(input.port) || input.port < 1 || input.port > 65535) at("port", "must be 1–65535");
  // No control character at all: a NUL would change AUTH PLAIN's identity, CR/LF the dialogue.
  if (input.username != null && (input.username.length > 256 || hasControlCharacter(input.username)))
    at("username", "must be one line of at most 256 printable characters");
  if (input.password != null && input.password.length > 1024)
    at("password", "must be at most 1024 characters");
  if (input.password && !input.username) at("username", "is required with a password");
  // A password is never sent over a connection anyone on the path can read.
  if (input.password && input.security === "NONE")
    at("security", "a password is sent only over TLS or STARTTLS");
  if (input.fromAddress.length > 254 || !email.safeParse(input.fromAddress).success)
    at("fromAddress", "must be an e-mail address such as alerts@example.com");
  if (problems.length === 0) {
    const refused = await checkTargetHost(host, allowPrivate);
    // A relay inside the operator's own network is common; the platform's setting allows it.
    if (refused)
      at(
        "host",
        `${refused} (a relay on a private network needs ALERTS_ALLOW_PRIVATE_TARGETS=true on the API)`,
      );
  }
  return problems;
}

/**
 * Whether a save that sends no password keeps the stored one: only for the very same server,
 * user and security. Kept across a new host, an admin could have the platform hand the password
 * to a server of their own (AUTH on the next test); across weaker security, send it in clear.
 */
export function passwordKept(
  before: { host: string; port: number; security: string; username: string | null } | null,
  after: { host: string; port: number; security: string; username: string | null },
): boolean {
  return (
    before !== null &&
    before.host === after.host &&
    before.port === after.port &&
    before.security === after.security &&
    before.username === after.username
  );
}

/** What the API shows of a stored relay: everything but the password, which is only said to be set. */
export interface MailServerView {
  host: string;
  port: number;
  security: MailSecurity;
  username: string | null;
  passwordSet: boolean;
  fromAddress: string;
  updatedAt: Date;
}

export async function readMailServer(
  ctx: GraphQLContext,
  workspaceId: string,
): Promise<MailServerView | null> {
  const row = await ctx.db.workspaceMailServer.findUnique({ where: { workspaceId } });
  if (!row) return null;
  const { passwordSealed, workspaceId: _id, ...rest } = row;
  return { ...rest, security: rest.security as MailSecurity, passwordSet: passwordSealed !== null };
}

type StoredRow = {
  host: string;
  port: number;
  security: string;
  username: string | null;
  passwordSealed: string | null;
  fromAddress: string;
};

/** A row as the audit log keeps it: no password, only whether one is stored. */
const audited = (r: StoredRow | null | undefined) =>
  r && {
    host: r.host,
    port: r.port,
    security: r.security,
    username: r.username,
    fromAddress: r.fromAddress,
    passwordSet: r.passwordSealed !== null,
  };

export async function setMailServer(ctx: GraphQLContext, input: MailServerInput): Promise<MailServerView> {
  const { workspaceId } = input;
  await ctx.access.require(workspaceId, "alert:manage");
  const username = input.username?.trim() || null;
  const normalised = { ...input, host: input.host.trim().toLowerCase(), username };
  const problems = await mailServerProblems(normalised, ctx.config.alerts.allowPrivateTargets);
  if (problems.length > 0) throw new ValidationError(problems);
  let sealed: string | null = null;
  if (input.password) {
    if (!ctx.secrets.available)
      throw ValidationError.field("input.password", "LEVEE_SECRET_KEY is not set: secrets cannot be stored");
    sealed = ctx.secrets.seal(input.password, passwordContext(workspaceId));
  }
  await ctx.mutate(async (tx, audit) => {
    // Read under its lock, so two saves at once cannot put an old password back over a new one.
    const [before] = await tx.$queryRaw<StoredRow[]>`
      SELECT host, port, security, username, password_sealed AS "passwordSealed", from_address AS "fromAddress"
        FROM workspace_mail_server WHERE workspace_id = ${workspaceId}::uuid FOR UPDATE`;
    const row: StoredRow = {
      host: normalised.host,
      port: input.port,
      security: input.security,
      username,
      passwordSealed: sealed,
      fromAddress: input.fromAddress,
    };
    if (input.password === undefined && before && passwordKept(before, row))
      row.passwordSealed = before.passwordSealed;
    await tx.workspaceMailServer.upsert({
      where: { workspaceId },
      create: { workspaceId, ...row },
      update: row,
    });
    await audit({
      action: "alert.mail-server.set",
      workspaceId,
      target: { type: "Workspace", id: workspaceId },
      summary: {
        before: audited(before) ?? null,
        after: audited(row),
        ...(input.password ? { passwordChanged: true } : {}),
      },
    });
  });
  return (await readMailServer(ctx, workspaceId)) as MailServerView;
}

export async function clearMailServer(ctx: GraphQLContext, workspaceId: string): Promise<void> {
  await ctx.access.require(workspaceId, "alert:manage");
  await ctx.mutate(async (tx, audit) => {
    const before = await tx.workspaceMailServer.findUnique({ where: { workspaceId } });
    if (!before) throw new NotFoundError("mail server");
    await tx.workspaceMailServer.delete({ where: { workspaceId } });
    await audit({
      action: "alert.mail-server.clear",
      workspaceId,
      target: { type: "Workspace", id: workspaceId },
      summary: { before: audited(before) },
    });
  });
}

/** The nearest relay row up the workspace's chain (its own, then each MSP parent's), and whose it is. */
async function nearestRelay(
  services: AppServices,
  workspaceId: string,
): Promise<{ ownerId: string; row: StoredRow } | undefined> {
  let id: string | null = workspaceId;
  for (let depth = 0; id && depth < MAX_DEPTH; depth++) {
    const found: { parentId: string | null; mailServer: StoredRow | null } | null =
      await services.database.prisma.workspace.findUnique({
        where: { id },
        select: { parentId: true, mailServer: true },
      });
    if (found?.mailServer) return { ownerId: id, row: found.mailServer };
    id = found?.parentId ?? null;
  }
  return undefined;
}

/**
 * The relay a workspace's e-mail goes through: its own, else its nearest MSP parent's; undefined
 * when none has one (the platform's SMTP_URL then). A password that no longer opens (the secret
 * key changed without LEVEE_SECRET_KEYS_PREVIOUS) makes the relay unusable, not the delivery
 * stuck: each send through it fails at once, saying to set the password again.
 */
export async function mailRelayFor(
  services: AppServices,
  workspaceId: string,
): Promise<MailRelay | undefined> {
  const found = await nearestRelay(services, workspaceId);
  if (!found) return undefined;
  const { row, ownerId } = found;
  let password: string | null = null;
  let unusable: string | undefined;
  try {
    if (row.passwordSealed) password = services.secrets.open(row.passwordSealed, passwordContext(ownerId));
  } catch (error) {
    if (!(error instanceof SecretOpenError || error instanceof SecretKeyMissingError)) throw error;
    unusable = "the mail server's stored password cannot be opened (LEVEE_SECRET_KEY changed?): set it again";
  }
  return {
    host: row.host,
    port: row.port,
    security: row.security as MailSecurity,
    username: row.username,
    password,
    fromAddress: row.fromAddress,
    inherited: ownerId !== workspaceId,
    ...(unusable && { unusable }),
  };
}

/** Whether a workspace can send e-mail at all: a relay of its own or a parent's, or SMTP_URL. */
export async function canSendMail(services: AppServices, workspaceId: string): Promise<boolean> {
  return (
    services.config.alerts.smtp !== undefined || (await nearestRelay(services, workspaceId)) !== undefined
  );
}

/** What sends a workspace's e-mail, for the dashboard to say so. */
export async function mailRouteOf(
  services: AppServices,
  workspaceId: string,
): Promise<"WORKSPACE" | "PARENT" | "PLATFORM" | "NONE"> {
  const found = await nearestRelay(services, workspaceId);
  if (found) return found.ownerId === workspaceId ? "WORKSPACE" : "PARENT";
  return services.config.alerts.smtp ? "PLATFORM" : "NONE";
}
