// Custom domains: a workspace claims a host, proves it holds the DNS zone with a TXT record carrying a
// token made for that one claim, and from then on the web app serves the workspace there. A record
// meant for another workspace (another claim's token) never verifies this one.
import { randomBytes } from "node:crypto";
import type { AppServices, GraphQLContext } from "../context.ts";
import { ConflictError, NotFoundError } from "../errors.ts";
import { workspaceBranding } from "./branding.service.ts";
import { parseCustomHost, verificationRecordName, verificationRecordValue } from "./custom-host.ts";
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

/** Looks the TXT record up now; VERIFIED when one record is exactly this claim's value. */
export async function verifyCustomDomain(ctx: GraphQLContext, id: string) {
  const domain = await requireDomain(ctx, id);
  const name = verificationRecordName(domain.host);
  const expected = verificationRecordValue(domain.token);
  let problem: string | null = null;
  try {
    const records = await ctx.dnsTxt(name);
    if (!records.includes(expected))
      problem =
        records.length === 0
          ? `No TXT record at ${name} yet (DNS changes can take a few minutes)`
          : `The TXT record at ${name} does not hold this domain's token`;
  } catch (error) {
    problem = `DNS look-up of ${name} failed: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
  }
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
