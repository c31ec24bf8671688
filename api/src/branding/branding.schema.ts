import { z } from "zod";
import { guardNodeType, readableScopes } from "../auth/node-guard.ts";
import { builder } from "../builder.ts";
import { mutationErrors } from "../errors.ts";
import { encodeGlobalID, idOf } from "../global-id.ts";
import { WorkspacePayload } from "../workspaces/workspace.schema.ts";
import { publicBrandingBySlug, updateWorkspaceBranding, workspaceBranding } from "./branding.service.ts";
import {
  addCustomDomain,
  customDomainRoute,
  removeCustomDomain,
  verifyCustomDomain,
} from "./custom-domain.service.ts";
import { verificationRecordName, verificationRecordValue } from "./custom-host.ts";
import { createCustomerWorkspace } from "./customer-workspace.service.ts";
import { brandingLogoByHash, LOGO_MAX_BYTES, LOGO_MAX_PIXELS, uploadWorkspaceLogo } from "./logo.service.ts";
import type { Branding } from "./resolve-branding.ts";
import type { Palette } from "./theme-file.ts";

// Public by design (see the public list in api/test/security/scopes.test.ts): what a sign-in page or a
// status page shows anyway — a name, a logo and colours — and nothing else of the workspace.
const PaletteRef = builder.objectRef<Palette>("BrandPalette").implement({
  description: "The colours of one scheme (hex)",
  fields: (t) => ({
    primary: t.exposeString("primary"),
    accent: t.exposeString("accent"),
    background: t.exposeString("background"),
    surface: t.exposeString("surface"),
    text: t.exposeString("text"),
    muted: t.exposeString("muted"),
    success: t.exposeString("success"),
    warning: t.exposeString("warning"),
    danger: t.exposeString("danger"),
  }),
});
const SchemeEnum = builder.enumType("ColorScheme", { values: ["SYSTEM", "LIGHT", "DARK"] as const });

export const BrandingRef = builder.objectRef<Branding>("Branding").implement({
  description: "A resolved look: the workspace's choices, else its MSP parent's, else the deployment's",
  fields: (t) => ({
    theme: t.exposeString("theme", { description: "themes/<theme>.json" }),
    productName: t.exposeString("productName", { description: "Shown in headers, page titles and e-mails" }),
    logo: t.exposeString("logo"),
    favicon: t.exposeString("favicon"),
    scheme: t.field({
      type: SchemeEnum,
      description: "Shown until the viewer picks light or dark",
      resolve: (b) => b.scheme.toUpperCase() as "SYSTEM" | "LIGHT" | "DARK",
    }),
    light: t.field({ type: PaletteRef, resolve: (b) => b.light }),
    dark: t.field({ type: PaletteRef, resolve: (b) => b.dark }),
    fontSans: t.exposeString("fontSans"),
    fontMono: t.exposeString("fontMono"),
    radius: t.exposeString("radius"),
  }),
});

// Public by design, like Branding: the bytes of a logo whose URL a page shows anyway.
const BrandingLogoRef = builder
  .objectRef<{ sha256: string; contentType: string; base64: string; width: number; height: number }>(
    "BrandingLogo",
  )
  .implement({
    description: "An uploaded logo's file, for the web app's /branding/logo/<sha256>",
    fields: (t) => ({
      sha256: t.exposeString("sha256"),
      contentType: t.exposeString("contentType", {
        description: "image/png, image/jpeg, image/webp or image/gif",
      }),
      base64: t.exposeString("base64", { description: "The file, base64" }),
      width: t.exposeInt("width"),
      height: t.exposeInt("height"),
    }),
  });

const CustomDomainRouteRef = builder
  .objectRef<{ slug: string; branding: Branding }>("CustomDomainRoute")
  .implement({
    description: "Which workspace a verified custom domain serves, and its look",
    fields: (t) => ({
      slug: t.exposeString("slug"),
      branding: t.field({ type: BrandingRef, resolve: (r) => r.branding }),
    }),
  });

const ThemeOptionRef = builder.objectRef<{ name: string; productName: string }>("ThemeOption").implement({
  description: "A theme of this deployment (themes/<name>.json)",
  fields: (t) => ({ name: t.exposeString("name"), productName: t.exposeString("productName") }),
});

const BrandingSettingsRef = builder
  .objectRef<{
    theme: string | null;
    accent: string | null;
    logo: string | null;
    productName: string | null;
  }>("BrandingSettings")
  .implement({
    description: "The workspace's own overrides; null inherits (MSP parent, then the deployment default)",
    fields: (t) => ({
      theme: t.exposeString("theme", { nullable: true }),
      accent: t.exposeString("accent", { nullable: true }),
      logo: t.exposeString("logo", { nullable: true }),
      productName: t.exposeString("productName", { nullable: true }),
    }),
  });

const CustomDomainStatusEnum = builder.enumType("CustomDomainStatus", {
  values: ["PENDING", "VERIFIED"] as const,
});

export const CustomDomainRef = builder.prismaNode("CustomDomain", {
  id: { field: "id" },
  authScopes: readableScopes("CustomDomain"),
  description: "A host this workspace serves on once a DNS TXT record proves it holds the zone",
  fields: (t) => ({
    host: t.exposeString("host", { description: "Lower-case, IDNs in punycode" }),
    status: t.field({ type: CustomDomainStatusEnum, resolve: (d) => d.status as "PENDING" | "VERIFIED" }),
    txtName: t.string({
      description: "Where the TXT record goes",
      resolve: (d) => verificationRecordName(d.host),
    }),
    txtValue: t.string({
      description: "The TXT record's value",
      resolve: (d) => verificationRecordValue(d.token),
    }),
    verifiedAt: t.expose("verifiedAt", { type: "DateTime", nullable: true }),
    lastCheckedAt: t.expose("lastCheckedAt", { type: "DateTime", nullable: true }),
    lastError: t.exposeString("lastError", { nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});
guardNodeType("CustomDomain", {
  permission: "workspace:read",
  workspaceOf: (d) => (d as { workspaceId: string }).workspaceId,
});

builder.prismaObjectFields("Workspace", (t) => ({
  branding: t.field({
    type: BrandingRef,
    description: "How this workspace looks, inherited settings resolved",
    resolve: (ws, _args, ctx) => workspaceBranding(ctx, ws.id),
  }),
  brandingSettings: t.field({
    type: BrandingSettingsRef,
    resolve: async (ws, _args, ctx) =>
      (await ctx.db.workspaceBranding.findUnique({ where: { workspaceId: ws.id } })) ?? {
        theme: null,
        accent: null,
        logo: null,
        productName: null,
      },
  }),
  customDomains: t.relation("customDomains", { query: { orderBy: { createdAt: "asc" } } }),
}));

builder.queryFields((t) => ({
  publicBranding: t.field({
    type: BrandingRef,
    description:
      "Public: the look of the workspace with this slug when its status page is public; the deployment's own look for any other slug or none, so the answer never says whether a workspace exists",
    args: { slug: t.arg.string({ required: false }) },
    resolve: (_root, { slug }, ctx) =>
      slug && slug.length <= 64 ? publicBrandingBySlug(ctx, slug) : publicBrandingBySlug(ctx, ""),
  }),
  customDomainRoute: t.field({
    type: CustomDomainRouteRef,
    nullable: true,
    description:
      "Public: the workspace a verified custom domain serves (the web app routes by Host); null for any other host",
    args: { host: t.arg.string({ required: true }) },
    resolve: (_root, { host }, ctx) => customDomainRoute(ctx, host),
  }),
  brandingLogo: t.field({
    type: BrandingLogoRef,
    nullable: true,
    description:
      "Public: an uploaded logo by the hash its URL (/branding/logo/<sha256>) carries; null for any other value",
    args: { sha256: t.arg.string({ required: true }) },
    resolve: (_root, { sha256 }, ctx) => brandingLogoByHash(ctx, sha256),
  }),
  themes: t.field({
    type: [ThemeOptionRef],
    authScopes: { authenticated: true },
    description: "The themes a workspace may pick",
    resolve: (_root, _args, ctx) =>
      [...ctx.config.branding.catalog.themes].map(([name, theme]) => ({ name, productName: theme.name })),
  }),
}));

const BrandingInput = builder.inputType("BrandingInput", {
  description: 'Omit a field to keep it; null or "" inherits it again',
  fields: (t) => ({
    theme: t.string({ required: false }),
    accent: t.string({ required: false, description: "Hex colour replacing the theme's accent" }),
    logo: t.string({
      required: false,
      description: "A path under /public, an https:// URL or a base64 data:image URI (≤ 64 KiB)",
    }),
    productName: t.string({ required: false, description: "1–60 characters; replaces the theme's name" }),
  }),
});
const UpdateWorkspaceBrandingInput = builder.inputType("UpdateWorkspaceBrandingInput", {
  fields: (t) => ({ workspaceId: t.id(), branding: t.field({ type: BrandingInput, required: true }) }),
});
const UploadWorkspaceLogoInput = builder.inputType("UploadWorkspaceLogoInput", {
  fields: (t) => ({ workspaceId: t.id() }),
});
const AddCustomDomainInput = builder.inputType("AddCustomDomainInput", {
  fields: (t) => ({
    workspaceId: t.id(),
    host: t.string({ description: "e.g. status.example.com; IDNs are converted to punycode" }),
  }),
});
const VerifyCustomDomainInput = builder.inputType("VerifyCustomDomainInput", {
  fields: (t) => ({ customDomainId: t.id() }),
});
const RemoveCustomDomainInput = builder.inputType("RemoveCustomDomainInput", {
  fields: (t) => ({ customDomainId: t.id() }),
});
const CreateCustomerWorkspaceInput = builder.inputType("CreateCustomerWorkspaceInput", {
  fields: (t) => ({
    parentWorkspaceId: t.id({ description: "The MSP workspace" }),
    name: t.string({ validate: z.string().trim().min(1, "must not be empty").max(100) }),
    slug: t.string({ description: "URL name: 1–48 lower-case letters, digits or inner hyphens" }),
    branding: t.field({ type: BrandingInput, required: false }),
    statusPage: t.boolean({
      required: false,
      defaultValue: false,
      description: "Turn on its public status page",
    }),
  }),
});

const CustomDomainPayload = builder
  .objectRef<{ customDomain: { id: string } }>("CustomDomainPayload")
  .implement({
    fields: (t) => ({
      customDomain: t.field({ type: CustomDomainRef, resolve: (p) => p.customDomain as never }),
    }),
  });
const RemoveCustomDomainPayload = builder
  .objectRef<{ removedCustomDomainId: string }>("RemoveCustomDomainPayload")
  .implement({ fields: (t) => ({ removedCustomDomainId: t.exposeID("removedCustomDomainId") }) });

builder.mutationFields((t) => ({
  updateWorkspaceBranding: t.field({
    description:
      "Sets the workspace's branding (product name, accent colour, theme, logo; logo: null clears it). Needs workspace:update (ADMIN and OWNER; signed-in members only)",
    type: WorkspacePayload,
    errors: { types: mutationErrors },
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: UpdateWorkspaceBrandingInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      workspace: await updateWorkspaceBranding(ctx, idOf(input.workspaceId, "Workspace"), input.branding),
    }),
  }),
  uploadWorkspaceLogo: t.field({
    type: WorkspacePayload,
    errors: { types: mutationErrors },
    authScopes: { authenticated: true },
    description: `The workspace's logo (and favicon) from a file (GraphQL multipart request): PNG, JPEG, WebP or GIF, at most ${LOGO_MAX_BYTES / 1024} KiB and ${LOGO_MAX_PIXELS}×${LOGO_MAX_PIXELS} px; SVG is refused. Clear it with updateWorkspaceBranding(logo: null)`,
    args: {
      input: t.arg({ type: UploadWorkspaceLogoInput, required: true }),
      file: t.arg({ type: "File", required: true }),
    },
    resolve: async (_root, { input, file }, ctx) => ({
      workspace: await uploadWorkspaceLogo(
        ctx,
        idOf(input.workspaceId, "Workspace", "input.workspaceId"),
        file,
      ),
    }),
  }),
  addCustomDomain: t.field({
    description:
      "Claims a host for the workspace (at most 20): the answer says which TXT record proves the DNS zone is yours; the web app serves the workspace there once verifyCustomDomain finds it. Needs workspace:update (ADMIN and OWNER; signed-in users only)",
    type: CustomDomainPayload,
    errors: { types: mutationErrors },
    authScopes: { user: true },
    args: { input: t.arg({ type: AddCustomDomainInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      customDomain: await addCustomDomain(ctx, idOf(input.workspaceId, "Workspace"), input.host),
    }),
  }),
  verifyCustomDomain: t.field({
    description:
      "Looks the domain's TXT record up now: VERIFIED when one record is exactly this claim's value (a host another workspace verified is CONFLICT). Needs workspace:update (signed-in users only)",
    type: CustomDomainPayload,
    errors: { types: mutationErrors },
    authScopes: { user: true },
    args: { input: t.arg({ type: VerifyCustomDomainInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      customDomain: await verifyCustomDomain(ctx, idOf(input.customDomainId, "CustomDomain")),
    }),
  }),
  removeCustomDomain: t.field({
    description:
      "Gives a custom domain up: the web app stops serving the workspace there. Needs workspace:update (signed-in users only)",
    type: RemoveCustomDomainPayload,
    errors: { types: mutationErrors },
    authScopes: { user: true },
    args: { input: t.arg({ type: RemoveCustomDomainInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      removedCustomDomainId: encodeGlobalID(
        "CustomDomain",
        await removeCustomDomain(ctx, idOf(input.customDomainId, "CustomDomain")),
      ),
    }),
  }),
  createCustomerWorkspace: t.field({
    type: WorkspacePayload,
    errors: { types: mutationErrors },
    authScopes: { user: true },
    description: "MSP: a customer workspace with its own slug, look and status page, in one transaction",
    args: { input: t.arg({ type: CreateCustomerWorkspaceInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      workspace: await createCustomerWorkspace(ctx, {
        parentId: idOf(input.parentWorkspaceId, "Workspace", "input.parentWorkspaceId"),
        name: input.name.trim(),
        slug: input.slug,
        branding: input.branding ?? {},
        statusPage: input.statusPage ?? false,
      }),
    }),
  }),
}));
