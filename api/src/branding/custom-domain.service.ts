// Custom domains: a workspace claims a host, proves it holds the DNS zone with a TXT record carrying a
// token made for that one claim, and from then on the web app serves the workspace there. A record
// meant for another workspace (another claim's token) never verifies this one.
import { randomBytes } from "node:crypto";
import { appendAudit } from "../audit/audit-recorder.ts";
import type { AppServices, GraphQLContext } from "../context.ts";
import { ConflictError, NotFoundError } from "../errors.ts";
import { workspaceBranding } from "./branding.service.ts";
import { parseCustomHost, verificationRecordName, verificationRecordValue } from "./custom-host.ts";
import type { TxtLookup } from "./dns-txt.ts";
import { recheckDue, recheckOutcome } from "./domain-recheck.ts";
import type { Branding } from "./resolve-branding.ts";

const MAX_DOMAINS = 20;

async function requireDomain(ctx: GraphQLContext, id: string) {
  const domain = await ctx.db.customDomain.findUnique({ where: { id } });
  if (!domain || !(await ctx.access.can(domain.workspaceId, "workspace:read")))
    throw new NotFoundError("custom domain");
  await ctx.access.require(domain.workspaceId, "workspace:update", "custom domain");
  return domain;
}

export async function addCustomDomain(ctx: GraphQLContext, workspaceId: string, input: string) {
  await ctx.access.require(workspaceId, "workspace:update");
  const host = parseCustomHost(input, ctx.config.branding.ownHosts);
  const [verifiedElsewhere, count] = await Promise.all([
    ctx.db.customDomain.findFirst({ where: { host, status: "VERIFIED" }, select: { id: true } }),
    ctx.db.customDomain.count({ where: { workspaceId } }),
  ]);
  // Same answer whoever holds it: whose it is never shows.
  if (verifiedElsewhere) throw new ConflictError("This host is already in use; remove it there first");
  if (count >= MAX_DOMAINS)
    throw new ConflictError(`A workspace may have at most ${MAX_DOMAINS} custom domains`);
  return ctx.mutate(async (tx, audit) => {
    const domain = await tx.customDomain.create({
      data: { workspaceId, host, token: randomBytes(20).toString("hex") },
    });
    await audit({
      action: "custom-domain.add",
      workspaceId,
      target: { type: "CustomDomain", id: domain.id },
      summary: { after: { host } },
    });
    return domain;
  });
}

/** Null when one TXT record at the claim's name is exactly its value; else what is wrong. */
async function txtProblem(
  dnsTxt: TxtLookup,
  domain: { host: string; token: string },
): Promise<string | null> {
  const name = verificationRecordName(domain.host);
  try {
    const records = await dnsTxt(name);
    if (records.includes(verificationRecordValue(domain.token))) return null;
    return records.length === 0
      ? `No TXT record at ${name} yet (DNS changes can take a few minutes)`
      : `The TXT record at ${name} does not hold this domain's token`;
  } catch (error) {
    return `DNS look-up of ${name} failed: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
  }
}

/** Looks the TXT record up now; VERIFIED when one record is exactly this claim's value. */
export async function verifyCustomDomain(ctx: GraphQLContext, id: string) {
  const domain = await requireDomain(ctx, id);
  const problem = await txtProblem(ctx.dnsTxt, domain);
  const now = new Date();
  return ctx
    .mutate(async (tx, audit) => {
      if (problem !== null) {
        // A failed check never un-verifies a host that already works (a DNS hiccup must not take a page down).
        return tx.customDomain.update({ where: { id }, data: { lastCheckedAt: now, lastError: problem } });
      }
      const updated = await tx.customDomain.update({
        where: { id },
        data: {
          status: "VERIFIED",
          verifiedAt: domain.verifiedAt ?? now,
          lastCheckedAt: now,
          lastError: null,
          failedChecks: 0,
        },
      });
      if (domain.status !== "VERIFIED")
        await audit({
          action: "custom-domain.verify",
          workspaceId: domain.workspaceId,
          target: { type: "CustomDomain", id },
          summary: { after: { host: domain.host, status: "VERIFIED" } },
        });
      return updated;
    })
    .catch((error) => {
      if (error instanceof ConflictError)
        throw new ConflictError("This host is already in use; remove it there first");
      throw error;
    });
}

export async function removeCustomDomain(ctx: GraphQLContext, id: string) {
  const domain = await requireDomain(ctx, id);
  await ctx.mutate(async (tx, audit) => {
    await tx.customDomain.delete({ where: { id } });
    await audit({
      action: "custom-domain.remove",
      workspaceId: domain.workspaceId,
      target: { type: "CustomDomain", id },
      summary: { before: { host: domain.host, status: domain.status } },
    });
  });
  return id;
}

/** Public: which workspace a verified host serves, and its look; null for any other host. */
export async function customDomainRoute(
  services: AppServices,
  host: string,
): Promise<{ slug: string; branding: Branding } | null> {
  const canonical = host.trim().toLowerCase().replace(/\.$/, "");
  if (canonical.length === 0 || canonical.length > 253) return null;
  const domain = await services.database.prisma.customDomain.findFirst({
    where: { host: canonical, status: "VERIFIED" },
    select: { workspace: { select: { id: true, slug: true } } },
  });
  if (!domain) return null;
  return { slug: domain.workspace.slug, branding: await workspaceBranding(services, domain.workspace.id) };
}

const RECHECKER = { type: "SYSTEM", id: null, label: "custom domain re-check" } as const;

/**
 * The daily re-check (branding.jobs.ts runs it hourly; each verified domain is looked up once its last
 * check is a day old): the record still there clears the failure count; `recheckFailures` failures in a
 * row put the domain back to PENDING, audited, and the web app stops serving the workspace there.
 */
export async function recheckVerifiedDomains(services: AppServices, now = new Date()) {
  const { prisma } = services.database;
  const verified = await prisma.customDomain.findMany({
    where: { status: "VERIFIED" },
    select: { id: true, workspaceId: true, host: true, token: true, failedChecks: true, lastCheckedAt: true },
  });
  let checked = 0;
  let unverified = 0;
  for (const domain of verified.filter((d) => recheckDue(d.lastCheckedAt, now))) {
    const problem = await txtProblem(services.dnsTxt, domain);
    const outcome = recheckOutcome(domain.failedChecks, problem, services.config.branding.recheckFailures);
    await prisma.$transaction(async (tx) => {
      // Only while still as read (VERIFIED, same last check): a removal or a manual verify
      // meanwhile (which writes lastCheckedAt) wins over this look-up's older answer.
      const { count } = await tx.customDomain.updateMany({
        where: { id: domain.id, status: "VERIFIED", lastCheckedAt: domain.lastCheckedAt },
        data: { ...outcome, lastCheckedAt: now },
      });
      if (count === 1 && outcome.status === "PENDING")
        await appendAudit(tx, RECHECKER, null, {
          action: "custom-domain.unverify",
          workspaceId: domain.workspaceId,
          target: { type: "CustomDomain", id: domain.id },
          summary: { before: { status: "VERIFIED" }, after: { host: domain.host, status: "PENDING" } },
        });
    });
    checked++;
    if (outcome.status === "PENDING") unverified++;
  }
  return { checked, unverified };
}
