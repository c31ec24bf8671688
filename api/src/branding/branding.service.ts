// A workspace's look: its own overrides (workspace:update to change), what it resolves to through its MSP
// parents, and the two public reads (by slug for status pages, by host for custom domains), which
// answer the deployment default rather than saying whether a workspace exists.
import type { Tx } from "../audit/audit-recorder.ts";
import type { AppServices, GraphQLContext } from "../context.ts";
import { ValidationError } from "../errors.ts";
import { dropUnusedLogo, logoForAudit } from "./logo.service.ts";
import { type Branding, type BrandingChoice, resolveBranding } from "./resolve-branding.ts";
import { hexColour, isImageReference } from "./theme-file.ts";

const NO_CHOICE: BrandingChoice = { theme: null, accent: null, logo: null, productName: null };
/** MSP chains are short; the bound stops a corrupted parent cycle from looping. */
const MAX_DEPTH = 16;
/** A logo kept inline (uploads of files: logo.service.ts). */
const DATA_IMAGE = /^data:image\/(?:png|svg\+xml|webp|gif|jpeg);base64,[A-Za-z0-9+/]+={0,2}$/;
const MAX_LOGO_CHARS = 64 * 1024;

/** undefined: leave as is; null or "": inherit again. */
export interface BrandingInput {
  theme?: string | null;
  accent?: string | null;
  logo?: string | null;
  productName?: string | null;
}

/** The workspace's own choice, then each ancestor's (nearest first). */
export async function brandingChain(db: AppServices["database"]["prisma"], workspaceId: string) {
  const chain: BrandingChoice[] = [];
  let id: string | null = workspaceId;
  for (let depth = 0; id && depth < MAX_DEPTH; depth++) {
    const row: { parentId: string | null; branding: BrandingChoice | null } | null =
      await db.workspace.findUnique({
        where: { id },
        select: {
          parentId: true,
          branding: { select: { theme: true, accent: true, logo: true, productName: true } },
        },
      });
    if (!row) break;
    chain.push(row.branding ?? NO_CHOICE);
    id = row.parentId;
  }
  return chain;
}

export function defaultBranding(services: AppServices): Branding {
  const { themes, defaultTheme } = services.config.branding.catalog;
  return resolveBranding([], themes, defaultTheme);
}

export async function workspaceBranding(services: AppServices, workspaceId: string): Promise<Branding> {
  const { themes, defaultTheme } = services.config.branding.catalog;
  return resolveBranding(await brandingChain(services.database.prisma, workspaceId), themes, defaultTheme);
}

/** Public: a slug's branding only when its status page is public; anything else is the default. */
export async function publicBrandingBySlug(services: AppServices, slug: string): Promise<Branding> {
  const workspace = await services.database.prisma.workspace.findUnique({
    where: { slug },
    select: { id: true },
  });
  if (workspace && (await services.statusPages.isPublic(services.database.prisma, workspace.id)))
    return workspaceBranding(services, workspace.id);
  return defaultBranding(services);
}

/** Turns input into the stored row's columns, with every problem reported together. */
export function brandingColumns(services: AppServices, input: BrandingInput, path = "input") {
  const problems: { path: string; message: string }[] = [];
  const clear = (v: string | null | undefined) => (v === undefined ? undefined : v?.trim() || null);
  const columns = {
    theme: clear(input.theme),
    accent: clear(input.accent),
    logo: clear(input.logo),
    productName: clear(input.productName),
  };
  if (columns.theme && !services.config.branding.catalog.themes.has(columns.theme))
    problems.push({ path: `${path}.theme`, message: "is not one of this deployment's themes" });
  if (columns.accent && !hexColour.safeParse(columns.accent).success)
    problems.push({ path: `${path}.accent`, message: "must be a hex colour like #1d4ed8 or #fff" });
  if (
    columns.logo &&
    (columns.logo.length > MAX_LOGO_CHARS ||
      !(isImageReference(columns.logo) || DATA_IMAGE.test(columns.logo)))
  )
    problems.push({
      path: `${path}.logo`,
      message: "must be a path under /public, an https:// URL or a base64 data:image URI of at most 64 KiB",
    });
  if (columns.productName && (columns.productName.length > 60 || /[<>\n\r]/.test(columns.productName)))
    problems.push({
      path: `${path}.productName`,
      message: "must be 1–60 characters, without < > or newlines",
    });
  if (problems.length > 0) throw new ValidationError(problems);
  return columns;
}

/** Writes the columns given (inside the caller's transaction) and returns before/after for the audit. */
export async function writeBranding(
  tx: Tx,
  workspaceId: string,
  columns: ReturnType<typeof brandingColumns>,
) {
  const before = await tx.workspaceBranding.findUnique({ where: { workspaceId } });
  const after = await tx.workspaceBranding.upsert({
    where: { workspaceId },
    create: { workspaceId, ...columns },
    update: columns,
  });
  if (columns.logo !== undefined) await dropUnusedLogo(tx, workspaceId, columns.logo);
  const view = (b: BrandingChoice | null) => ({
    theme: b?.theme ?? null,
    accent: b?.accent ?? null,
    // A data: logo can be 64 KiB: the audit says whether it is inline, not its bytes.
    logo: logoForAudit(b?.logo ?? null),
    productName: b?.productName ?? null,
  });
  return { before: view(before), after: view(after) };
}

export async function updateWorkspaceBranding(
  ctx: GraphQLContext,
  workspaceId: string,
  input: BrandingInput,
) {
  await ctx.access.require(workspaceId, "workspace:update");
  const columns = brandingColumns(ctx, input);
  await ctx.mutate(async (tx, audit) => {
    const summary = await writeBranding(tx, workspaceId, columns);
    await audit({
      action: "workspace.branding",
      workspaceId,
      target: { type: "Workspace", id: workspaceId },
      summary,
    });
  });
  return ctx.db.workspace.findUniqueOrThrow({ where: { id: workspaceId } });
}

/**
 * What e-mails and alerts of a workspace say: its product name, and links to its own verified custom
 * domain (its own, else its nearest MSP parent's) rather than the deployment's URL, so a white-labelled
 * tenant's messages name nothing of the platform underneath.
 */
export async function tenantVoice(
  services: AppServices,
  workspaceId: string,
): Promise<{ productName: string; webUrl: string }> {
  const prisma = services.database.prisma;
  const { productName } = await workspaceBranding(services, workspaceId);
  let id: string | null = workspaceId;
  for (let depth = 0; id && depth < MAX_DEPTH; depth++) {
    const row: { parentId: string | null; customDomains: { host: string }[] } | null =
      await prisma.workspace.findUnique({
        where: { id },
        select: {
          parentId: true,
          customDomains: {
            where: { status: "VERIFIED" },
            select: { host: true },
            orderBy: { createdAt: "asc" },
            take: 1,
          },
        },
      });
    const host = row?.customDomains[0]?.host;
    if (host) return { productName, webUrl: `https://${host}` };
    id = row?.parentId ?? null;
  }
  return { productName, webUrl: services.config.alerts.webUrl };
}
