// Uploaded logos (white label): a workspace:update member sends the file (GraphQL multipart request); the
// API reads its type from the magic bytes and its size from the header, keeps the bytes in the database
// (one per workspace) and points the workspace's branding logo at `/branding/logo/<sha256>`, which the web
// app serves from `brandingLogo(sha256)`. The logo then resolves and inherits like any other: an MSP's
// uploaded logo is its customers' until they choose their own.
import { createHash } from "node:crypto";
import type { Tx } from "../audit/audit-recorder.ts";
import type { AppServices, GraphQLContext } from "../context.ts";
import { ValidationError } from "../errors.ts";
import { inspectLogo, LogoFormatError } from "./logo-image.ts";

/** The largest logo file accepted (a logo, not a photo). */
export const LOGO_MAX_BYTES = 256 * 1024;
/** The largest width and height accepted, in pixels. */
export const LOGO_MAX_PIXELS = 2048;
/** Where the web app serves an uploaded logo; the hash makes the URL immutable. */
export const LOGO_PATH_PREFIX = "/branding/logo/";

const SHA256 = /^[0-9a-f]{64}$/;

export const logoPathOf = (sha256: string) => `${LOGO_PATH_PREFIX}${sha256}`;

/** The hash of an uploaded logo's URL, or null for any other logo reference. */
export function uploadedLogoHash(logo: string | null | undefined): string | null {
  if (!logo?.startsWith(LOGO_PATH_PREFIX)) return null;
  const hash = logo.slice(LOGO_PATH_PREFIX.length);
  return SHA256.test(hash) ? hash : null;
}

export async function uploadWorkspaceLogo(ctx: GraphQLContext, workspaceId: string, file: File) {
  await ctx.access.require(workspaceId, "workspace:update");
  if (file.size > LOGO_MAX_BYTES)
    throw ValidationError.field(
      "file",
      `is ${file.size} bytes; a logo may be at most ${LOGO_MAX_BYTES / 1024} KiB`,
    );
  const bytes = new Uint8Array(await file.arrayBuffer());
  let info: ReturnType<typeof inspectLogo>;
  try {
    info = inspectLogo(bytes);
  } catch (error) {
    if (error instanceof LogoFormatError) throw ValidationError.field("file", error.message);
    throw error;
  }
  const { width, height, contentType } = info;
  if (width < 1 || height < 1 || width > LOGO_MAX_PIXELS || height > LOGO_MAX_PIXELS)
    throw ValidationError.field(
      "file",
      `is ${width}×${height} pixels; a logo may be at most ${LOGO_MAX_PIXELS}×${LOGO_MAX_PIXELS}`,
    );
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const logo = logoPathOf(sha256);
  await ctx.mutate(async (tx, audit) => {
    const before = await tx.workspaceBranding.findUnique({ where: { workspaceId }, select: { logo: true } });
    const row = { contentType, bytes, sizeBytes: bytes.length, sha256, width, height, createdAt: new Date() };
    await tx.workspaceLogo.upsert({ where: { workspaceId }, create: { workspaceId, ...row }, update: row });
    await tx.workspaceBranding.upsert({
      where: { workspaceId },
      create: { workspaceId, logo },
      update: { logo },
    });
    await audit({
      action: "workspace.logo",
      workspaceId,
      target: { type: "Workspace", id: workspaceId },
      // What was uploaded, never the bytes.
      summary: {
        before: { logo: logoForAudit(before?.logo ?? null) },
        after: { logo, contentType, sizeBytes: bytes.length, sha256, width, height },
      },
    });
  });
  return ctx.db.workspace.findUniqueOrThrow({ where: { id: workspaceId } });
}

/** The audit's view of a logo column: a data: URI is up to 64 KiB, so only whether it is inline. */
export const logoForAudit = (logo: string | null) => (logo?.startsWith("data:") ? "(inline image)" : logo);

/**
 * After the branding's logo column was set (inside the same transaction): the stored upload goes once
 * the logo no longer points at it, so clearing or replacing the logo leaves no bytes behind.
 */
export async function dropUnusedLogo(tx: Tx, workspaceId: string, logo: string | null) {
  const keep = uploadedLogoHash(logo);
  await tx.workspaceLogo.deleteMany({ where: { workspaceId, ...(keep ? { sha256: { not: keep } } : {}) } });
}

/**
 * Public: an uploaded logo by its hash (the web app's `/branding/logo/<sha256>`). The hash is the
 * capability, as the URL is for any hosted logo: only someone shown the logo knows it.
 */
export async function brandingLogoByHash(services: AppServices, sha256: string) {
  if (!SHA256.test(sha256)) return null;
  const row = await services.database.prisma.workspaceLogo.findFirst({
    where: { sha256 },
    select: { contentType: true, bytes: true, sha256: true, width: true, height: true },
  });
  return row && { ...row, base64: Buffer.from(row.bytes).toString("base64") };
}
